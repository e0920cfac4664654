// The hosted edge runtime's limits, in one place: the sync functions plan
// their runs by them and the local function server (scripts/stack/functions)
// enforces them, so a run that would be cut off on Supabase is cut off in the
// tests too.
//
// Supabase's documentation, "Edge Functions > Limits"
// (https://supabase.com/docs/guides/functions/limits):
//   - Maximum memory: 256 MB
//   - Maximum duration (wall clock): 150 s on the Free plan, 400 s on paid plans
//   - Maximum CPU time: 2 s per request (async I/O not included)
//   - Request idle timeout: 150 s; a function that has not sent a response by
//     then gets 504 Gateway Timeout
// Past the wall clock (or CPU or memory) the supervisor ends the worker and
// the caller gets 546 WORKER_LIMIT (supabase.com/docs/guides/functions/status-codes
// and supabase.com/docs/guides/troubleshooting/edge-function-limits).
//
// EDGE_WALL_CLOCK_MS, EDGE_REQUEST_IDLE_TIMEOUT_MS and EDGE_MEMORY_MB change
// them: a paid plan sets EDGE_WALL_CLOCK_MS=400000 (the idle timeout still
// caps a request at 150 s), and tests set a few seconds to see the cut-off.

import { numberEnv } from "./env.ts";
import type { ProviderPolicy } from "./http/policy.ts";

export interface EdgeLimits {
  wallClockMs: number;
  requestIdleTimeoutMs: number;
  memoryMb: number;
  cpuMs: number;
}

export const HOSTED_EDGE_LIMITS: EdgeLimits = {
  wallClockMs: 150_000,
  requestIdleTimeoutMs: 150_000,
  memoryMb: 256,
  cpuMs: 2_000,
};

/** The limits this deployment runs under (the hosted ones unless EDGE_* says otherwise). */
export function edgeLimits(): EdgeLimits {
  return {
    wallClockMs: numberEnv("EDGE_WALL_CLOCK_MS", HOSTED_EDGE_LIMITS.wallClockMs),
    requestIdleTimeoutMs: numberEnv("EDGE_REQUEST_IDLE_TIMEOUT_MS", HOSTED_EDGE_LIMITS.requestIdleTimeoutMs),
    memoryMb: numberEnv("EDGE_MEMORY_MB", HOSTED_EDGE_LIMITS.memoryMb),
    cpuMs: HOSTED_EDGE_LIMITS.cpuMs,
  };
}

/**
 * What a run keeps back for its end: the final sync_runs update,
 * log_cron_run and the run's events, three short statements. Generous
 * against a busy database; small next to the limits.
 */
export const RUN_FINISH_RESERVE_MS = 5_000;

/**
 * The longest one provider call can take through ProviderClient: every
 * attempt running into its timeout, and between attempts the longest wait
 * the client accepts (its exponential backoff ceiling, or a 429's
 * Retry-After up to maxRetryAfterMs, whichever is longer).
 */
export function worstCaseCallMs(policy: ProviderPolicy): number {
  let total = (policy.maxRetries + 1) * policy.timeoutMs;
  for (let attempt = 0; attempt < policy.maxRetries; attempt++) {
    const backoff = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** attempt);
    total += Math.max(backoff, policy.maxRetryAfterMs);
  }
  return total;
}

export interface RunTimeline {
  /** the run must have answered by now: the sooner of the idle timeout and the wall clock, less the finish reserve */
  answerByMs: number;
  /** no new item is started after this: the last one, retries and waits included, still ends by answerByMs */
  stopTakingWorkAtMs: number;
  /** the worst case of one provider call the cut-off leaves room for */
  worstCaseCallMs: number;
}

/**
 * A sync run's timeline from its start (epoch ms). The function answers only
 * when the run ends, so the request idle timeout bounds the run as much as
 * the wall clock does. Provider calls are also held to answerByMs by the
 * client itself (ClientDeps.deadline), so an item of several calls that
 * started just before the cut-off fails its late calls instead of outliving
 * the worker.
 */
export function runTimeline(startedAtMs: number, limits: EdgeLimits, policies: ProviderPolicy[]): RunTimeline {
  const answerByMs = startedAtMs + Math.min(limits.wallClockMs, limits.requestIdleTimeoutMs) - RUN_FINISH_RESERVE_MS;
  const worst = Math.max(0, ...policies.map(worstCaseCallMs));
  return { answerByMs, stopTakingWorkAtMs: answerByMs - worst, worstCaseCallMs: worst };
}
