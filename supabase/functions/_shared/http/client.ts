// The one HTTP client every provider call goes through. Per provider it
// shares, across all runs in this process, a rate limiter and a circuit
// breaker; per call it applies a timeout, retries 429/5xx/timeouts/network
// errors/unreadable bodies with exponential backoff and full jitter (a 429's
// Retry-After wins over the backoff), consults and fills api_cache (with the
// ETag for conditional requests), takes each request from the provider's
// daily budget, and counts everything into the caller's CallStats.

import { numberEnv } from "../env.ts";
import { log } from "../log.ts";
import { type CacheEntry, cacheKey, type ResponseCache } from "./cache.ts";
import { CircuitBreaker } from "./circuit_breaker.ts";
import { type Provider, ProviderError } from "./errors.ts";
import { type BudgetStore, type Clock, SlidingWindowLimiter, systemClock } from "./rate_limiter.ts";
import type { CallStats } from "./stats.ts";

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
 */
export function defaultPolicy(provider: Provider): ProviderPolicy {
  const common = {
    timeoutMs: numberEnv("SYNC_HTTP_TIMEOUT_MS", 10_000),
    maxRetries: numberEnv("SYNC_HTTP_MAX_RETRIES", 4),
    backoffBaseMs: numberEnv("SYNC_HTTP_BACKOFF_BASE_MS", 500),
    backoffMaxMs: numberEnv("SYNC_HTTP_BACKOFF_MAX_MS", 8_000),
    maxRetryAfterMs: numberEnv("SYNC_HTTP_MAX_RETRY_AFTER_MS", 30_000),
    breakerThreshold: numberEnv("SYNC_BREAKER_THRESHOLD", 8),
    breakerCooldownMs: numberEnv("SYNC_BREAKER_COOLDOWN_MS", 30_000),
  };
  switch (provider) {
    case "ticketmaster":
      // 5 requests a second and 5,000 a day
      return {
        provider,
        rateLimit: { limit: numberEnv("TICKETMASTER_RATE_PER_SECOND", 5), windowMs: 1_100 },
        dailyBudget: numberEnv("TICKETMASTER_DAILY_BUDGET", 5_000),
        ...common,
      };
    case "spotify":
      // Spotify counts in a rolling 30-second window and does not publish the number
      return {
        provider,
        rateLimit: { limit: numberEnv("SPOTIFY_REQUESTS_PER_30S", 90), windowMs: 30_000 },
        dailyBudget: null,
        ...common,
      };
    case "setlistfm":
      // about 2 requests a second and 1,440 a day on a free key
      return {
        provider,
        rateLimit: { limit: numberEnv("SETLISTFM_RATE_PER_SECOND", 2), windowMs: 1_100 },
        dailyBudget: numberEnv("SETLISTFM_DAILY_BUDGET", 1_440),
        ...common,
      };
  }
}

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

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function redact(url: URL, secretParams: string[]): string {
  const copy = new URL(url);
  for (const name of secretParams) if (copy.searchParams.has(name)) copy.searchParams.set(name, "***");
  return copy.toString();
}

