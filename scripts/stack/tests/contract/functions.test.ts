// /functions/v1 and the function server, driven through supabase-js where it
// has a form (functions.invoke) and raw HTTP for what it never sends.
// The functions under test are written by this file into a temporary
// supabase/ folder (with its own config.toml), served by a second gateway and
// function server on free ports, so the project's real functions and stack
// are left alone.

import { createClient, FunctionsHttpError } from "@supabase/supabase-js";
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../../../test/assert.ts";
import { ANON_KEY, DB_URL, JWT_SECRET, SERVICE_ROLE_KEY } from "../../config.ts";
import { signJwt, signSessionJwt } from "../../jwt.ts";
import { jwks, PUBLISHABLE_KEY, SECRET_KEY } from "../../keys.ts";
import { spawnPlatform } from "./helpers.ts";

const FIXTURES: Record<string, string> = {
  "config.toml": `
project_id = "functions-contract"

[functions.open]
verify_jwt = false

[functions.custom]
verify_jwt = false
entrypoint = "./functions/custom/main.ts"

[functions.release]
verify_jwt = false
`,
  // the convention: index.ts only serves the handler that handler.ts exports
  "functions/echo/index.ts": `import { handler } from "./handler.ts";\nDeno.serve(handler);\n`,
  "functions/echo/handler.ts": `
export async function handler(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const env = (name: string) => Deno.env.get(name) ?? null;
  return Response.json({
    method: req.method,
    path: url.pathname,
    search: url.search,
    header: req.headers.get("x-probe"),
    authorization: req.headers.get("authorization"),
    body: req.method === "GET" ? null : await req.text(),
    env: {
      SUPABASE_URL: env("SUPABASE_URL"),
      SUPABASE_PUBLISHABLE_KEYS: env("SUPABASE_PUBLISHABLE_KEYS"),
      SUPABASE_SECRET_KEYS: env("SUPABASE_SECRET_KEYS"),
      SUPABASE_JWKS: env("SUPABASE_JWKS"),
      SUPABASE_ANON_KEY: env("SUPABASE_ANON_KEY"),
      SUPABASE_SERVICE_ROLE_KEY: env("SUPABASE_SERVICE_ROLE_KEY"),
      SUPABASE_DB_URL: env("SUPABASE_DB_URL"),
      CRON_SECRET: env("CRON_SECRET"),
    },
  }, { headers: { "x-echo": "yes" } });
}
`,
  "functions/open/index.ts": `Deno.serve(() => new Response("open to anyone", { status: 200 }));\n`,
  "functions/headers/index.ts": `Deno.serve((req) => Response.json([...req.headers.keys()]));\n`,
  "functions/custom/main.ts": `Deno.serve({ handler: () => new Response("custom entrypoint") });\n`,
  "functions/throws/index.ts": `Deno.serve(() => { throw new Error("boom on purpose"); });\n`,
  "functions/careless/index.ts": `
Deno.serve(() => {
  // background failures: they must not take the server down
  Promise.reject(new Error("nobody awaits this"));
  (globalThis as any).EdgeRuntime.waitUntil(Promise.reject(new Error("background task failed")));
  return new Response("answered");
});
`,
  "functions/noserve/index.ts": `export const nothing = 1;\n`,
  "functions/status/index.ts": `
Deno.serve(() => Response.json({ error: "not allowed" }, { status: 418 }));
`,
  // streams one chunk, then waits for /release before the second: a buffering proxy would hang
  "functions/stream/index.ts": `
Deno.serve(() => {
  const g = globalThis as any;
  const body = new ReadableStream({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode("first;"));
      await new Promise((resolve) => g.releaseStream = resolve);
      controller.enqueue(new TextEncoder().encode("second"));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/plain" } });
});
`,
  "functions/release/index.ts": `
Deno.serve(() => {
  const g = globalThis as any;
  const released = typeof g.releaseStream === "function";
  g.releaseStream?.();
  return Response.json({ released });
});
`,
  // edge functions import with full npm: specifiers; locally they resolve from the project's node_modules
  "functions/uses-npm/index.ts": `
import { createClient } from "npm:@supabase/supabase-js@2.119.1";
import { shared } from "../_shared/helper.ts";
Deno.serve(() => {
  const client = createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_ANON_KEY")!);
  return Response.json({ client: typeof client.from, shared });
});
`,
  "functions/_shared/helper.ts": `export const shared = true;\n`,
  "functions/tests/index.ts": `Deno.serve(() => new Response("tests are not functions"));\n`,
};

