// The local platform's one HTTP gateway on 127.0.0.1:54321, with Supabase's
// paths so supabase-js works unmodified:
//   /rest/v1/*        PostgREST semantics        (rest/)
//   /auth/v1/*        GoTrue                     (auth/)
//   /realtime/v1/*    Realtime over Phoenix      (realtime/)
//   /functions/v1/*   the edge-function server   (functions/)
// Like Supabase's API gateway it answers CORS preflights itself and adds the
// CORS headers to every response.

import { ADMIN_CONNECTION, HOST, PORTS } from "../config.ts";
import { NetWorker } from "../net-worker.ts";
import { handleRest } from "./rest/mod.ts";
import { handleAuth } from "./auth/mod.ts";
import { handleRealtime, startRealtime } from "./realtime/mod.ts";
import { handleFunctions } from "./functions/mod.ts";
import { type GatewayContext, openContext } from "./context.ts";

const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
  "Access-Control-Expose-Headers": "Content-Range, Content-Location, Preference-Applied, X-Supabase-Api-Version",
  "Access-Control-Max-Age": "3600",
};

function withCors(response: Response, request: Request): Response {
  // websocket upgrades and already-sent responses keep their headers as they are
  if (response.status === 101) return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(CORS_HEADERS)) if (!headers.has(k)) headers.set(k, v);
  const requested = request.headers.get("access-control-request-headers");
  headers.set(
    "Access-Control-Allow-Headers",
    requested ?? "authorization, x-client-info, apikey, content-type, accept-profile, content-profile, prefer, range",
  );
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function createHandler(ctx: GatewayContext) {
  // /auth/v1 works through the auth server's own role, not the platform's superuser
  const authCtx = { jwtSecret: ctx.jwtSecret, adminSql: ctx.authSql };
  return async (request: Request, info: Deno.ServeHandlerInfo): Promise<Response> => {
    const url = new URL(request.url);
    if (request.method === "OPTIONS") return withCors(new Response(null, { status: 204 }), request);
    let response: Response;
    try {
      if (url.pathname === "/health") response = json(200, { status: "ok" });
      else if (url.pathname.startsWith("/rest/v1")) response = await handleRest(request, ctx, info);
      else if (url.pathname.startsWith("/auth/v1")) response = await handleAuth(request, authCtx, info);
      else if (url.pathname.startsWith("/realtime/v1")) response = await handleRealtime(request, ctx, info);
      else if (url.pathname.startsWith("/functions/v1")) response = await handleFunctions(request, ctx, info);
      else response = json(404, { message: "no Route matched with those values" });
    } catch (error) {
      // one request's failure must never take the gateway down for everyone else
      console.error(`gateway: ${request.method} ${url.pathname}:`, error);
      response = json(500, { message: "An invalid response was received from the upstream server" });
    }
    return withCors(response, request);
  };
}

if (import.meta.main) {
  const ctx = await openContext();
  // background loops beside the HTTP paths: the WAL reader (realtime) and pg_net's worker
  startRealtime(ctx);
  if (Deno.env.get("THESET_NET_WORKER") !== "off") {
    const netWorker = new NetWorker({
      connection: ADMIN_CONNECTION,
      log: (message) => console.error(message),
    });
    netWorker.start();
    ctx.onClose(() => netWorker.stop());
  }
  const server = Deno.serve(
    {
      hostname: HOST,
      port: PORTS.api,
      onListen: () => console.log(`gateway listening on http://${HOST}:${PORTS.api}`),
    },
    createHandler(ctx),
  );
  const shutdown = async () => {
    await server.shutdown();
    await ctx.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", shutdown);
  Deno.addSignalListener("SIGINT", shutdown);
}
