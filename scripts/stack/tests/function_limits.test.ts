// The local function server's edge-runtime limits (scripts/stack/functions/limits.ts),
// one limit at a time with short limits: the wall clock is a 546 WORKER_LIMIT,
// the request idle timeout a 504, memory growth past the limit a 546, and the
// function's request signal is aborted at the limit; a function inside the
// limits gets its own answer.

import { assert, assertEquals } from "../../test/assert.ts";
import { HOSTED_EDGE_LIMITS } from "../../../supabase/functions/_shared/edge_limits.ts";
import { underEdgeLimits } from "../functions/limits.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const limits = (overrides: Partial<typeof HOSTED_EDGE_LIMITS>) => ({ ...HOSTED_EDGE_LIMITS, ...overrides });

Deno.test("a function inside the limits gets its own answer, untouched", async () => {
  const { response, limit } = await underEdgeLimits(async () => {
    await sleep(20);
    return new Response("mine", { status: 418 });
  }, limits({ wallClockMs: 1_000, requestIdleTimeoutMs: 1_000 }));
  assertEquals([limit, response.status, await response.text()], [null, 418, "mine"]);
});

Deno.test("past the wall clock: 546 WORKER_LIMIT, and the function's request signal is aborted", async () => {
  let aborted = false;
  const started = Date.now();
  const { response, limit } = await underEdgeLimits(async (signal) => {
    signal.addEventListener("abort", () => aborted = true);
    await sleep(600);
    return new Response("too late");
  }, limits({ wallClockMs: 150, requestIdleTimeoutMs: 1_000 }));
  assertEquals([limit, response.status], ["wall_clock", 546]);
  assertEquals((await response.json()).code, "WORKER_LIMIT");
  assert(Date.now() - started < 500, "answered at the limit, not when the function finished");
  assert(aborted, "the request's signal was aborted");
});

Deno.test("past the request idle timeout: 504 IDLE_TIMEOUT", async () => {
  const { response, limit } = await underEdgeLimits(async () => {
    await sleep(600);
    return new Response("too late");
  }, limits({ wallClockMs: 1_000, requestIdleTimeoutMs: 150 }));
  assertEquals([limit, response.status, (await response.json()).code], ["idle_timeout", 504, "IDLE_TIMEOUT"]);
});

Deno.test("memory past the limit: 546 WORKER_LIMIT; below it the function answers", async () => {
  let heap = 10 * 1024 * 1024;
  const grows = await underEdgeLimits(
    async (signal) => {
      // a function that honours the aborted signal stops growing
      for (let i = 0; i < 20 && !signal.aborted; i++) {
        heap += 4 * 1024 * 1024;
        await sleep(20);
      }
      return new Response("done");
    },
    limits({ memoryMb: 16 }),
    () => heap,
  );
  assertEquals([grows.limit, grows.response.status], ["memory", 546]);

  heap = 10 * 1024 * 1024;
  const modest = await underEdgeLimits(
    async () => {
      heap += 8 * 1024 * 1024;
      await sleep(150);
      return new Response("done");
    },
    limits({ memoryMb: 16 }),
    () => heap,
  );
  assertEquals([modest.limit, modest.response.status], [null, 200]);
});
