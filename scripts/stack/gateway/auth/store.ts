// What GoTrue keeps in the auth schema and how it shows it: users (bcrypt
// passwords through pgcrypto), identities, sessions with their AMR claims,
// rotating refresh tokens, and the user / session JSON and access-token
// claims auth-js reads.

import type { Sql } from "../context.ts";
import { signSessionJwt } from "../../jwt.ts";

/** A connection or a transaction: anything that runs statements. */
export type Tx = Pick<Sql, "unsafe">;

export const INSTANCE_ID = "00000000-0000-0000-0000-000000000000";

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  phone_confirmed_at: Date | null;
  confirmation_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  banned_until: Date | null;
  is_anonymous: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
}

const USER_COLUMNS = `id, aud, role, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at,
  confirmation_sent_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  banned_until, is_anonymous`;

export async function findUserById(sql: Sql | Tx, id: string, forUpdate = false): Promise<UserRow | null> {
  const rows = await sql.unsafe<UserRow[]>(
    `select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null${forUpdate ? " for update" : ""}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findUserByEmail(sql: Sql | Tx, email: string): Promise<UserRow | null> {
  const rows = await sql.unsafe<UserRow[]>(
    `select ${USER_COLUMNS} from auth.users where lower(email) = lower($1) and not is_sso_user and deleted_at is null`,
    [email],
  );
  return rows[0] ?? null;
}

export async function identitiesOf(sql: Sql | Tx, userId: string): Promise<IdentityRow[]> {
  return await sql.unsafe<IdentityRow[]>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
     from auth.identities where user_id = $1 order by created_at`,
    [userId],
  );
}

const iso = (value: Date | null | undefined) => (value ? new Date(value).toISOString() : undefined);

function identityJson(identity: IdentityRow) {
  return {
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: iso(identity.last_sign_in_at),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    email: identity.email ?? undefined,
  };
}

/** The user object GoTrue answers (timestamps left out when unset, as its omitempty does). */
export function userJson(user: UserRow, identities: IdentityRow[]) {
  const confirmedAt = [user.email_confirmed_at, user.phone_confirmed_at].filter(Boolean).map((d) => new Date(d!))
    .sort((a, b) => a.getTime() - b.getTime())[0];
  const json: Record<string, unknown> = {
    id: user.id,
    aud: user.aud ?? "",
    role: user.role ?? "",
    email: user.email ?? "",
    email_confirmed_at: iso(user.email_confirmed_at),
    phone: user.phone ?? "",
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    confirmed_at: iso(confirmedAt ?? null),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    banned_until: iso(user.banned_until),
    is_anonymous: user.is_anonymous,
  };
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
  return json;
}

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** An opaque refresh token: random alphanumerics, as GoTrue's own. */
export function newRefreshToken(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let out = "";
  // rejection sampling keeps every character equally likely
  for (const byte of bytes) {
    if (byte < 248) out += ALPHANUMERIC[byte % 62];
    if (out.length === length) return out;
  }
  return out + newRefreshToken(length - out.length);
}

export interface SessionGrant {
  sessionId: string;
  refreshToken: string;
}

/** A new session with its first refresh token and the method it authenticated with. */
export async function createSession(
  tx: Tx,
  userId: string,
  method: string,
  client: { userAgent: string | null; ip: string | null },
): Promise<SessionGrant> {
  const sessionId = crypto.randomUUID();
  const refreshToken = newRefreshToken();
  await tx.unsafe(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, refreshed_at, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', now() at time zone 'utc', $3, $4::inet)`,
    [sessionId, userId, client.userAgent, client.ip],
  );
  await tx.unsafe(
    `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method, id)
     values ($1, now(), now(), $2, $3)`,
    [sessionId, method, crypto.randomUUID()],
  );
  await tx.unsafe(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, $3, false, now(), now(), null, $4)`,
    [INSTANCE_ID, refreshToken, userId, sessionId],
  );
  return { sessionId, refreshToken };
}

export async function amrOf(sql: Sql | Tx, sessionId: string): Promise<Array<{ method: string; timestamp: number }>> {
  const rows = await sql.unsafe<Array<{ method: string; at: string }>>(
    `select authentication_method as method, extract(epoch from updated_at)::int8::text as at
     from auth.mfa_amr_claims where session_id = $1 order by updated_at desc`,
    [sessionId],
  );
  return rows.map((r) => ({ method: r.method, timestamp: Number(r.at) }));
}

export interface TokenSettings {
  secret: string;
  issuer: string;
  expirySeconds: number;
}

/** The session JSON: an access token with GoTrue's claims, the refresh token and the user. */
export async function sessionJson(
  sql: Sql | Tx,
  settings: TokenSettings,
  user: UserRow,
  sessionId: string,
  refreshToken: string,
) {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + settings.expirySeconds;
  const claims = {
    iss: settings.issuer,
    sub: user.id,
    aud: user.aud ?? "authenticated",
    exp,
    iat: now,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "authenticated",
    aal: "aal1",
    amr: await amrOf(sql, sessionId),
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  };
  const identities = await identitiesOf(sql, user.id);
  return {
    // signed ES256 with the stack's signing key, as GoTrue does on a project with asymmetric JWT keys
    access_token: await signSessionJwt(claims),
    token_type: "bearer",
    expires_in: settings.expirySeconds,
    expires_at: exp,
    refresh_token: refreshToken,
    user: userJson(user, identities),
  };
}
