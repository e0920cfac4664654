// The hosted edge runtime's limits, enforced on each request to the local
// function server, so a test sees what Supabase would answer. The numbers
// come from the one place the sync functions plan by,
// supabase/functions/_shared/edge_limits.ts (EDGE_WALL_CLOCK_MS,
// EDGE_REQUEST_IDLE_TIMEOUT_MS and EDGE_MEMORY_MB shorten them for a test).
//
// What the caller gets, as on hosted (supabase.com/docs/guides/functions/limits
// and /status-codes; supabase/edge-runtime#349 made an idle timeout a 504):
//   - no response within the request idle timeout: 504, IDLE_TIMEOUT
//   - the wall clock, or more memory than the limit: 546, WORKER_LIMIT
//     ("Function failed due to not having enough compute resources")
// The 546 body is the one hosted projects have been seen to answer, with the
// documentation's code WORKER_LIMIT (recent answers in the wild also carry
// WORKER_RESOURCE_LIMIT with the same message: callers should go by the 546);
// the 504 body's wording is ours (the documentation gives only the status).
//
// Unlike the edge runtime, this server runs every function in one process, so
// it cannot end one function's isolate. At a limit it answers for the
// function, aborts the request's signal (fetches and reads that honour it
// stop) and reports it; code that ignores the signal runs on in the background,
// which on hosted would have been killed: a sync run cut off here closes its
// own row later rather than being left running (close_killed_sync_runs covers
// the hosted case). Memory is the growth of this process's V8 heap and
// external (ArrayBuffer) memory since the request started, sampled every 50 ms: a synchronous loop that never yields
// is not sampled, and is stopped only by the process's own heap limit.

import { type EdgeLimits, edgeLimits } from "../../../supabase/functions/_shared/edge_limits.ts";

export type LimitReason = "wall_clock" | "memory" | "idle_timeout";

const MEMORY_SAMPLE_MS = 50;

export function limitResponse(reason: LimitReason): Response {
  if (reason === "idle_timeout") {
    return Response.json(
      { code: "IDLE_TIMEOUT", message: "Function did not send a response before the request idle timeout" },
      { status: 504 },
    );
  }
  return Response.json(
    { code: "WORKER_LIMIT", message: "Function failed due to not having enough compute resources (please check logs)" },
    { status: 546 },
  );
}

export interface LimitedCall {
  /** the response, or the platform's answer at a limit */
  response: Response;
  /** the limit the function hit, if any */
  limit: LimitReason | null;
}

/**
 * Runs `handle` with an abort signal under the edge runtime's limits. The
 * sooner of the wall clock and the idle timeout ends the wait for a response
 * (the wall clock is a 546, the idle timeout a 504); memory growth past the
 * limit is a 546 at once.
 */
export async function underEdgeLimits(
  handle: (signal: AbortSignal) => Promise<Response>,
  limits: EdgeLimits = edgeLimits(),
  heapUsed: () => number = () => {
    const usage = Deno.memoryUsage();
    // typed arrays' backing stores live outside the V8 heap and count too
    return usage.heapUsed + usage.external;
  },
): Promise<LimitedCall> {
  const controller = new AbortController();
  const baseline = heapUsed();
  const timers: ReturnType<typeof setTimeout>[] = [];
  let sampler: ReturnType<typeof setInterval> | undefined;
  const limitHit = new Promise<LimitReason>((resolve) => {
    const idleFirst = limits.requestIdleTimeoutMs < limits.wallClockMs;
    timers.push(setTimeout(
      () => resolve(idleFirst ? "idle_timeout" : "wall_clock"),
      Math.min(limits.requestIdleTimeoutMs, limits.wallClockMs),
    ));
    sampler = setInterval(() => {
      if (heapUsed() - baseline > limits.memoryMb * 1024 * 1024) resolve("memory");
    }, MEMORY_SAMPLE_MS);
  });
  const answered = handle(controller.signal).then((response): LimitedCall => ({ response, limit: null }));
  try {
    const outcome = await Promise.race([
      answered,
      limitHit.then((limit): LimitedCall => ({ response: limitResponse(limit), limit })),
    ]);
    if (outcome.limit !== null) {
      controller.abort(new DOMException(`the edge runtime's ${outcome.limit} limit was reached`, "TimeoutError"));
      // a late answer or failure of a function cut off at a limit goes nowhere
      answered.catch(() => {});
    }
    return outcome;
  } finally {
    for (const timer of timers) clearTimeout(timer);
    clearInterval(sampler);
  }
}
