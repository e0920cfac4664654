// /auth/v1: GoTrue as auth-js 2.x speaks to it, for what TheSet uses.
//
//   POST /signup                          anonymous (no email/phone) or email + password
//   POST /token?grant_type=password       email + password sign-in
//   POST /token?grant_type=refresh_token  refresh-token rotation with reuse detection
//   GET  /user    PUT /user               the caller's user; update it (guest -> account)
//   POST /logout?scope=global|local|others
//   GET  /health  GET /settings
//   /admin/users (service_role): create, list, get, update, delete
//
// Behaviour follows supabase/config.toml [auth]: enable_signup,
// enable_anonymous_sign_ins, minimum_password_length, jwt_expiry,
// enable_refresh_token_rotation, refresh_token_reuse_interval and
// [auth.email] enable_confirmations. Errors are GoTrue's: {code, message} and
// the X-Supabase-Api-Version header for clients that send 2024-01-01 (as
// auth-js does), {code: <status>, error_code, msg} for older clients.

import { API_URL } from "../../config.ts";
import { JwtError, verifyJwt } from "../../jwt.ts";
import { apiKeyClaims, jwks } from "../../keys.ts";
import type { GatewayContext, Sql } from "../context.ts";
import { apiKeyRejection } from "../rest/credentials.ts";
import { type ProjectConfig, projectConfig } from "../rest/project_config.ts";
import { readLimitedBody } from "../rest/mod.ts";
import { clientAddress } from "../forwarded.ts";
import { AuthRateLimiter, type RateLimitName } from "./rate_limit.ts";
import {
  createSession,
  findUserByEmail,
  findUserById,
  identitiesOf,
  INSTANCE_ID,
  newRefreshToken,
  sessionJson,
  type TokenSettings,
  type Tx,
  userJson,
  type UserRow,
} from "./store.ts";

const API_VERSION_HEADER = "X-Supabase-Api-Version";
const API_VERSION_2024 = "2024-01-01";
const MAX_BODY_BYTES = 64 * 1024;

class AuthError extends Error {
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
class OAuthError extends Error {
  constructor(readonly error: string, readonly description: string) {
    super(description);
  }
}

/** What the auth endpoints need: the signing secret, the auth schema's connection, [auth] settings, the limits. */
interface AuthEnv {
  jwtSecret: string;
  adminSql: Sql;
  config: ProjectConfig["auth"];
  limiter: AuthRateLimiter;
}

interface Client {
  userAgent: string | null;
  ip: string | null;
}

function requestApiVersion(request: Request): string | null {
  const value = request.headers.get(API_VERSION_HEADER);
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= API_VERSION_2024 ? API_VERSION_2024 : null;
}

function jsonResponse(status: number, body: unknown, version: string | null): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (version) headers[API_VERSION_HEADER] = version;
  return new Response(JSON.stringify(body), { status, headers });
}

function errorResponse(error: AuthError, version: string | null): Response {
  if (version) return jsonResponse(error.status, { code: error.code, message: error.message, ...error.extra }, version);
  return jsonResponse(
    error.status,
    { code: error.status, error_code: error.code, msg: error.message, ...error.extra },
    null,
  );
}

function tokenSettings(ctx: AuthEnv): TokenSettings {
  return { secret: ctx.jwtSecret, issuer: `${API_URL}/auth/v1`, expirySeconds: ctx.config.jwtExpiry };
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
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

function optionalString(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") {
    throw new AuthError(400, "bad_json", `Could not parse request body as JSON: ${key} must be a string`);
  }
  return value;
}

const EMAIL_PATTERN =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

function validEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > 255 || !EMAIL_PATTERN.test(trimmed)) {
    throw new AuthError(400, "validation_failed", "Unable to validate email address: invalid format");
  }
  return trimmed.toLowerCase();
}

function checkPasswordStrength(password: string, minimum: number): void {
  if ([...password].length < minimum) {
    throw new AuthError(422, "weak_password", `Password should be at least ${minimum} characters.`, {
      weak_password: { reasons: ["length"] },
    });
  }
}

