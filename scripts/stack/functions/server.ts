// The local edge-function server (a stack service on PORTS.functions; the
// gateway's /functions/v1/<slug> proxies here with the prefix stripped).
//
// Each function's deployed entrypoint, supabase/functions/<slug>/index.ts,
// is imported as is: Deno.serve is replaced before the import so the handler
// the entrypoint passes to it is captured and then called for every request
// to /<slug>/... - exactly the code that runs on Supabase runs here. Like the
// edge runtime it provides Supabase's environment (SUPABASE_URL = the
// gateway, SUPABASE_PUBLISHABLE_KEYS, SUPABASE_SECRET_KEYS, SUPABASE_JWKS, the
// legacy SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY, SUPABASE_DB_URL) on
// top of .env (provider keys and base URLs, CRON_SECRET), and the
// EdgeRuntime.waitUntil global for work that outlives the response.
//
// Only the gateway may call it: every request must carry this start's secret
// (gateway_secret.ts), which is removed before the handler sees the request;
// anything else gets 401 gateway_required. Only /_internal/health is open.
//
// Errors stay inside one request: an unknown slug is 404, an entrypoint that
// fails to load is 500 BOOT_ERROR, a handler that throws is 500 WORKER_ERROR,
// and the server keeps serving. Each request runs under the edge runtime's
// limits (limits.ts): 504 past the request idle timeout, 546 WORKER_LIMIT past
// the wall clock or the memory limit. Modules are loaded once per process: restart
// the stack (npm run stack:down && npm run stack:up) after editing a function.

import { existsSync } from "node:fs";
import { ANON_KEY, API_URL, DB_URL, HOST, JWT_SECRET, PORTS, SERVICE_ROLE_KEY } from "../config.ts";
import { jwks, PUBLISHABLE_KEYS_JSON, SECRET_KEYS_JSON } from "../keys.ts";
import { entrypointUrl, functionConfig, functionsDir, isFunctionSlug } from "./config.ts";
import { underEdgeLimits } from "./limits.ts";
import {
  carriesGatewaySecret,
  createGatewaySecret,
  GATEWAY_REQUIRED,
  GATEWAY_SECRET_HEADER,
  removeGatewaySecret,
} from "./gateway_secret.ts";

type Handler = (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;

// Supabase's own variables win over anything the shell or .env says
Deno.env.set("SUPABASE_URL", API_URL);
Deno.env.set("SUPABASE_ANON_KEY", ANON_KEY);
Deno.env.set("SUPABASE_SERVICE_ROLE_KEY", SERVICE_ROLE_KEY);
Deno.env.set("SUPABASE_DB_URL", DB_URL);
// a project created today: new API keys as JSON objects of named keys, the session keys' JWKS inline
Deno.env.set("SUPABASE_PUBLISHABLE_KEYS", PUBLISHABLE_KEYS_JSON);
Deno.env.set("SUPABASE_SECRET_KEYS", SECRET_KEYS_JSON);
Deno.env.set("SUPABASE_JWKS", JSON.stringify(await jwks()));
// hosted projects never inject the legacy HS256 secret; an operator may set it as a secret
// (see README), and the local stack does, so tokens signed with it keep verifying
Deno.env.set("LEGACY_JWT_SECRET", JWT_SECRET);

function errorJson(status: number, code: string, message: string): Response {
  return Response.json({ code, message }, { status });
}

// --- capturing Deno.serve -----------------------------------------------------

const realServe = Deno.serve.bind(Deno);
let capture: ((handler: Handler) => void) | null = null;

function handlerFrom(args: unknown[]): Handler | null {
  for (const arg of args) {
    if (typeof arg === "function") return arg as Handler;
    if (typeof arg === "object" && arg !== null && typeof (arg as { handler?: unknown }).handler === "function") {
      return (arg as { handler: Handler }).handler;
    }
  }
  return null;
}

function capturingServe(...args: unknown[]): Deno.HttpServer {
  const handler = handlerFrom(args);
  if (!handler) throw new TypeError("Deno.serve needs a handler");
  if (!capture) throw new Error("Deno.serve was called outside a function's import; call it at module top level");
  capture(handler);
  const finished = new Promise<void>(() => {});
  return {
    finished,
    addr: { transport: "tcp", hostname: HOST, port: PORTS.functions },
    ref() {},
    unref() {},
    shutdown: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  } as unknown as Deno.HttpServer;
}

(Deno as unknown as { serve: typeof capturingServe }).serve = capturingServe;

// EdgeRuntime.waitUntil: keep background work running and report its failure
(globalThis as Record<string, unknown>).EdgeRuntime = {
  waitUntil(promise: Promise<unknown>) {
    Promise.resolve(promise).catch((error) => console.error("EdgeRuntime.waitUntil task failed:", error));
  },
};

// a function's stray rejection or timer error must not stop the server
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  console.error("unhandled rejection in a function:", event.reason);
});
globalThis.addEventListener("error", (event) => {
  event.preventDefault();
  console.error("uncaught error in a function:", event.error);
});

