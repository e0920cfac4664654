// /auth/v1 sessions: sign-up (anonymous or email + password), the password and
// refresh-token grants (rotation with reuse detection), and logout.

import {
  authenticate,
  type AuthEnv,
  AuthError,
  checkPasswordStrength,
  type Client,
  OAuthError,
  optionalString,
  rateLimit,
  readJson,
  tokenSettings,
  validEmail,
} from "./common.ts";
import type { Sql } from "../context.ts";
import {
  createSession,
  findUserByEmail,
  findUserById,
  identitiesOf,
  INSTANCE_ID,
  newRefreshToken,
  sessionJson,
  userJson,
  type UserRow,
} from "./store.ts";

export async function signup(request: Request, ctx: AuthEnv, client: Client) {
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

export async function passwordGrant(request: Request, ctx: AuthEnv, client: Client) {
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

export async function refreshGrant(request: Request, ctx: AuthEnv) {
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

export async function logout(request: Request, url: URL, ctx: AuthEnv): Promise<void> {
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