async function writeFixtures(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "theset-functions-" });
  for (const [path, text] of Object.entries(FIXTURES)) {
    const file = join(root, "supabase", path);
    await Deno.mkdir(join(file, ".."), { recursive: true });
    await Deno.writeTextFile(file, text);
  }
  return join(root, "supabase", "functions");
}

const functionsDir = await writeFixtures();
const platform = await spawnPlatform({ functionsDir, withFunctions: true });
const base = platform.gateway.url;
const supabase = createClient(base, ANON_KEY, { auth: { persistSession: false, autoRefreshToken: false } });

function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}/functions/v1/${path}`, init);
}

Deno.test("invoke through supabase-js reaches the handler with the path, query, headers and body", async () => {
  const { data, error } = await supabase.functions.invoke("echo/sub/path?x=1&y=two", {
    body: { hello: "world" },
    headers: { "x-probe": "probe-value" },
  });
  assertEquals(error, null);
  assertEquals(data.method, "POST");
  assertEquals(data.path, "/echo/sub/path");
  assertEquals(data.search, "?x=1&y=two");
  assertEquals(data.header, "probe-value");
  assertEquals(JSON.parse(data.body), { hello: "world" });
  assertEquals(data.authorization, `Bearer ${ANON_KEY}`);
});

Deno.test("the function sees Supabase's environment and the .env values", async () => {
  const response = await call("echo", { headers: { Authorization: `Bearer ${ANON_KEY}` } });
  assertEquals(response.status, 200);
  assertEquals(response.headers.get("x-echo"), "yes");
  const { env } = await response.json();
  assertEquals(env.SUPABASE_URL, base, "SUPABASE_URL is the gateway in front of the function");
  // a project created today: named new keys and the session keys' JWKS, the legacy keys beside them
  assertEquals(JSON.parse(env.SUPABASE_PUBLISHABLE_KEYS), { default: PUBLISHABLE_KEY });
  assertEquals(JSON.parse(env.SUPABASE_SECRET_KEYS), { default: SECRET_KEY });
  assertEquals(JSON.parse(env.SUPABASE_JWKS), await jwks());
  assertEquals(env.SUPABASE_ANON_KEY, ANON_KEY);
  assertEquals(env.SUPABASE_SERVICE_ROLE_KEY, SERVICE_ROLE_KEY);
  assertEquals(env.SUPABASE_DB_URL, DB_URL);
  assertEquals(env.CRON_SECRET, Deno.env.get("CRON_SECRET") ?? null);
});

Deno.test("verify_jwt knows only the legacy secret: an ES256 session and the new keys are Invalid JWT, as on hosted", async () => {
  const now = Math.floor(Date.now() / 1000);
  const session = await signSessionJwt({ role: "authenticated", sub: "u", aud: "authenticated", exp: now + 60 });
  for (const headers of [{ Authorization: `Bearer ${session}` }, { Authorization: `Bearer ${PUBLISHABLE_KEY}` }]) {
    const response = await call("echo", { headers });
    assertEquals([response.status, await response.json()], [401, { msg: "Invalid JWT" }], JSON.stringify(headers));
  }
  const legacy = await call("echo", { headers: { Authorization: `Bearer ${ANON_KEY}` } });
  assertEquals(legacy.status, 200);
  await legacy.body?.cancel();
});

Deno.test("verify_jwt (the default) refuses a request without a valid bearer JWT", async () => {
  const missing = await call("echo");
  assertEquals(missing.status, 401);
  assertEquals(await missing.json(), { msg: "Error: Missing authorization header" });

  const basic = await call("echo", { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
  assertEquals(basic.status, 401);
  assertEquals(await basic.json(), { msg: "Error: Auth header is not 'Bearer {token}'" });

  const garbage = await call("echo", { headers: { Authorization: "Bearer not-a-jwt" } });
  assertEquals(garbage.status, 401);
  assertEquals(await garbage.json(), { msg: "Invalid JWT" });

  const otherSecret = await signJwt({ role: "anon", exp: 4102444800 }, "another-secret-of-at-least-32-characters!!");
  const forged = await call("echo", { headers: { Authorization: `Bearer ${otherSecret}` } });
  assertEquals(forged.status, 401);
  assertEquals(await forged.json(), { msg: "Invalid JWT" });

  const expiredToken = await signJwt({ role: "authenticated", sub: "u", exp: 1_000_000_000 }, JWT_SECRET);
  const expired = await call("echo", { headers: { Authorization: `Bearer ${expiredToken}` } });
  assertEquals(expired.status, 401);
  assertEquals(await expired.json(), { msg: "Invalid JWT" });

  const user = await signJwt({ role: "authenticated", sub: "u", exp: Math.floor(Date.now() / 1000) + 60 }, JWT_SECRET);
  const ok = await call("echo", { headers: { Authorization: `Bearer ${user}` } });
  assertEquals(ok.status, 200);
  await ok.body?.cancel();
});

Deno.test("a function may import npm: packages and _shared code", async () => {
  const { data, error } = await supabase.functions.invoke("uses-npm");
  assertEquals(error, null);
  assertEquals(data, { client: "function", shared: true });
});

Deno.test("verify_jwt = false in config.toml lets a request through without a token", async () => {
  const response = await call("open");
  assertEquals(response.status, 200);
  assertEquals(await response.text(), "open to anyone");
});

Deno.test("config.toml's entrypoint and the Deno.serve({handler}) form are honoured", async () => {
  const response = await call("custom");
  assertEquals(response.status, 200);
  assertEquals(await response.text(), "custom entrypoint");
});

Deno.test("OPTIONS is answered at once with CORS, without a token and without running the function", async () => {
  const response = await call("throws", {
    method: "OPTIONS",
    headers: {
      Origin: "http://localhost:5173",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization, x-client-info, apikey, content-type",
    },
  });
  await response.body?.cancel();
  assert(response.status === 204 || response.status === 200, `preflight status ${response.status}`);
  assertEquals(response.headers.get("access-control-allow-origin"), "*");
  const allowed = response.headers.get("access-control-allow-headers") ?? "";
  for (const header of ["authorization", "x-client-info", "apikey", "content-type"]) {
    assert(allowed.includes(header), `${header} is allowed (got ${allowed})`);
  }
});

Deno.test("an unknown slug, a _shared folder, tests/ and path tricks are 404", async () => {
  const auth = { headers: { Authorization: `Bearer ${ANON_KEY}` } };
  for (const path of ["does-not-exist", "_shared", "_shared/helper.ts", "tests", "..%2Fconfig.toml", ""]) {
    const response = await call(path, auth);
    assertEquals(response.status, 404, `${path} is not a function`);
    assertEquals(await response.json(), { code: "NOT_FOUND", message: "Requested function was not found" });
  }
});

Deno.test("a handler that throws is a 500 for that request only; the server keeps serving", async () => {
  const { data, error } = await supabase.functions.invoke("throws");
  assertEquals(data, null);
  assert(error instanceof FunctionsHttpError, `a FunctionsHttpError, got ${error}`);
  const context = (error as FunctionsHttpError).context as Response;
  assertEquals(context.status, 500);
  assertEquals(await context.json(), {
    code: "WORKER_ERROR",
    message: "Function exited due to an error (please check logs)",
  });
  const after = await supabase.functions.invoke("echo", { body: { still: "alive" } });
  assertEquals(after.error, null);
  assertEquals(JSON.parse(after.data.body), { still: "alive" });
});

Deno.test("stray rejections and failed waitUntil tasks do not take the server down", async () => {
  for (let i = 0; i < 3; i++) {
    const response = await call("careless", { headers: { Authorization: `Bearer ${ANON_KEY}` } });
    assertEquals(response.status, 200);
    assertEquals(await response.text(), "answered");
  }
  const health = await fetch(`${platform.functions!.url}/_internal/health`);
  assertEquals(health.status, 200);
  await health.body?.cancel();
});

Deno.test("an entrypoint that never calls Deno.serve is a 500 BOOT_ERROR", async () => {
  const response = await call("noserve", { headers: { Authorization: `Bearer ${ANON_KEY}` } });
  assertEquals(response.status, 500);
  assertEquals(await response.json(), { code: "BOOT_ERROR", message: "Function failed to start (please check logs)" });
});

Deno.test("the function's own status and body pass through unchanged", async () => {
  const { error } = await supabase.functions.invoke("status");
  assert(error instanceof FunctionsHttpError);
  const context = (error as FunctionsHttpError).context as Response;
  assertEquals(context.status, 418);
  assertEquals(await context.json(), { error: "not allowed" });
});

Deno.test("response bodies stream through the gateway chunk by chunk", async () => {
  const response = await call("stream", { headers: { Authorization: `Bearer ${ANON_KEY}` } });
  assertEquals(response.status, 200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  // the function holds back the rest until /release: this read only returns if nothing buffers
  const first = await reader.read();
  assertEquals(decoder.decode(first.value), "first;");
  const release = await call("release");
  assertEquals(await release.json(), { released: true });
  let rest = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
  assertEquals(rest, "second");
});

/** An unsigned token (alg none) claiming to be a signed-in fan: what an attacker can write without the secret. */
function unsignedToken(): string {
  const part = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "none", typ: "JWT" })}.${
    part({ sub: crypto.randomUUID(), role: "authenticated", exp: now + 600 })
  }.`;
}

