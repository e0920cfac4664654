// /auth/v1/admin/users (service_role): what server code and tests use to
// create, list, read, update and delete users.

import {
  type AuthEnv,
  AuthError,
  checkPasswordStrength,
  jsonResponse,
  optionalString,
  readJson,
  validEmail,
} from "./common.ts";
import { endOtherSessions } from "./users.ts";
import { verifyJwt } from "../../jwt.ts";
import { apiKeyClaims } from "../../keys.ts";
import { findUserByEmail, findUserById, identitiesOf, INSTANCE_ID, userJson, type UserRow } from "./store.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function requireAdmin(request: Request, ctx: AuthEnv): Promise<void> {
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

export async function adminCreateUser(request: Request, ctx: AuthEnv) {
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

export async function adminGetUser(ctx: AuthEnv, id: string) {
  const user = UUID.test(id) ? await findUserById(ctx.adminSql, id) : null;
  if (!user) throw new AuthError(404, "user_not_found", "User not found");
  return userJson(user, await identitiesOf(ctx.adminSql, id));
}

export async function adminListUsers(url: URL, ctx: AuthEnv, version: string | null): Promise<Response> {
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

export async function adminUpdateUser(request: Request, ctx: AuthEnv, id: string) {
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

export async function adminDeleteUser(request: Request, ctx: AuthEnv, id: string) {
  await adminGetUser(ctx, id);
  await readJson(request);
  // sessions, refresh tokens and identities go with the user (on delete cascade)
  await ctx.adminSql.unsafe(`delete from auth.users where id = $1`, [id]);
  return {};
}
