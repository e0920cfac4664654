// /functions/v1/<slug>/...: Supabase's functions router in front of the local
// function server (scripts/stack/functions/server.ts on PORTS.functions).
//
// As on Supabase it strips /functions/v1, applies config.toml's
// [functions.<slug>] verify_jwt (default true: a valid Bearer JWT signed with
// the legacy project secret, else 401), and proxies the request and the response
// with their bodies streamed. CORS preflights never get here: the gateway
// answers every OPTIONS itself (main.ts). Every proxied request carries the
// function server's per-start secret (functions/gateway_secret.ts): the
// function server answers nobody else, so verify_jwt cannot be skipped by
// calling its port directly.

import { HOST, PORTS } from "../../config.ts";
import { fromBase64url, verifyJwt } from "../../jwt.ts";
import { functionConfig, isFunctionSlug } from "../../functions/config.ts";
import { GATEWAY_SECRET_HEADER, readGatewaySecret } from "../../functions/gateway_secret.ts";
import type { GatewayContext } from "../context.ts";
import { withForwardedFor } from "../forwarded.ts";

// connection-level headers are the proxy's own business, never forwarded
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

function unauthorized(msg: string): Response {
  return Response.json({ msg }, { status: 401 });
}

/**
 * The edge runtime's verify_jwt check, with its messages. It knows only the
 * legacy HS256 secret, as on hosted Supabase: a session signed with the
 * project's asymmetric signing key (ES256) and the publishable/secret keys
 * (not JWTs) are "Invalid JWT" here, which is why every TheSet function runs
 * with verify_jwt = false and verifies its callers itself.
 */
async function checkJwt(request: Request, secret: string): Promise<Response | null> {
  const header = request.headers.get("authorization");
  if (!header) return unauthorized("Error: Missing authorization header");
  const [scheme, token] = header.split(" ");
  if (scheme !== "Bearer" || !token) return unauthorized("Error: Auth header is not 'Bearer {token}'");
  try {
    if (!isHs256(token)) return unauthorized("Invalid JWT");
    await verifyJwt(token, secret);
  } catch {
    return unauthorized("Invalid JWT");
  }
  return null;
}

/**
 * Proxies to the function server with its secret, read for every request: a
 * small file, and a function server restarted on its own (with a new secret)
 * is reached at once.
 */
async function sendToFunctionServer(target: string, request: Request, headers: Headers): Promise<Response> {
  headers.set(GATEWAY_SECRET_HEADER, await readGatewaySecret(PORTS.functions) ?? "");
  return await fetch(target, {
    method: request.method,
    headers,
    body: request.body,
    redirect: "manual",
    signal: request.signal,
  });
}

function isHs256(token: string): boolean {
  const header = JSON.parse(new TextDecoder().decode(fromBase64url(token.split(".")[0])));
  return header?.alg === "HS256";
}

export async function handleFunctions(
  received: Request,
  ctx: GatewayContext,
  info: Deno.ServeHandlerInfo,
): Promise<Response> {
  // the function sees x-forwarded-for as behind Supabase's proxy: the client's entries, then the peer's address
  const request = withForwardedFor(received, info);
  const url = new URL(request.url);
  const path = url.pathname.slice("/functions/v1".length);
  const slug = path.split("/")[1] ?? "";
  if (!isFunctionSlug(slug)) {
    return Response.json({ code: "NOT_FOUND", message: "Requested function was not found" }, { status: 404 });
  }

  const config = await functionConfig(slug);
  if (config.verifyJwt) {
    const refusal = await checkJwt(request, ctx.jwtSecret);
    if (refusal) return refusal;
  }

  const headers = new Headers();
  for (const [name, value] of request.headers) if (!HOP_BY_HOP.has(name)) headers.set(name, value);
  // the function's response is passed through byte for byte, so ask for it uncompressed
  headers.set("accept-encoding", "identity");
  headers.set("x-forwarded-host", url.host);
  headers.set("x-forwarded-proto", url.protocol.replace(":", ""));

  let upstream: Response;
  try {
    upstream = await sendToFunctionServer(`http://${HOST}:${PORTS.functions}${path}${url.search}`, request, headers);
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    console.error(`functions: ${slug}: ${(error as Error).message}`);
    return Response.json(
      { code: "FUNCTIONS_UNAVAILABLE", message: "The edge-function server is not reachable (npm run stack:up)" },
      { status: 503 },
    );
  }
  const responseHeaders = new Headers();
  for (const [name, value] of upstream.headers) if (!HOP_BY_HOP.has(name)) responseHeaders.append(name, value);
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
}
