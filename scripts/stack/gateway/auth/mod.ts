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

import { jwks } from "../../keys.ts";
import type { GatewayContext } from "../context.ts";
import { apiKeyRejection } from "../rest/credentials.ts";
import { type ProjectConfig, projectConfig } from "../rest/project_config.ts";
import { AuthRateLimiter } from "./rate_limit.ts";
import {
  adminCreateUser,
  adminDeleteUser,
  adminGetUser,
  adminListUsers,
  adminUpdateUser,
  requireAdmin,
} from "./admin.ts";
import {
  API_VERSION_HEADER,
  type AuthEnv,
  AuthError,
  clientOf,
  errorResponse,
  jsonResponse,
  OAuthError,
  rateLimit,
  requestApiVersion,
} from "./common.ts";
import { logout, passwordGrant, refreshGrant, signup } from "./sessions.ts";
import { getUser, updateUser } from "./users.ts";

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
