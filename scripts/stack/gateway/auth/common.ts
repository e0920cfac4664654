// What every /auth/v1 endpoint shares: GoTrue's error shapes and API-version
// header, the JSON body reader, email and password checks, the caller's
// address for the rate limits, and the bearer token's user and session.

import { API_URL } from "../../config.ts";
import { JwtError, verifyJwt } from "../../jwt.ts";
import type { Sql } from "../context.ts";
import { type ProjectConfig } from "../rest/project_config.ts";
import { readLimitedBody } from "../rest/mod.ts";
import { clientAddress } from "../forwarded.ts";
import { AuthRateLimiter, type RateLimitName } from "./rate_limit.ts";
import { findUserById, type TokenSettings, type UserRow } from "./store.ts";

export const API_VERSION_HEADER = "X-Supabase-Api-Version";
const API_VERSION_2024 = "2024-01-01";
const MAX_BODY_BYTES = 64 * 1024;

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** OAuth2-style errors GoTrue answers on /token for malformed grants. */
export class OAuthError extends Error {
  constructor(readonly error: string, readonly description: string) {
    super(description);
  }
}

/** What the auth endpoints need: the signing secret, the auth schema's connection, [auth] settings, the limits. */
export interface AuthEnv {
  jwtSecret: string;
  adminSql: Sql;
  config: ProjectConfig["auth"];
  limiter: AuthRateLimiter;
}

export interface Client {
  userAgent: string | null;
  ip: string | null;
}

export function requestApiVersion(request: Request): string | null {
  const value = request.headers.get(API_VERSION_HEADER);
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= API_VERSION_2024 ? API_VERSION_2024 : null;
}

export function jsonResponse(status: number, body: unknown, version: string | null): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (version) headers[API_VERSION_HEADER] = version;
  return new Response(JSON.stringify(body), { status, headers });
}

export function errorResponse(error: AuthError, version: string | null): Response {
  if (version) return jsonResponse(error.status, { code: error.code, message: error.message, ...error.extra }, version);
  return jsonResponse(
    error.status,
    { code: error.status, error_code: error.code, msg: error.message, ...error.extra },
    null,
  );
}

export function tokenSettings(ctx: AuthEnv): TokenSettings {
  return { secret: ctx.jwtSecret, issuer: `${API_URL}/auth/v1`, expirySeconds: ctx.config.jwtExpiry };
}

export async function readJson(request: Request): Promise<Record<string, unknown>> {
  // streamed with a byte limit: a chunked body with no Content-Length is refused once it passes it, not after
  const text = await readLimitedBody(
    request,
    MAX_BODY_BYTES,
    () => new AuthError(413, "request_too_large", "Request body is too large"),
  );
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AuthError(400, "bad_json", `Could not parse request body as JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AuthError(400, "bad_json", "Could not parse request body as JSON: expected an object");
  }
  return value as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") {
    throw new AuthError(400, "bad_json", `Could not parse request body as JSON: ${key} must be a string`);
  }
  return value;
}

const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export function validEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > 255 || !EMAIL_PATTERN.test(trimmed)) {
    throw new AuthError(400, "validation_failed", "Unable to validate email address: invalid format");
  }
  return trimmed.toLowerCase();
}

export function checkPasswordStrength(password: string, minimum: number): void {
  if ([...password].length < minimum) {
    throw new AuthError(422, "weak_password", `Password should be at least ${minimum} characters.`, {
      weak_password: { reasons: ["length"] },
    });
  }
}

/** One request against a [auth.rate_limit] limit of the client's address; 429 over_request_rate_limit past it. */
export function rateLimit(ctx: AuthEnv, name: RateLimitName, client: Client): void {
  if (!ctx.limiter.take(name, client.ip)) {
    throw new AuthError(429, "over_request_rate_limit", "Request rate limit reached");
  }
}

export function clientOf(request: Request, info: Deno.ServeHandlerInfo): Client {
  // the socket's peer, or what a trusted proxy vouches for; never a client's own header
  const address = clientAddress(request, info);
  const ip = address && /^[0-9a-fA-F:.]+$/.test(address) ? address : null;
  return { userAgent: request.headers.get("user-agent"), ip };
}

/** The caller's user and session from the bearer token, as GoTrue's requireAuthentication. */
export async function authenticate(
  request: Request,
  ctx: AuthEnv,
): Promise<{ user: UserRow; sessionId: string | null }> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  let claims: Record<string, unknown>;
  try {
    claims = await verifyJwt(match[1], ctx.jwtSecret);
  } catch (error) {
    const reason = error instanceof JwtError
      ? error.reason === "expired"
        ? "token has invalid claims: token is expired"
        : error.reason === "signature"
        ? "token signature is invalid: signature is invalid"
        : error.reason === "algorithm"
        ? "token is unverifiable: signing method is invalid"
        : "token is malformed: could not base64 decode or parse the token"
      : String(error);
    throw new AuthError(403, "bad_jwt", `invalid JWT: unable to parse or verify signature, ${reason}`);
  }
  const sub = typeof claims.sub === "string" ? claims.sub : "";
  if (sub === "") throw new AuthError(403, "bad_jwt", "invalid claim: missing sub claim");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub)) {
    throw new AuthError(400, "bad_jwt", "invalid claim: sub claim must be a UUID");
  }
  const sessionId = typeof claims.session_id === "string" ? claims.session_id : null;
  if (sessionId !== null) {
    const sessions = await ctx.adminSql.unsafe(
      `select 1 from auth.sessions where id = $1::uuid and user_id = $2::uuid and (not_after is null or not_after > now())`,
      [sessionId, sub],
    ).catch(() => []);
    if (sessions.length === 0) {
      throw new AuthError(403, "session_not_found", "Session from session_id claim in JWT does not exist");
    }
  }
  const user = await findUserById(ctx.adminSql, sub);
  if (!user) throw new AuthError(403, "user_not_found", "User from sub claim in JWT does not exist");
  return { user, sessionId };
}