// --- loading functions --------------------------------------------------------

const loaded = new Map<string, Promise<Handler>>();
let importLock: Promise<unknown> = Promise.resolve();

async function importHandler(slug: string, entrypoint: string): Promise<Handler> {
  let captured: Handler | null = null;
  const previous = importLock;
  let release!: () => void;
  importLock = new Promise<void>((resolve) => release = resolve);
  await previous;
  capture = (handler) => captured ??= handler;
  try {
    await import(entrypointUrl(entrypoint));
  } finally {
    capture = null;
    release();
  }
  if (!captured) throw new Error(`${slug}: ${entrypoint} did not call Deno.serve(handler)`);
  return captured;
}

async function handlerFor(slug: string): Promise<Handler | null> {
  if (!isFunctionSlug(slug)) return null;
  // a loaded function is served without touching the disk: config.toml and the
  // entrypoint are read only when it is first imported (or retried after a failed boot)
  let handler = loaded.get(slug);
  if (!handler) {
    const config = await functionConfig(slug);
    if (!existsSync(config.entrypoint)) return null;
    if (config.importMap) {
      console.warn(`${slug}: import_map ${config.importMap} is ignored locally; use npm: specifiers with versions`);
    }
    handler = importHandler(slug, config.entrypoint);
    loaded.set(slug, handler);
    // a failed boot is retried on the next request instead of being cached
    handler.catch(() => loaded.delete(slug));
  }
  return await handler;
}

/** this start's secret; set before the server listens */
let gatewaySecret: string | null = null;

/** The request as the gateway sent it, without the secret; null when the secret is missing or wrong. */
function fromGateway(request: Request): Request | null {
  if (gatewaySecret === null || !carriesGatewaySecret(request, gatewaySecret)) return null;
  const headers = new Headers(request.headers);
  headers.delete(GATEWAY_SECRET_HEADER);
  return new Request(request, { headers });
}

export async function handleFunctionRequest(received: Request, info: Deno.ServeHandlerInfo): Promise<Response> {
  const url = new URL(received.url);
  if (url.pathname === "/_internal/health") return Response.json({ status: "ok", functions: functionsDir() });
  const request = fromGateway(received);
  if (!request) {
    await received.body?.cancel();
    return errorJson(401, GATEWAY_REQUIRED, "Edge functions are served through the API gateway (/functions/v1)");
  }
  const slug = url.pathname.split("/")[1] ?? "";
  let handler: Handler | null;
  try {
    handler = await handlerFor(slug);
  } catch (error) {
    console.error(`${slug}: failed to boot:`, error);
    return errorJson(500, "BOOT_ERROR", "Function failed to start (please check logs)");
  }
  if (!handler) return errorJson(404, "NOT_FOUND", "Requested function was not found");
  try {
    const { response, limit } = await underEdgeLimits(async (signal) =>
      await handler(new Request(request, { signal }), info)
    );
    if (limit !== null) console.error(`${slug}: stopped at the edge runtime's ${limit} limit`);
    if (!(response instanceof Response)) {
      console.error(`${slug}: the handler returned ${typeof response}, not a Response`);
      return errorJson(500, "WORKER_ERROR", "Function exited due to an error (please check logs)");
    }
    return response;
  } catch (error) {
    console.error(`${slug}: the handler threw:`, error);
    return errorJson(500, "WORKER_ERROR", "Function exited due to an error (please check logs)");
  }
}

if (import.meta.main) {
  const secret = gatewaySecret = await createGatewaySecret(PORTS.functions);
  const server = realServe(
    {
      hostname: HOST,
      port: PORTS.functions,
      onListen: () => console.log(`functions listening on http://${HOST}:${PORTS.functions} (${functionsDir()})`),
    },
    handleFunctionRequest,
  );
  const shutdown = async () => {
    // first: shutting down waits for open connections, and may be cut short
    await removeGatewaySecret(PORTS.functions, secret);
    await server.shutdown();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGTERM", shutdown);
  Deno.addSignalListener("SIGINT", shutdown);
}
