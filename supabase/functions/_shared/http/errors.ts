// What can go wrong talking to a provider, as one error type with a stable
// code the sync records in sync_errors and the proxies map to HTTP statuses.

export type Provider = "ticketmaster" | "spotify" | "setlistfm";

export type ProviderErrorCode =
  | "rate_limited" // 429 after every retry, or a Retry-After longer than we wait
  | "server_error" // 5xx after every retry
  | "timeout" // no answer within the timeout, after every retry
  | "network" // connection refused/reset, after every retry
  | "bad_json" // a 2xx whose body is not JSON
  | "client_error" // 4xx other than 404/429: our request is wrong (or the key is)
  | "not_found" // 404 where the caller did not ask for 404-as-empty
  | "circuit_open" // too many consecutive failures: calls fail fast for a while
  | "budget_exhausted" // the provider's daily quota is used up
  | "deadline_exceeded"; // the run must answer before another attempt or wait could end (edge runtime limits)

export class ProviderError extends Error {
  constructor(
    readonly provider: Provider,
    readonly code: ProviderErrorCode,
    message: string,
    readonly status: number | null = null,
    readonly url: string | null = null,
  ) {
    super(`${provider}: ${message}`);
    this.name = "ProviderError";
  }

  /** Worth another attempt after a pause (inside one call's retry loop). */
  get retryable(): boolean {
    return ["rate_limited", "server_error", "timeout", "network", "bad_json"].includes(this.code);
  }
}
