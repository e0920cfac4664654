// The edge runtime's limits through a running gateway and function server, as a
// test of the project sees them: started with EDGE_REQUEST_IDLE_TIMEOUT_MS,
// EDGE_WALL_CLOCK_MS and EDGE_MEMORY_MB set short, a function that answers too
// late gets 504, one that allocates past the memory limit gets 546
// WORKER_LIMIT, and the server keeps serving the next request.

import { join } from "node:path";
import { assert, assertEquals } from "../../../test/assert.ts";
import { ANON_KEY } from "../../config.ts";
import { spawnPlatform } from "./helpers.ts";

const FIXTURES: Record<string, string> = {
  "config.toml": `
project_id = "function-limits-contract"

[functions.slow]
verify_jwt = false

[functions.hog]
verify_jwt = false
`,
  "functions/slow/index.ts": `
Deno.serve(async (req) => {
  const ms = Number(new URL(req.url).searchParams.get("ms") ?? "0");
  await new Promise((resolve) => setTimeout(resolve, ms));
  return new Response("slept " + ms);
});
`,
  // keeps 8 MB blocks, yielding between them, until the request is aborted or 400 MB are held
  "functions/hog/index.ts": `
Deno.serve(async (req) => {
  const held = [];
  while (!req.signal.aborted && held.length < 50) {
    held.push(new Float64Array(1024 * 1024).fill(held.length + 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return new Response("held " + held.length * 8 + " MB");
});
`,
};

async function writeFixtures(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "theset-function-limits-" });
  for (const [path, text] of Object.entries(FIXTURES)) {
    const file = join(root, "supabase", path);
    await Deno.mkdir(join(file, ".."), { recursive: true });
    await Deno.writeTextFile(file, text);
  }
  return join(root, "supabase", "functions");
}

Deno.test({
  name: "the local function server answers 504 past the idle timeout and 546 WORKER_LIMIT past the memory limit",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const functionsDir = await writeFixtures();
    const platform = await spawnPlatform({
      functionsDir,
      withFunctions: true,
      env: { EDGE_REQUEST_IDLE_TIMEOUT_MS: "1500", EDGE_WALL_CLOCK_MS: "4000", EDGE_MEMORY_MB: "64" },
    });
    const call = async (path: string) => {
      const started = Date.now();
      const response = await fetch(`${platform.gateway.url}/functions/v1/${path}`, {
        headers: { apikey: ANON_KEY, Authorization: `Bearer ${ANON_KEY}` },
      });
      return { status: response.status, body: await response.text(), took: Date.now() - started };
    };
    try {
      const quick = await call("slow?ms=100");
      assertEquals([quick.status, quick.body], [200, "slept 100"]);

      const late = await call("slow?ms=3000");
      assertEquals(late.status, 504, late.body);
      assertEquals(JSON.parse(late.body).code, "IDLE_TIMEOUT");
      assert(late.took < 2_800, `answered at the idle timeout, after ${late.took} ms`);

      const hog = await call("hog");
      assertEquals(hog.status, 546, hog.body);
      assertEquals(JSON.parse(hog.body).code, "WORKER_LIMIT");
      assert(platform.functions!.log().includes("hog: stopped at the edge runtime's memory limit"));

      const after = await call("slow?ms=10");
      assertEquals([after.status, after.body], [200, "slept 10"], "the server keeps serving");
    } finally {
      await platform.stop();
      await Deno.remove(join(functionsDir, "..", ".."), { recursive: true });
    }
  },
});