/** One request against a [auth.rate_limit] limit of the client's address; 429 over_request_rate_limit past it. */
function rateLimit(ctx: AuthEnv, name: RateLimitName, client: Client): void {
  if (!ctx.limiter.take(name, client.ip)) {
    throw new AuthError(429, "over_request_rate_limit", "Request rate limit reached");
  }
}

function clientOf(request: Request, info: Deno.ServeHandlerInfo): Client {
  // the socket's peer, or what a trusted proxy vouches for; never a client's own header
  const address = clientAddress(request, info);
  const ip = address && /^[0-9a-fA-F:.]+$/.test(address) ? address : null;
  return { userAgent: request.headers.get("user-agent"), ip };
}

/** The caller's user and session from the bearer token, as GoTrue's requireAuthentication. */
async function authenticate(
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

// ---------------------------------------------------------------------------
// endpoints
// ---------------------------------------------------------------------------

async function signup(request: Request, ctx: AuthEnv, client: Client) {
  const config = ctx.config;
  const body = await readJson(request);
  const email = optionalString(body, "email");
  const phone = optionalString(body, "phone");
  const password = optionalString(body, "password");
  const data = typeof body.data === "object" && body.data !== null && !Array.isArray(body.data)
    ? body.data as Record<string, unknown>
    : {};
  rateLimit(ctx, email === null && phone === null ? "anonymous_users" : "sign_in_sign_ups", client);
  if (!config.enableSignup) throw new AuthError(422, "signup_disabled", "Signups not allowed for this instance");

  if (email === null && phone === null) {
    if (!config.enableAnonymousSignIns) {
      throw new AuthError(422, "anonymous_provider_disabled", "Anonymous sign-ins are disabled");
    }
    return await ctx.adminSql.begin(async (tx) => {
      const [user] = await tx.unsafe<UserRow[]>(
        `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, raw_app_meta_data,
           raw_user_meta_data, created_at, updated_at, last_sign_in_at, is_anonymous, is_sso_user)
         values ($1, gen_random_uuid(), 'authenticated', 'authenticated', null, '',
           '{"provider":"anonymous","providers":["anonymous"]}'::jsonb, $2::text::jsonb, now(), now(), now(), true, false)
         returning *`,
        [INSTANCE_ID, JSON.stringify(data)],
      );
      const grant = await createSession(tx, user.id, "anonymous", client);
      return await sessionJson(tx, tokenSettings(ctx), user, grant.sessionId, grant.refreshToken);
    });
  }
  if (phone !== null) throw new AuthError(422, "phone_provider_disabled", "Phone signups are disabled");
  if (!config.emailEnabled) throw new AuthError(422, "email_provider_disabled", "Email signups are disabled");
  if (password === null) throw new AuthError(422, "validation_failed", "Signup requires a valid password");
  checkPasswordStrength(password, config.minimumPasswordLength);
  const address = validEmail(email!);
  if (await findUserByEmail(ctx.adminSql, address)) {
    throw new AuthError(422, "user_already_exists", "User already registered");
  }
  try {
    return await ctx.adminSql.begin(async (tx) => {
      const id = crypto.randomUUID();
      const metadata = {
        ...data,
        email: address,
        email_verified: config.emailAutoconfirm,
        phone_verified: false,
        sub: id,
      };
      const [user] = await tx.unsafe<UserRow[]>(
        `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
           confirmation_sent_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, last_sign_in_at,
           is_anonymous, is_sso_user)
         values ($1, $2, 'authenticated', 'authenticated', $3, extensions.crypt($4, extensions.gen_salt('bf', 10)),
           case when $5::boolean then now() end, case when not $5::boolean then now() end,
           '{"provider":"email","providers":["email"]}'::jsonb, $6::text::jsonb, now(), now(),
           case when $5::boolean then now() end, false, false)
         returning *`,
        [INSTANCE_ID, id, address, password, config.emailAutoconfirm, JSON.stringify(metadata)],
      );
      await tx.unsafe(
        `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
         values ($1::text, $1::uuid, $2::text::jsonb, 'email', now(), now(), now())`,
        [
          id,
          JSON.stringify({ sub: id, email: address, email_verified: config.emailAutoconfirm, phone_verified: false }),
        ],
      );
      if (!config.emailAutoconfirm) {
        // confirmations on: GoTrue answers the user and mails a link; no session yet
        return userJson(user, await identitiesOf(tx, id));
      }
      const grant = await createSession(tx, id, "password", client);
      return await sessionJson(tx, tokenSettings(ctx), user, grant.sessionId, grant.refreshToken);
    });
  } catch (error) {
    if ((error as { code?: string }).code === "23505") {
      throw new AuthError(422, "user_already_exists", "User already registered");
    }
    throw error;
  }
}

let dummyHash: Promise<string> | null = null;

/** A bcrypt hash of a random secret at the cost sign-ups use (10), made once per process. */
function dummyPasswordHash(ctx: AuthEnv): Promise<string> {
  dummyHash ??= ctx.adminSql.unsafe<Array<{ hash: string }>>(
    `select extensions.crypt($1, extensions.gen_salt('bf', 10)) as hash`,
    [crypto.randomUUID()],
  ).then(([row]) => row.hash);
  return dummyHash;
}

async function passwordGrant(request: Request, ctx: AuthEnv, client: Client) {
  const body = await readJson(request);
  const email = optionalString(body, "email");
  const phone = optionalString(body, "phone");
  const password = optionalString(body, "password") ?? "";
  if (email === null && phone === null) throw new AuthError(400, "validation_failed", "missing email or phone");
  const invalid = () => new AuthError(400, "invalid_credentials", "Invalid login credentials");
  if (phone !== null) throw invalid();
  const user = await findUserByEmail(ctx.adminSql, email!.trim());
  if (!user || !user.encrypted_password?.startsWith("$2")) {
    // the same bcrypt work as a wrong password, so timing does not tell who has an account
    await ctx.adminSql.unsafe(`select extensions.crypt($1, $2) as spent`, [password, await dummyPasswordHash(ctx)]);
    throw invalid();
  }
  const [{ ok }] = await ctx.adminSql.unsafe(
    `select encrypted_password = extensions.crypt($1, encrypted_password) as ok from auth.users where id = $2`,
    [password, user.id],
  );
  if (!ok) throw invalid();
  if (user.banned_until && new Date(user.banned_until) > new Date()) {
    throw new AuthError(400, "user_banned", "User is banned");
  }
  if (!user.email_confirmed_at) throw new AuthError(400, "email_not_confirmed", "Email not confirmed");
  return await ctx.adminSql.begin(async (tx) => {
    const [signedIn] = await tx.unsafe<UserRow[]>(
      `update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1 returning *`,
      [user.id],
    );
    await tx.unsafe(`update auth.identities set last_sign_in_at = now() where user_id = $1 and provider = 'email'`, [
      user.id,
    ]);
    const grant = await createSession(tx, user.id, "password", client);
    return await sessionJson(tx, tokenSettings(ctx), signedIn, grant.sessionId, grant.refreshToken);
  });
}

interface RefreshRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  updated_at: Date;
  session_id: string | null;
  session_not_after: Date | null;
  session_exists: boolean;
}

