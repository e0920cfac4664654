// The one place a function verifies a JWT, as Supabase recommends now that
// functions run with verify_jwt = false (config.toml) and projects sign
// sessions with asymmetric keys:
//   - ES256 (or RS256) session tokens against the project's JSON Web Key Set:
//     SUPABASE_JWKS (the set the platform injects inline) first, else the
//     project's /auth/v1/.well-known/jwks.json, fetched once, cached, and
//     fetched again when a token names a `kid` the cached set lacks (a key
//     rotation), at most every 5 s;
//   - legacy HS256 tokens only where LEGACY_JWT_SECRET is set (a project that
//     still signs with its JWT secret; hosted Supabase never injects it, so an
//     operator sets it with `supabase secrets set`).
// Expiry and not-before are checked by jose. Nothing reads a claim of a token
// that did not pass here.

// a full npm: specifier, like db.ts: functions deploy unchanged to hosted Supabase, where no import map applies
// deno-lint-ignore no-import-prefix
import * as jose from "npm:jose@6.2.18";
import { env } from "./env.ts";
import { HttpError } from "./json.ts";

export type VerifiedClaims = jose.JWTPayload & { role?: unknown; is_anonymous?: unknown };

const ASYMMETRIC = ["ES256", "RS256"];
/** Least time between two fetches of the JWKS endpoint: a flood of unknown kids cannot make it a flood of fetches. */
export const JWKS_REFETCH_COOLDOWN_MS = 5_000;
type KeyResolver = (header: jose.JWTHeaderParameters) => Promise<CryptoKey>;

let resolver: { source: string; resolve: KeyResolver } | null = null;

function jwksUrl(supabaseUrl: string): URL {
  return new URL(`${supabaseUrl.replace(/\/+$/, "")}/auth/v1/.well-known/jwks.json`);
}

/** The key for a token's `kid`: the inline set, then the project's endpoint (refreshed on an unknown kid). */
function keyResolver(): KeyResolver {
  const inline = env("SUPABASE_JWKS");
  const url = env("SUPABASE_URL");
  const source = `${inline ?? ""}\n${url ?? ""}`;
  if (resolver?.source === source) return resolver.resolve;
  let local: ReturnType<typeof jose.createLocalJWKSet> | null = null;
  try {
    if (inline) local = jose.createLocalJWKSet(JSON.parse(inline));
  } catch {
    local = null; // an unreadable SUPABASE_JWKS: the endpoint is the source of truth
  }
  const remote = url
    ? jose.createRemoteJWKSet(jwksUrl(url), { cooldownDuration: JWKS_REFETCH_COOLDOWN_MS, cacheMaxAge: 600_000 })
    : null;
  const resolve: KeyResolver = async (header) => {
    if (local) {
      try {
        return await local(header) as CryptoKey;
      } catch (error) {
        if (!(error instanceof jose.errors.JWKSNoMatchingKey) || !remote) throw error;
      }
    }
    if (!remote) throw new jose.errors.JWKSNoMatchingKey();
    return await remote(header) as CryptoKey;
  };
  resolver = { source, resolve };
  return resolve;
}

function invalid(reason: string): HttpError {
  return new HttpError(401, "invalid_jwt", `invalid JWT: ${reason}`);
}

/**
 * The claims of a session token once its signature, algorithm and lifetime
 * are verified; a 401 HttpError (code invalid_jwt) otherwise.
 */
export async function verifySessionToken(token: string): Promise<VerifiedClaims> {
  let header: jose.JWTHeaderParameters;
  try {
    header = jose.decodeProtectedHeader(token) as jose.JWTHeaderParameters;
  } catch {
    throw invalid("not a JWT");
  }
  try {
    if (header.alg === "HS256") {
      const secret = env("LEGACY_JWT_SECRET");
      if (!secret) throw invalid("HS256 tokens are not accepted: this project verifies its signing keys (JWKS)");
      return (await jose.jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ["HS256"] })).payload;
    }
    if (!ASYMMETRIC.includes(header.alg ?? "")) throw invalid(`algorithm ${header.alg} is not accepted`);
    const resolve = keyResolver();
    return (await jose.jwtVerify(token, (protectedHeader) => resolve(protectedHeader), { algorithms: ASYMMETRIC }))
      .payload;
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (error instanceof jose.errors.JWKSTimeout) {
      throw new HttpError(503, "jwks_unavailable", "the project's signing keys could not be fetched; try again");
    }
    if (error instanceof jose.errors.JWTExpired) throw invalid("the token has expired");
    if (error instanceof jose.errors.JWKSNoMatchingKey) throw invalid("no signing key of this project has its kid");
    if (error instanceof jose.errors.JOSEError) throw invalid("the signature or claims do not verify");
    throw error; // the JWKS endpoint unreachable and the like: a 500, not the caller's fault
  }
}