Deno.test("the function server's own port answers only the gateway; the gateway's secret never reaches a handler", async () => {
  const direct = platform.functions!.url;
  const skippingTheGateway: Record<string, string>[] = [
    { Authorization: `Bearer ${unsignedToken()}` },
    { Authorization: `Bearer ${ANON_KEY}`, "x-theset-gateway-secret": "guessed" },
    { Authorization: `Bearer ${ANON_KEY}`, "x-theset-gateway-secret": "" },
  ];
  for (const headers of skippingTheGateway) {
    for (const path of ["echo", "open"]) {
      const response = await fetch(`${direct}/${path}`, { method: "POST", headers, body: "{}" });
      assertEquals(response.status, 401, `${path} straight to the function server`);
      assertEquals((await response.json()).code, "gateway_required");
    }
  }
  // the same unsigned token through the gateway meets verify_jwt
  const forged = await call("echo", { headers: { Authorization: `Bearer ${unsignedToken()}` } });
  assertEquals(forged.status, 401);
  assertEquals(await forged.json(), { msg: "Invalid JWT" });
  // the honest path: through the gateway, and the handler sees no trace of the secret
  const seen = await call("headers", { headers: { Authorization: `Bearer ${ANON_KEY}` } });
  assertEquals(seen.status, 200);
  const names: string[] = await seen.json();
  assert(names.includes("authorization"), `the handler sees the request's headers (${names})`);
  assert(!names.includes("x-theset-gateway-secret"), `the secret is stripped (${names})`);
  const open = await call("open");
  assertEquals(await open.text(), "open to anyone");
});

Deno.test("a function server that is down is a 503, not a hang", async () => {
  const lonely = await spawnPlatform({ functionsDir, withFunctions: false });
  try {
    const response = await fetch(`${lonely.gateway.url}/functions/v1/open`);
    assertEquals(response.status, 503);
    assertMatch((await response.json()).code, /^FUNCTIONS_UNAVAILABLE$/);
  } finally {
    await lonely.stop();
  }
});

Deno.test({
  name: "teardown: stop the spawned gateway and function server",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await platform.stop();
    await Deno.remove(join(functionsDir, "..", ".."), { recursive: true });
  },
});
