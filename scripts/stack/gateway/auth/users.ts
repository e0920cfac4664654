// /auth/v1/user: the caller's own user, read and updated (a guest becomes an
// account by adding an email and password).

import {
  authenticate,
  type AuthEnv,
  AuthError,
  checkPasswordStrength,
  optionalString,
  readJson,
  validEmail,
} from "./common.ts";
import { findUserByEmail, findUserById, identitiesOf, type Tx, userJson, type UserRow } from "./store.ts";

export async function getUser(request: Request, ctx: AuthEnv) {
  const { user } = await authenticate(request, ctx);
  return userJson(user, await identitiesOf(ctx.adminSql, user.id));
}

/**
 * After a password change, as GoTrue does: every session of the user but
 * `keepSessionId` (the caller's own, when the user changed it) ends, and every
 * refresh token outside it is revoked, so a stolen session or refresh token
 * stops working the moment the owner changes the password.
 */
export async function endOtherSessions(tx: Tx, userId: string, keepSessionId: string | null): Promise<void> {
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

export async function updateUser(request: Request, ctx: AuthEnv) {
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
