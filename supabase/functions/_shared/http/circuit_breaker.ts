// A circuit breaker per provider: after `threshold` consecutive failed
// attempts (5xx, timeouts, network errors, unreadable bodies; not 429, which
// is the provider pacing us, not failing) it opens and calls fail at once for
// `cooldownMs`, so a provider outage costs one short burst instead of every
// item's full retry schedule. Then one probe is let through (half-open): its
// success closes the circuit, its failure opens it again.

import type { Clock } from "./rate_limiter.ts";
import { systemClock } from "./rate_limiter.ts";

export type CircuitState = "closed" | "open" | "half_open";

export class CircuitBreaker {
  #state: CircuitState = "closed";
  #consecutiveFailures = 0;
  #openedAt = 0;
  #probeInFlight = false;

  constructor(
    readonly threshold: number,
    readonly cooldownMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  get state(): CircuitState {
    if (this.#state === "open" && this.clock.now() - this.#openedAt >= this.cooldownMs) return "half_open";
    return this.#state;
  }

  /** Milliseconds until a probe is allowed (0 when calls may go through). */
  get retryInMs(): number {
    return this.#state === "open" ? Math.max(0, this.#openedAt + this.cooldownMs - this.clock.now()) : 0;
  }

  /** May a request go out now? Claims the single probe slot when half-open. */
  allow(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open") return false;
    if (this.#probeInFlight) return false;
    this.#probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.#state = "closed";
    this.#consecutiveFailures = 0;
    this.#probeInFlight = false;
  }

  recordFailure(): void {
    this.#probeInFlight = false;
    this.#consecutiveFailures++;
    if (this.#state !== "closed" || this.#consecutiveFailures >= this.threshold) {
      this.#state = "open";
      this.#openedAt = this.clock.now();
    }
  }
}