type Attempt =
  | { kind: "response"; response: Response }
  | { kind: "timeout" }
  | { kind: "network"; message: string };

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
    const method = request.method ?? "GET";
    const secretParams = request.secretParams ?? [];
    const stats = this.deps.stats;
    const ttl = request.cacheTtlSeconds ?? 0;
    const cache = method === "GET" && ttl > 0 ? this.deps.cache ?? null : null;
    const key = cache ? cacheKey(method, request.url, secretParams) : "";
    const shownUrl = redact(request.url, secretParams);

    let cached: CacheEntry | null = null;
    if (cache) {
      cached = await cache.get(this.provider, key);
      if (cached?.fresh) {
        stats.count(this.provider, "cache_hits");
        return { status: cached.status, body: cached.body as T, fromCache: true };
      }
    }

    const { breaker, limiter } = this.#runtime;
    let lastError: ProviderError | null = null;
    for (let attempt = 0; attempt <= this.policy.maxRetries; attempt++) {
      if (attempt > 0) stats.count(this.provider, "retries");
      if (!breaker.allow()) {
        stats.count(this.provider, "failures");
        throw new ProviderError(
          this.provider,
          "circuit_open",
          `circuit open after repeated failures; next probe in ${Math.ceil(breaker.retryInMs / 1000)} s`,
          null,
          shownUrl,
        );
      }
      if (this.policy.dailyBudget !== null && this.deps.budget) {
        const limit = this.dailyLimit;
        if (!await this.deps.budget.consume(this.provider, limit, this.deps.budgetKeyId ?? "")) {
          breaker.recordSuccess();
          stats.count(this.provider, "failures");
          throw new ProviderError(
            this.provider,
            "budget_exhausted",
            limit < this.policy.dailyBudget
              ? `${limit} of the daily budget of ${this.policy.dailyBudget} requests are used up; the rest is kept for the scheduled syncs`
              : `daily budget of ${this.policy.dailyBudget} requests is used up`,
            null,
            shownUrl,
          );
        }
      }
      await limiter.acquire();

      const headers = new Headers(request.headers);
      if (cached?.etag) headers.set("If-None-Match", cached.etag);
      stats.count(this.provider, "requests");
      const outcome = await this.#send(method, request.url, headers, request.body);

      let waitMs: number | null = null;
      if (outcome.kind === "timeout") {
        breaker.recordFailure();
        lastError = new ProviderError(
          this.provider,
          "timeout",
          `no answer within ${this.policy.timeoutMs} ms`,
          null,
          shownUrl,
        );
      } else if (outcome.kind === "network") {
        breaker.recordFailure();
        lastError = new ProviderError(this.provider, "network", outcome.message, null, shownUrl);
      } else {
        const response = outcome.response;
        const status = response.status;
        if (status === 429) {
          // the provider is up and pacing us: not a breaker failure
          breaker.recordSuccess();
          stats.count(this.provider, "rate_limited");
          await response.body?.cancel();
          const retryAfter = parseRetryAfter(response.headers.get("retry-after"), this.#clock.now());
          if (retryAfter !== null && retryAfter > this.policy.maxRetryAfterMs) {
            limiter.pauseUntil(this.#clock.now() + retryAfter);
            stats.count(this.provider, "failures");
            throw new ProviderError(
              this.provider,
              "rate_limited",
              `429 with Retry-After ${Math.ceil(retryAfter / 1000)} s, longer than this run waits`,
              429,
              shownUrl,
            );
          }
          waitMs = retryAfter ?? this.#backoff(attempt);
          limiter.pauseUntil(this.#clock.now() + waitMs);
          lastError = new ProviderError(this.provider, "rate_limited", "429 Too Many Requests", 429, shownUrl);
        } else if (status >= 500) {
          breaker.recordFailure();
          await response.body?.cancel();
          lastError = new ProviderError(this.provider, "server_error", `HTTP ${status}`, status, shownUrl);
        } else if (status === 304 && cached) {
          breaker.recordSuccess();
          await response.body?.cancel();
          stats.count(this.provider, "not_modified");
          await cache!.refresh(this.provider, key, ttl);
          return { status: cached.status, body: cached.body as T, fromCache: true };
        } else if (status === 404 && request.notFoundIsEmpty) {
          breaker.recordSuccess();
          await response.body?.cancel();
          if (cache) await cache.put(this.provider, key, { status: 404, body: null, etag: null }, ttl);
          return { status: 404, body: null, fromCache: false };
        } else if (status >= 400) {
          breaker.recordSuccess();
          const text = await response.text().catch(() => "");
          stats.count(this.provider, "failures");
          throw new ProviderError(
            this.provider,
            status === 404 ? "not_found" : "client_error",
            `HTTP ${status}: ${text.slice(0, 300)}`,
            status,
            shownUrl,
          );
        } else {
          const text = await response.text().catch(() => null);
          let body: T | undefined;
          try {
            body = text === null ? undefined : JSON.parse(text) as T;
          } catch {
            body = undefined;
          }
          if (body === undefined) {
            breaker.recordFailure();
            lastError = new ProviderError(
              this.provider,
              "bad_json",
              `HTTP ${status} with a body that is not JSON`,
              status,
              shownUrl,
            );
          } else {
            breaker.recordSuccess();
            if (cache && (request.cacheable?.(body) ?? true)) {
              await cache.put(this.provider, key, { status, body, etag: response.headers.get("etag") }, ttl);
            }
            return { status, body, fromCache: false };
          }
        }
      }

      if (attempt < this.policy.maxRetries) {
        const delay = waitMs ?? this.#backoff(attempt);
        log("debug", "provider_retry", {
          provider: this.provider,
          url: shownUrl,
          error: lastError.code,
          delay_ms: delay,
        });
        await this.#clock.sleep(delay);
      }
    }
    stats.count(this.provider, "failures");
    throw lastError!;
  }

  /** Full jitter: uniform in [0, min(max, base * 2^attempt)], never below a tenth of the base. */
  #backoff(attempt: number): number {
    const ceiling = Math.min(this.policy.backoffMaxMs, this.policy.backoffBaseMs * 2 ** attempt);
    return Math.max(this.policy.backoffBaseMs / 10, Math.round(this.#random() * ceiling));
  }

  async #send(method: string, url: URL, headers: Headers, body: string | undefined): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.policy.timeoutMs);
    try {
      const response = await this.#fetch(url, { method, headers, body, signal: controller.signal });
      // the timeout covers the body too: read it under the same timer
      const bytes = await response.arrayBuffer();
      const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
      const buffered = new Response(nullBody ? null : bytes, { status: response.status, headers: response.headers });
      return { kind: "response", response: buffered };
    } catch (error) {
      if (controller.signal.aborted) return { kind: "timeout" };
      return { kind: "network", message: (error as Error).message ?? String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
