// Counts of what one sync run (or one proxy request) asked the providers for.
// The run copies these into sync_runs.api_calls and sync_runs.stats.

import type { Provider } from "./errors.ts";

export interface ProviderCounters {
  /** HTTP requests actually sent, retries included */
  requests: number;
  /** answered from api_cache without a request */
  cache_hits: number;
  /** conditional requests answered 304 Not Modified */
  not_modified: number;
  retries: number;
  /** 429 answers received */
  rate_limited: number;
  /** calls that failed after all retries */
  failures: number;
}

const empty = (): ProviderCounters => ({
  requests: 0,
  cache_hits: 0,
  not_modified: 0,
  retries: 0,
  rate_limited: 0,
  failures: 0,
});

export class CallStats {
  readonly byProvider: Record<Provider, ProviderCounters> = {
    ticketmaster: empty(),
    spotify: empty(),
    setlistfm: empty(),
  };

  count(provider: Provider, field: keyof ProviderCounters, by = 1): void {
    this.byProvider[provider][field] += by;
  }

  /** Requests sent to every provider: what sync_runs.api_calls holds. */
  get totalRequests(): number {
    return Object.values(this.byProvider).reduce((sum, c) => sum + c.requests, 0);
  }

  toJSON(): Record<string, ProviderCounters> {
    const used: Record<string, ProviderCounters> = {};
    for (const [provider, counters] of Object.entries(this.byProvider)) {
      if (Object.values(counters).some((n) => n > 0)) used[provider] = { ...counters };
    }
    return used;
  }
}
