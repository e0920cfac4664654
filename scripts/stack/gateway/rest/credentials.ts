// Who is calling: the API-key gate Supabase's gateway puts in front of
// /rest/v1 and /auth/v1, then the role PostgREST takes from the JWT.
//
// The gateway accepts only the project's own keys in `apikey` (header or
// query parameter): the publishable and secret keys, and the legacy anon and
// service-role JWTs; it answers as Supabase does when the key is missing or
// wrong. A publishable or secret key as the bearer (supabase-js sends the key
// as Bearer when nobody is signed in) stands for its role, anon or
// service_role, as the hosted gateway maps it. PostgREST then verifies the
// bearer JWT (Authorization, else the apikey): ES256 sessions against the
// stack's JWKS, legacy HS256 tokens with the project secret, and checks
// exp/nbf/iat with its 30 s of allowed clock skew. Verified tokens are cached until they expire, so the
// per-request cost of a known token is one map lookup.

import { ANON_KEY, SERVICE_ROLE_KEY } from "../../config.ts";
import { JwtError, verifyJwt } from "../../jwt.ts";
import { apiKeyClaims, PUBLISHABLE_KEY, SECRET_KEY } from "../../keys.ts";
import { PgrstError } from "./errors.ts";

const PROJECT_KEYS = new Set([PUBLISHABLE_KEY, SECRET_KEY, ANON_KEY, SERVICE_ROLE_KEY]);

/** The gateway's answer when the request carries no usable API key, else null. */
export function apiKeyRejection(request: Request, url: URL): Response | null {
  const key = request.headers.get("apikey") ?? url.searchParams.get("apikey");
  if (key === null || key === "") {
    return Response.json(
      { message: "No API key found in request", hint: "No apikey request header or url param was found." },
      { status: 401 },
    );
  }
  if (!PROJECT_KEYS.has(key)) {
    return Response.json(
      { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." },
      { status: 401 },
    );
  }
  return null;
}

export interface Caller {
  /** database role the request runs as */
  role: string;
  /** claims as request.jwt.claims, with role filled in as PostgREST does */
  claimsJson: string;
  claims: Record<string, unknown>;
  /** a role other than anon: RLS refusals answer 403 instead of 401 */
  authenticated: boolean;
  /** the verified token, when there was one */
  token: string | null;
}

const ALLOWED_SKEW_SECONDS = 30;
const CACHE_LIMIT = 20_000;

interface CachedToken {
  caller: Caller;
  exp: number | null;
}

const verifiedTokens = new Map<string, CachedToken>();

function jwtRejection(code: "PGRST301" | "PGRST303", message: string, details: string | null = null): PgrstError {
  return new PgrstError(401, code, message, details, null, {
    "WWW-Authenticate": `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`,
  });
}

function checkTimeClaims(claims: Record<string, unknown>, now: number): void {
  const numeric = (name: string, message: string) => {
    const value = claims[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== "number") throw jwtRejection("PGRST303", message);
    return value;
  };
  const exp = numeric("exp", "The JWT 'exp' claim must be a number");
  const nbf = numeric("nbf", "The JWT 'nbf' claim must be a number");
  const iat = numeric("iat", "The JWT 'iat' claim must be a number");
  if (exp !== null && exp < now - ALLOWED_SKEW_SECONDS) throw jwtRejection("PGRST303", "JWT expired");
  if (nbf !== null && nbf > now + ALLOWED_SKEW_SECONDS) throw jwtRejection("PGRST303", "JWT not yet valid");
  if (iat !== null && iat > now + ALLOWED_SKEW_SECONDS) throw jwtRejection("PGRST303", "JWT issued at future");
}

function partCount(token: string): number {
  return token.split(".").length;
}

/** Verifies the bearer token and returns the caller, or throws PGRST301/PGRST303. */
export async function callerFromToken(token: string, secret: string): Promise<Caller> {
  const now = Math.floor(Date.now() / 1000);
  const cached = verifiedTokens.get(token);
  if (cached) {
    if (cached.exp !== null && cached.exp < now - ALLOWED_SKEW_SECONDS) {
      verifiedTokens.delete(token);
      throw jwtRejection("PGRST303", "JWT expired");
    }
    return cached.caller;
  }
  if (token === "") throw jwtRejection("PGRST301", "Empty JWT is sent in Authorization header");
  const keyClaims = apiKeyClaims(token);
  if (keyClaims) return callerWithClaims(keyClaims, token);
  const parts = partCount(token);
  if (parts !== 3) throw jwtRejection("PGRST301", `Expected 3 parts in JWT; got ${parts}`);
  let claims: Record<string, unknown>;
  try {
    // expiry is checked below with PostgREST's skew, so verify as of the epoch
    claims = await verifyJwt(token, secret, 0);
  } catch (error) {
    if (error instanceof JwtError) {
      if (error.reason === "algorithm") throw jwtRejection("PGRST301", "Wrong or unsupported encoding algorithm");
      if (error.reason === "signature") {
        throw jwtRejection(
          "PGRST301",
          "No suitable key or wrong key type",
          "None of the keys was able to decode the JWT",
        );
      }
      throw jwtRejection("PGRST301", "JWT cryptographic operation failed");
    }
    throw error;
  }
  checkTimeClaims(claims, now);
  const caller = callerWithClaims(claims, token);
  if (verifiedTokens.size >= CACHE_LIMIT) {
    // drop the oldest tenth; Map iterates in insertion order
    let drop = CACHE_LIMIT / 10;
    for (const key of verifiedTokens.keys()) {
      verifiedTokens.delete(key);
      if (--drop <= 0) break;
    }
  }
  verifiedTokens.set(token, { caller, exp: typeof claims.exp === "number" ? claims.exp : null });
  return caller;
}

function callerWithClaims(claims: Record<string, unknown>, token: string): Caller {
  const rawRole = claims.role;
  const role = rawRole === undefined || rawRole === null
    ? "anon"
    : typeof rawRole === "string"
    ? rawRole
    : JSON.stringify(rawRole);
  const withRole = { ...claims, role };
  return { role, claims: withRole, claimsJson: JSON.stringify(withRole), authenticated: role !== "anon", token };
}

/** The bearer token of a request: Authorization: Bearer ..., else the apikey. */
export function bearerToken(request: Request, url: URL): string | null {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^bearer\s*(.*)$/i.exec(authorization.trim());
    if (match) return match[1].trim();
  }
  return request.headers.get("apikey") ?? url.searchParams.get("apikey");
}

/** PostgREST's caller for a request; anon when no token at all. */
export async function resolveCaller(request: Request, url: URL, secret: string): Promise<Caller> {
  const token = bearerToken(request, url);
  if (token === null) {
    return { role: "anon", claims: { role: "anon" }, claimsJson: '{"role":"anon"}', authenticated: false, token: null };
  }
  return await callerFromToken(token, secret);
}
