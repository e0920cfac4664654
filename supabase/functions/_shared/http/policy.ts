// What each provider allows (rate, daily budget, timeouts, retries, breaker)
// and the process-wide limiter and breaker that enforce it, shared by every
// run in one isolate.

import { numberEnv } from "../env.ts";
import { CircuitBreaker } from "./circuit_breaker.ts";
import type { Provider } from "./errors.ts";
import { type Clock, SlidingWindowLimiter, systemClock } from "./rate_limiter.ts";

export interface ProviderPolicy {
  provider: Provider;
  /** at most `limit` requests in any `windowMs` */
  rateLimit: { limit: number; windowMs: number };
  /** requests a day, counted across every run (null: no daily cap) */
  dailyBudget: number | null;
  timeoutMs: number;
  /** attempts after the first */
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** a Retry-After longer than this is not waited out: the call fails as rate_limited */
  maxRetryAfterMs: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
}

/**
 * The providers' published limits, with a little headroom on the window so
 * requests spaced exactly at the limit do not arrive closer than it after
 * network jitter. SYNC_HTTP_* variables shorten timeouts and backoff (tests,
 * or a machine far from the provider).
 *
 * The retry defaults are sized to the edge runtime (edge_limits.ts): one
 * call's worst case, 4 attempts of 10 s and 3 waits of at most 10 s, is 70 s,
 * so a sync run that stops taking work 70 s before its answer is due still
 * answers inside the 150 s request idle timeout. (4 retries and a 30 s
 * Retry-After made it 170 s: a single call could outlive the request.)
 */
export function defaultPolicy(provider: Provider): ProviderPolicy {
  const common = {
    timeoutMs: numberEnv("SYNC_HTTP_TIMEOUT_MS", 10_000),
    maxRetries: numberEnv("SYNC_HTTP_MAX_RETRIES", 3),
    backoffBaseMs: numberEnv("SYNC_HTTP_BACKOFF_BASE_MS", 500),
    backoffMaxMs: numberEnv("SYNC_HTTP_BACKOFF_MAX_MS", 8_000),
    maxRetryAfterMs: numberEnv("SYNC_HTTP_MAX_RETRY_AFTER_MS", 10_000),
    breakerThreshold: numberEnv("SYNC_BREAKER_THRESHOLD", 8),
    breakerCooldownMs: numberEnv("SYNC_BREAKER_COOLDOWN_MS", 30_000),
  };
  return { provider, ...PACE[provider](), ...common };
}

/** Each provider's pace: requests per window and per day, read from the environment when asked. */
const PACE: Record<Provider, () => Pick<ProviderPolicy, "rateLimit" | "dailyBudget">> = {
  // 5 requests a second and 5,000 a day
  ticketmaster: () => ({
    rateLimit: { limit: numberEnv("TICKETMASTER_RATE_PER_SECOND", 5), windowMs: 1_100 },
    dailyBudget: numberEnv("TICKETMASTER_DAILY_BUDGET", 5_000),
  }),
  // Spotify counts in a rolling 30-second window and does not publish the number
  spotify: () => ({
    rateLimit: { limit: numberEnv("SPOTIFY_REQUESTS_PER_30S", 90), windowMs: 30_000 },
    dailyBudget: null,
  }),
  // about 2 requests a second and 1,440 a day on a free key
  setlistfm: () => ({
    rateLimit: { limit: numberEnv("SETLISTFM_RATE_PER_SECOND", 2), windowMs: 1_100 },
    dailyBudget: numberEnv("SETLISTFM_DAILY_BUDGET", 1_440),
  }),
};

export interface ProviderRuntime {
  policy: ProviderPolicy;
  limiter: SlidingWindowLimiter;
  breaker: CircuitBreaker;
}

const runtimes = new Map<Provider, ProviderRuntime>();

/** The process-wide limiter and breaker of a provider (one per isolate, shared by its runs). */
export function providerRuntime(provider: Provider, clock: Clock = systemClock): ProviderRuntime {
  let runtime = runtimes.get(provider);
  if (!runtime) {
    const policy = defaultPolicy(provider);
    runtime = {
      policy,
      limiter: new SlidingWindowLimiter(policy.rateLimit.limit, policy.rateLimit.windowMs, clock),
      breaker: new CircuitBreaker(policy.breakerThreshold, policy.breakerCooldownMs, clock),
    };
    runtimes.set(provider, runtime);
  }
  return runtime;
}

/** Forget limiter and breaker state (tests start each case from a closed circuit). */
export function resetProviderRuntimes(): void {
  runtimes.clear();
}
