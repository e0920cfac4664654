// The one HTTP client every provider call goes through, as a pipeline of
// stages with one job each: api_cache (cache.ts, with the ETag for
// conditional requests), admission (admission.ts: circuit breaker, daily
// budget), the provider's rate limiter (rate_limiter.ts), one timed attempt
// (transport.ts), and the status ladder that says what the answer means
// (status_ladder.ts). This file only strings them together: it retries what
// the ladder calls retryable with exponential backoff and full jitter (a
// 429's Retry-After wins over the backoff) and counts everything into the
// caller's CallStats.

import { log } from "../log.ts";
import { drawFromBudget, passCircuit } from "./admission.ts";
import { type CacheEntry, cacheKey, type ResponseCache } from "./cache.ts";
import { type Provider, ProviderError } from "./errors.ts";
import { type ProviderPolicy, type ProviderRuntime, providerRuntime } from "./policy.ts";
import { type BudgetStore, type Clock, systemClock } from "./rate_limiter.ts";
import type { CallStats } from "./stats.ts";
import { judgeAttempt, type Verdict } from "./status_ladder.ts";
import { sendOnce } from "./transport.ts";

export {
  defaultPolicy,
  type ProviderPolicy,
  type ProviderRuntime,
  providerRuntime,
  resetProviderRuntimes,
} from "./policy.ts";
export { parseRetryAfter } from "./status_ladder.ts";

export interface ClientDeps {
  stats: CallStats;
  cache?: ResponseCache | null;
  budget?: BudgetStore | null;
  /** which key's daily budget the requests draw on (a fingerprint, see keyFingerprint) */
  budgetKeyId?: string;
  /**
   * the share (0..1] of the daily budget these requests may take; the SPA's proxies take less
   * than all of it, so the rest stays for the scheduled syncs (default 1: the whole budget)
   */
  budgetShare?: number;
  fetch?: typeof fetch;
  clock?: Clock;
  random?: () => number;
  /** defaults to the shared providerRuntime(provider) */
  runtime?: ProviderRuntime;
  /**
   * epoch ms by which every call must have ended (a sync run's answer time, see
   * edge_limits.ts): no attempt runs and no wait lasts past it
   */
  deadline?: number;
}

export interface ProviderRequest {
  method?: "GET" | "POST";
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  /** seconds to keep a 200 (and a 404-as-empty) in api_cache; 0 or absent: never cached */
  cacheTtlSeconds?: number;
  /** query parameters that are credentials: kept out of cache keys and logs */
  secretParams?: string[];
  /** 404 means "no results" for this endpoint (setlist.fm): answer { status: 404, body: null } */
  notFoundIsEmpty?: boolean;
  /**
   * Whether a 200's body may be cached: one this refuses (a page that came back
   * short, say) is still answered, but not kept to be served again.
   */
  cacheable?: (body: unknown) => boolean;
}

export interface ProviderResponse<T> {
  status: number;
  body: T | null;
  fromCache: boolean;
}

function redact(url: URL, secretParams: string[]): string {
  const copy = new URL(url);
  for (const name of secretParams) if (copy.searchParams.has(name)) copy.searchParams.set(name, "***");
  return copy.toString();
}

/** One call's fixed facts, worked out once before its attempts. */
interface Call {
  request: ProviderRequest;
  method: "GET" | "POST";
  shownUrl: string;
  cache: ResponseCache | null;
  key: string;
  ttl: number;
}

export class ProviderClient {
  readonly provider: Provider;
  readonly policy: ProviderPolicy;
  readonly #runtime: ProviderRuntime;
  readonly #fetch: typeof fetch;
  readonly #clock: Clock;
  readonly #random: () => number;

  constructor(provider: Provider, readonly deps: ClientDeps) {
    this.provider = provider;
    this.#clock = deps.clock ?? systemClock;
    this.#runtime = deps.runtime ?? providerRuntime(provider, this.#clock);
    this.policy = this.#runtime.policy;
    this.#fetch = deps.fetch ?? fetch;
    this.#random = deps.random ?? Math.random;
  }

  /** Requests a day these calls may draw from the key's budget: the policy's budget times budgetShare. */
  get dailyLimit(): number {
    const budget = this.policy.dailyBudget ?? 0;
    const share = this.deps.budgetShare ?? 1;
    if (!(share > 0 && share <= 1)) throw new RangeError(`budgetShare ${share} is not in (0, 1]`);
    return Math.floor(budget * share);
  }

  async getJson<T>(url: URL, options: Omit<ProviderRequest, "url" | "method"> = {}): Promise<ProviderResponse<T>> {
    return await this.request<T>({ ...options, url, method: "GET" });
  }

  async request<T>(request: ProviderRequest): Promise<ProviderResponse<T>> {
    const call = this.#describe(request);
    const stats = this.deps.stats;
    const cached = call.cache ? await call.cache.get(this.provider, call.key) : null;
    if (cached?.fresh) {
      stats.count(this.provider, "cache_hits");
      return { status: cached.status, body: cached.body as T, fromCache: true };
    }

    let lastError: ProviderError | null = null;
    for (let attempt = 0; attempt <= this.policy.maxRetries; attempt++) {
      if (attempt > 0) stats.count(this.provider, "retries");
      const verdict = await this.#attempt(call, cached);
      if (verdict.breaker === "failure") this.#runtime.breaker.recordFailure();
      else this.#runtime.breaker.recordSuccess();
      if (verdict.kind !== "retry") return await this.#settle<T>(call, cached, verdict);

      lastError = verdict.error;
      if (verdict.pacing) stats.count(this.provider, "rate_limited");
      const delay = verdict.retryAfterMs ?? this.#backoff(attempt);
      // a 429 holds every caller of the provider, not just this one
      if (verdict.pacing) this.#runtime.limiter.pauseUntil(this.#clock.now() + delay);
      if (attempt < this.policy.maxRetries && this.#timeLeft() <= delay) {
        // the wait would end past the run's deadline: the call fails now with what it got
        break;
      }
      if (attempt < this.policy.maxRetries) {
        log("debug", "provider_retry", {
          provider: this.provider,
          url: call.shownUrl,
          error: lastError.code,
          delay_ms: delay,
        });
        await this.#clock.sleep(delay);
      }
    }
    stats.count(this.provider, "failures");
    throw lastError!;
  }