async function refreshGrant(request: Request, ctx: AuthEnv) {
  const config = ctx.config;
  const body = await readJson(request);
  const token = typeof body.refresh_token === "string" ? body.refresh_token : "";
  if (token === "") throw new OAuthError("invalid_request", "refresh_token required");
  const outcome = await ctx.adminSql.begin(async (tx) => {
    const rows = await tx.unsafe<RefreshRow[]>(
      `select t.id::text, t.token, t.user_id, coalesce(t.revoked, false) as revoked, t.updated_at, t.session_id,
         s.not_after as session_not_after, s.id is not null as session_exists
       from auth.refresh_tokens t left join auth.sessions s on s.id = t.session_id
       where t.token = $1 for update of t`,
      [token],
    );
    const row = rows[0];
    if (!row) {
      return { error: new AuthError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found") };
    }
    if (!row.session_id || !row.session_exists) {
      return { error: new AuthError(400, "session_not_found", "Invalid Refresh Token: No Valid Session Found") };
    }
    if (row.session_not_after && new Date(row.session_not_after) <= new Date()) {
      return { error: new AuthError(400, "session_expired", "Invalid Refresh Token: Session Expired") };
    }
    const user = await findUserById(tx, row.user_id);
    if (!user) {
      return { error: new AuthError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found") };
    }
    if (user.banned_until && new Date(user.banned_until) > new Date()) {
      return { error: new AuthError(400, "user_banned", "Invalid Refresh Token: User Banned") };
    }
    // serialise refreshes of one session
    await tx.unsafe(`select 1 from auth.sessions where id = $1 for update`, [row.session_id]);
    let issued: string | null = null;
    if (row.revoked) {
      const [active] = await tx.unsafe<Array<{ token: string; parent: string | null }>>(
        `select token, parent from auth.refresh_tokens where session_id = $1 and not coalesce(revoked, false)
         order by id desc limit 1`,
        [row.session_id],
      );
      if (active && active.parent === row.token) {
        // the client lost the answer to its last refresh: hand back the token it missed
        issued = active.token;
      } else {
        const reuseUntil = new Date(row.updated_at).getTime() + config.refreshTokenReuseInterval * 1000;
        if (Date.now() > reuseUntil) {
          if (config.enableRefreshTokenRotation) {
            // reuse of a spent token: revoke the whole session
            await tx.unsafe(
              `update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and not coalesce(revoked, false)`,
              [row.session_id],
            );
            await tx.unsafe(`update auth.sessions set not_after = now(), updated_at = now() where id = $1`, [
              row.session_id,
            ]);
          }
          return {
            error: new AuthError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used"),
          };
        }
      }
    }
    if (issued === null) {
      await tx.unsafe(`update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1::int8`, [
        row.id,
      ]);
      issued = newRefreshToken();
      await tx.unsafe(
        `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
         values ($1, $2, $3, false, now(), now(), $4, $5)`,
        [INSTANCE_ID, issued, row.user_id, row.token, row.session_id],
      );
    }
    await tx.unsafe(
      `update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now() where id = $1`,
      [row.session_id],
    );
    return { session: await sessionJson(tx, tokenSettings(ctx), user, row.session_id, issued) };
  });
  // a detected reuse still commits its revocation before answering the error
  if ("error" in outcome) throw outcome.error;
  return outcome.session;
}

async function getUser(request: Request, ctx: AuthEnv) {
  const { user } = await authenticate(request, ctx);
  return userJson(user, await identitiesOf(ctx.adminSql, user.id));
}

/**
 * After a password change, as GoTrue does: every session of the user but
 * `keepSessionId` (the caller's own, when the user changed it) ends, and every
 * refresh token outside it is revoked, so a stolen session or refresh token
 * stops working the moment the owner changes the password.
 */
async function endOtherSessions(tx: Tx, userId: string, keepSessionId: string | null): Promise<void> {
  await tx.unsafe(
    `update auth.refresh_tokens set revoked = true, updated_at = now()
     where user_id = $1::text and not coalesce(revoked, false) and session_id is distinct from $2::uuid`,
    [userId, keepSessionId],
  );
  // their refresh tokens go with them (on delete cascade)
  await tx.unsafe(`delete from auth.sessions where user_id = $1 and id is distinct from $2::uuid`, [
    userId,
    keepSessionId,
  ]);
}

async function updateUser(request: Request, ctx: AuthEnv) {
  const config = ctx.config;
  const { user: caller, sessionId } = await authenticate(request, ctx);
  const body = await readJson(request);
  const email = optionalString(body, "email");
  const password = typeof body.password === "string" ? body.password : null;
  const phone = optionalString(body, "phone");
  const data = body.data;
  if (phone !== null) throw new AuthError(422, "phone_provider_disabled", "Unsupported phone provider");
  if (data !== undefined && data !== null && (typeof data !== "object" || Array.isArray(data))) {
    throw new AuthError(400, "bad_json", "Could not parse request body as JSON: data must be an object");
  }
  const address = email !== null ? validEmail(email) : null;
  if (password !== null) {
    if (caller.is_anonymous && !caller.email && address === null) {
      throw new AuthError(
        422,
        "validation_failed",
        "Updating password of an anonymous user without an email or phone is not allowed",
      );
    }
    checkPasswordStrength(password, config.minimumPasswordLength);
  }
  try {
    return await ctx.adminSql.begin(async (tx: Tx) => {
      let user = (await findUserById(tx, caller.id, true))!;
      if (address !== null && address !== (user.email ?? "").toLowerCase()) {
        const other = await findUserByEmail(tx, address);
        if (other && other.id !== user.id) {
          throw new AuthError(422, "email_exists", "A user with this email address has already been registered");
        }
        const providers = new Set(
          ((user.raw_app_meta_data?.providers as string[] | undefined) ?? []).filter((p) => p !== "anonymous"),
        );
        providers.add("email");
        const appMetadata = {
          ...(user.raw_app_meta_data ?? {}),
          provider: user.is_anonymous ? "email" : user.raw_app_meta_data?.provider ?? "email",
          providers: [...providers],
        };
        const identityData = { sub: user.id, email: address, email_verified: true, phone_verified: false };
        // email changes are confirmed at once locally: no mail server to send a link through
        [user] = await tx.unsafe<UserRow[]>(
          `update auth.users set email = $2, email_confirmed_at = now(), is_anonymous = false,
             raw_app_meta_data = $3::text::jsonb,
             raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || $4::text::jsonb,
             updated_at = now()
           where id = $1 returning *`,
          [user.id, address, JSON.stringify(appMetadata), JSON.stringify(identityData)],
        );
        await tx.unsafe(
          `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
           values ($1::text, $1::uuid, $2::text::jsonb, 'email', now(), now(), now())
           on conflict (provider_id, provider) do update set identity_data = excluded.identity_data, updated_at = now()`,
          [user.id, JSON.stringify(identityData)],
        );
      }
      if (password !== null) {
        if (user.encrypted_password?.startsWith("$2")) {
          const [{ same }] = await tx.unsafe(
            `select encrypted_password = extensions.crypt($1, encrypted_password) as same from auth.users where id = $2`,
            [password, user.id],
          );
          if (same) {
            throw new AuthError(422, "same_password", "New password should be different from the old password.");
          }
        }
        [user] = await tx.unsafe<UserRow[]>(
          `update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)),
             updated_at = now() where id = $1 returning *`,
          [user.id, password],
        );
        await endOtherSessions(tx, user.id, sessionId);
      }
      if (data !== undefined && data !== null) {
        // GoTrue merges user metadata key by key; a null value removes the key
        const entries = Object.entries(data as Record<string, unknown>);
        const set = Object.fromEntries(entries.filter(([, v]) => v !== null));
        const removed = entries.filter(([, v]) => v === null).map(([k]) => k);
        [user] = await tx.unsafe<UserRow[]>(
          `update auth.users set raw_user_meta_data = (coalesce(raw_user_meta_data, '{}'::jsonb) || $2::text::jsonb) - $3::text[],
             updated_at = now() where id = $1 returning *`,
          [
            user.id,
            JSON.stringify(set),
            `{${removed.map((k) => `"${k.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`,
          ],
        );
      }
      return userJson(user, await identitiesOf(tx, user.id));
    });
  } catch (error) {
    if ((error as { code?: string }).code === "23505") {
      throw new AuthError(422, "email_exists", "A user with this email address has already been registered");
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------
// admin API (service_role): what server code and tests use to manage users
// ---------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function requireAdmin(request: Request, ctx: AuthEnv): Promise<void> {
  const match = /^bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  // the secret key stands for service_role, as the hosted gateway maps it
  let claims: Record<string, unknown> | null = apiKeyClaims(match[1]);
  try {
    claims ??= await verifyJwt(match[1], ctx.jwtSecret);
  } catch {
    throw new AuthError(403, "bad_jwt", "invalid JWT: unable to parse or verify signature");
  }
  if (claims.role !== "service_role" && claims.role !== "supabase_admin") {
    throw new AuthError(403, "not_admin", "User not allowed");
  }
}

function objectField(body: Record<string, unknown>, key: string): Record<string, unknown> | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new AuthError(400, "bad_json", `Could not parse request body as JSON: ${key} must be an object`);
  }
  return value as Record<string, unknown>;
}

async function adminCreateUser(request: Request, ctx: AuthEnv) {
  const body = await readJson(request);
  const email = optionalString(body, "email");
  const password = optionalString(body, "password");
  if (optionalString(body, "phone") !== null) {
    throw new AuthError(422, "phone_provider_disabled", "Phone signups are disabled");
  }
  if (email === null) throw new AuthError(400, "validation_failed", "Unable to validate email address: invalid format");
  const address = validEmail(email);
  if (password !== null) checkPasswordStrength(password, ctx.config.minimumPasswordLength);
  const confirmed = body.email_confirm === true;
  const userMetadata = objectField(body, "user_metadata") ?? {};
  const appMetadata = { ...(objectField(body, "app_metadata") ?? {}), provider: "email", providers: ["email"] };
  if (await findUserByEmail(ctx.adminSql, address)) {
    throw new AuthError(422, "email_exists", "A user with this email address has already been registered");
  }
  const requestedId = typeof body.id === "string" && UUID.test(body.id) ? body.id : null;
  return await ctx.adminSql.begin(async (tx) => {
    const id = requestedId ?? crypto.randomUUID();
    const metadata = { ...userMetadata, email: address, email_verified: confirmed, phone_verified: false, sub: id };
    const [user] = await tx.unsafe<UserRow[]>(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
         raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous, is_sso_user)
       values ($1, $2, 'authenticated', 'authenticated', $3,
         case when $4::text is null then '' else extensions.crypt($4, extensions.gen_salt('bf', 10)) end,
         case when $5::boolean then now() end, $6::text::jsonb, $7::text::jsonb, now(), now(), false, false)
       returning *`,
      [INSTANCE_ID, id, address, password, confirmed, JSON.stringify(appMetadata), JSON.stringify(metadata)],
    );
    await tx.unsafe(
      `insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
       values ($1::text, $1::uuid, $2::text::jsonb, 'email', now(), now())`,
      [id, JSON.stringify({ sub: id, email: address, email_verified: confirmed, phone_verified: false })],
    );
    return userJson(user, await identitiesOf(tx, id));
  });
}

async function adminGetUser(ctx: AuthEnv, id: string) {
  const user = UUID.test(id) ? await findUserById(ctx.adminSql, id) : null;
  if (!user) throw new AuthError(404, "user_not_found", "User not found");
  return userJson(user, await identitiesOf(ctx.adminSql, id));
}

async function adminListUsers(url: URL, ctx: AuthEnv, version: string | null): Promise<Response> {
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const perPage = Math.min(1000, Math.max(1, Number(url.searchParams.get("per_page")) || 50));
  const rows = await ctx.adminSql.unsafe<Array<{ id: string }>>(
    `select id from auth.users where deleted_at is null order by created_at, id limit $1 offset $2`,
    [perPage, (page - 1) * perPage],
  );
  const [{ total }] = await ctx.adminSql.unsafe(
    `select count(*)::int as total from auth.users where deleted_at is null`,
  );
  const users = [];
  for (const row of rows) users.push(await adminGetUser(ctx, row.id));
  const response = jsonResponse(200, { users, aud: "authenticated" }, version);
  response.headers.set("X-Total-Count", String(total));
  return response;
}

async function adminUpdateUser(request: Request, ctx: AuthEnv, id: string) {
  await adminGetUser(ctx, id);
  const body = await readJson(request);
  const email = optionalString(body, "email");
  const password = optionalString(body, "password");
  const userMetadata = objectField(body, "user_metadata");
  const appMetadata = objectField(body, "app_metadata");
  const address = email !== null ? validEmail(email) : null;
  if (password !== null) checkPasswordStrength(password, ctx.config.minimumPasswordLength);
  return await ctx.adminSql.begin(async (tx) => {
    if (address !== null) {
      const other = await findUserByEmail(tx, address);
      if (other && other.id !== id) {
        throw new AuthError(422, "email_exists", "A user with this email address has already been registered");
      }
    }
    const [user] = await tx.unsafe<UserRow[]>(
      `update auth.users set
         email = coalesce($2, email),
         encrypted_password = case when $3::text is null then encrypted_password
           else extensions.crypt($3, extensions.gen_salt('bf', 10)) end,
         email_confirmed_at = case when $4::boolean then coalesce(email_confirmed_at, now()) else email_confirmed_at end,
         raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || coalesce($5::text::jsonb, '{}'::jsonb),
         raw_app_meta_data = coalesce(raw_app_meta_data, '{}'::jsonb) || coalesce($6::text::jsonb, '{}'::jsonb),
         is_anonymous = case when $2::text is not null then false else is_anonymous end,
         updated_at = now()
       where id = $1 returning *`,
      [
        id,
        address,
        password,
        body.email_confirm === true,
        userMetadata ? JSON.stringify(userMetadata) : null,
        appMetadata ? JSON.stringify(appMetadata) : null,
      ],
    );
    // an admin's new password ends every session of the user: none is the caller's
    if (password !== null) await endOtherSessions(tx, id, null);
    return userJson(user, await identitiesOf(tx, id));
  });
}

async function adminDeleteUser(request: Request, ctx: AuthEnv, id: string) {
  await adminGetUser(ctx, id);
  await readJson(request);
  // sessions, refresh tokens and identities go with the user (on delete cascade)
  await ctx.adminSql.unsafe(`delete from auth.users where id = $1`, [id]);
  return {};
}

async function logout(request: Request, url: URL, ctx: AuthEnv): Promise<void> {
  const scope = url.searchParams.get("scope") ?? "global";
  if (!["global", "local", "others"].includes(scope)) {
    throw new AuthError(400, "validation_failed", `Unsupported logout scope "${scope}"`);
  }
  const { user, sessionId } = await authenticate(request, ctx);
  const sql: Sql = ctx.adminSql;
  if (scope === "global") {
    await sql.unsafe(`delete from auth.sessions where user_id = $1`, [user.id]);
  } else if (scope === "local") {
    if (sessionId) await sql.unsafe(`delete from auth.sessions where id = $1`, [sessionId]);
  } else {
    await sql.unsafe(`delete from auth.sessions where user_id = $1 and id is distinct from $2::uuid`, [
      user.id,
      sessionId,
    ]);
  }
}

function settings(config: ProjectConfig["auth"]) {
  const external: Record<string, boolean> = {
    anonymous_users: config.enableAnonymousSignIns,
    email: config.emailEnabled,
    phone: false,
  };
  return {
    external,
    disable_signup: !config.enableSignup,
    mailer_autoconfirm: config.emailAutoconfirm,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
  };
}

/**
 * The /auth/v1 handler; `readConfig` supplies the [auth] settings (tests pass
 * their own to prove each switch without restarting the gateway).
 */
export function createAuthHandler(readConfig: () => ProjectConfig["auth"] = () => projectConfig().auth) {
  // one set of buckets per handler, made with the first request's [auth.rate_limit]
  let limiter: AuthRateLimiter | null = null;
  return (request: Request, ctx: Pick<GatewayContext, "jwtSecret" | "adminSql">, info: Deno.ServeHandlerInfo) => {
    const config = readConfig();
    limiter ??= new AuthRateLimiter(config.rateLimit);
    return serveAuth(request, { jwtSecret: ctx.jwtSecret, adminSql: ctx.adminSql, config, limiter }, info);
  };
}

export const handleAuth = createAuthHandler();

async function serveAuth(
  request: Request,
  ctx: AuthEnv,
  info: Deno.ServeHandlerInfo,
): Promise<Response> {
  const url = new URL(request.url);
  // the public keys that verify the sessions: served to anyone, like GoTrue's, without an API key
  if (request.method === "GET" && url.pathname === "/auth/v1/.well-known/jwks.json") {
    return Response.json(await jwks(), { headers: { "Cache-Control": "public, max-age=600" } });
  }
  const gate = apiKeyRejection(request, url);
  if (gate) {
    await request.body?.cancel().catch(() => {});
    return gate;
  }
  const version = requestApiVersion(request);
  const path = url.pathname.slice("/auth/v1".length).replace(/\/+$/, "") || "/";
  const route = `${request.method} ${path}`;
  const client = clientOf(request, info);
  try {
    switch (route) {
      case "GET /health":
        return jsonResponse(200, {
          version: "local",
          name: "GoTrue",
          description: "GoTrue is a user registration and authentication API",
        }, version);
      case "GET /settings":
        return jsonResponse(200, settings(ctx.config), version);
      case "POST /signup":
        return jsonResponse(200, await signup(request, ctx, client), version);
      case "POST /token": {
        const grant = url.searchParams.get("grant_type");
        if (grant === "password") {
          rateLimit(ctx, "sign_in_sign_ups", client);
          return jsonResponse(200, await passwordGrant(request, ctx, client), version);
        }
        if (grant === "refresh_token") {
          rateLimit(ctx, "token_refresh", client);
          return jsonResponse(200, await refreshGrant(request, ctx), version);
        }
        await request.body?.cancel().catch(() => {});
        throw new OAuthError("unsupported_grant_type", `grant_type ${grant ?? "(none)"} is not supported`);
      }
      case "GET /user":
        return jsonResponse(200, await getUser(request, ctx), version);
      case "PUT /user":
        return jsonResponse(200, await updateUser(request, ctx), version);
      case "POST /logout":
        await logout(request, url, ctx);
        return new Response(null, { status: 204, headers: version ? { [API_VERSION_HEADER]: version } : {} });
      case "POST /admin/users":
        await requireAdmin(request, ctx);
        return jsonResponse(200, await adminCreateUser(request, ctx), version);
      case "GET /admin/users":
        await requireAdmin(request, ctx);
        return await adminListUsers(url, ctx, version);
      default: {
        // OTP and magic-link verification is not served locally, but is limited as GoTrue limits it
        if (path === "/verify") rateLimit(ctx, "token_verifications", client);
        const adminUser = /^\/admin\/users\/([^/]+)$/.exec(path);
        if (adminUser && ["GET", "PUT", "DELETE"].includes(request.method)) {
          await requireAdmin(request, ctx);
          const id = adminUser[1];
          if (request.method === "GET") return jsonResponse(200, await adminGetUser(ctx, id), version);
          if (request.method === "PUT") return jsonResponse(200, await adminUpdateUser(request, ctx, id), version);
          return jsonResponse(200, await adminDeleteUser(request, ctx, id), version);
        }
        await request.body?.cancel().catch(() => {});
        throw new AuthError(404, "not_found", `${request.method} ${path} is not an endpoint of the local auth server`);
      }
    }
  } catch (error) {
    await request.body?.cancel().catch(() => {});
    if (error instanceof AuthError) return errorResponse(error, version);
    if (error instanceof OAuthError) {
      return jsonResponse(400, { error: error.error, error_description: error.description }, version);
    }
    console.error(`auth: ${route}:`, error);
    return errorResponse(
      new AuthError(500, "unexpected_failure", "Unexpected failure, please check server logs for more information"),
      version,
    );
  }
}