  #describe(request: ProviderRequest): Call {
    const method = request.method ?? "GET";
    const secretParams = request.secretParams ?? [];
    const ttl = request.cacheTtlSeconds ?? 0;
    const cache = method === "GET" && ttl > 0 ? this.deps.cache ?? null : null;
    const key = cache ? cacheKey(method, request.url, secretParams) : "";
    return { request, method, shownUrl: redact(request.url, secretParams), cache, key, ttl };
  }

  /** Admission, the rate limiter's wait, one timed request, and the ladder's verdict on it. */
  async #attempt(call: Call, cached: CacheEntry | null): Promise<Verdict> {
    this.#beforeDeadline(call);
    try {
      passCircuit(this.#runtime.breaker, this.provider, call.shownUrl);
      const dailyBudget = this.policy.dailyBudget;
      if (dailyBudget !== null && this.deps.budget) {
        await drawFromBudget({
          store: this.deps.budget,
          provider: this.provider,
          limit: this.dailyLimit,
          dailyBudget,
          keyId: this.deps.budgetKeyId ?? "",
          shownUrl: call.shownUrl,
        }).catch((error) => {
          // give back the half-open probe slot the circuit may have handed out
          this.#runtime.breaker.recordSuccess();
          throw error;
        });
      }
    } catch (error) {
      this.deps.stats.count(this.provider, "failures");
      throw error;
    }
    await this.#runtime.limiter.acquire();
    // the rate limiter's wait may have used up what was left
    const timeoutMs = Math.min(this.policy.timeoutMs, this.#beforeDeadline(call));

    const headers = new Headers(call.request.headers);
    if (cached?.etag) headers.set("If-None-Match", cached.etag);
    this.deps.stats.count(this.provider, "requests");
    const outcome = await sendOnce(this.#fetch, {
      method: call.method,
      url: call.request.url,
      headers,
      body: call.request.body,
      timeoutMs,
    });
    return await judgeAttempt(outcome, {
      provider: this.provider,
      shownUrl: call.shownUrl,
      timeoutMs,
      maxRetryAfterMs: this.policy.maxRetryAfterMs,
      hasCachedCopy: cached !== null,
      notFoundIsEmpty: call.request.notFoundIsEmpty ?? false,
      now: this.#clock.now(),
    });
  }

  /** A final verdict: answer the caller (keeping what may be kept in api_cache) or throw. */
  async #settle<T>(
    call: Call,
    cached: CacheEntry | null,
    verdict: Exclude<Verdict, { kind: "retry" }>,
  ): Promise<ProviderResponse<T>> {
    const { cache, key, ttl } = call;
    switch (verdict.kind) {
      case "answer":
        if (cache && (call.request.cacheable?.(verdict.body) ?? true)) {
          await cache.put(this.provider, key, { status: verdict.status, body: verdict.body, etag: verdict.etag }, ttl);
        }
        return { status: verdict.status, body: verdict.body as T, fromCache: false };
      case "not_modified":
        this.deps.stats.count(this.provider, "not_modified");
        await cache!.refresh(this.provider, key, ttl);
        return { status: cached!.status, body: cached!.body as T, fromCache: true };
      case "empty":
        if (cache) await cache.put(this.provider, key, { status: 404, body: null, etag: null }, ttl);
        return { status: 404, body: null, fromCache: false };
      case "fail":
        if (verdict.pauseMs !== undefined) {
          // a 429 whose Retry-After is longer than we wait: still hold every caller that long
          this.deps.stats.count(this.provider, "rate_limited");
          this.#runtime.limiter.pauseUntil(this.#clock.now() + verdict.pauseMs);
        }
        this.deps.stats.count(this.provider, "failures");
        throw verdict.error;
    }
  }

  /** ms left before the deadline; a deadline_exceeded ProviderError when none is. */
  #beforeDeadline(call: Call): number {
    const left = this.#timeLeft();
    if (left > 0) return left;
    this.deps.stats.count(this.provider, "failures");
    throw new ProviderError(
      this.provider,
      "deadline_exceeded",
      "the run must answer before this request could end",
      null,
      call.shownUrl,
    );
  }

  /** ms until the deadline (Infinity without one). */
  #timeLeft(): number {
    return this.deps.deadline === undefined ? Infinity : this.deps.deadline - this.#clock.now();
  }

  /** Full jitter: uniform in [0, min(max, base * 2^attempt)], never below a tenth of the base. */
  #backoff(attempt: number): number {
    const ceiling = Math.min(this.policy.backoffMaxMs, this.policy.backoffBaseMs * 2 ** attempt);
    return Math.max(this.policy.backoffBaseMs / 10, Math.round(this.#random() * ceiling));
  }
}
