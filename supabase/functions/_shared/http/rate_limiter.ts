// Client-side rate limiting per provider. A sliding-window log (at most
// `limit` requests in any `windowMs`) rather than a token bucket: a bucket
// lets a full burst through right after a refilled second, which trips
// providers that count per rolling window (Spotify says its window is 30 s).
// Callers are served in arrival order. A 429's Retry-After pauses every
// caller of the provider, not just the one that got it.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class SlidingWindowLimiter {
  #sent: number[] = [];
  #queue: Promise<void> = Promise.resolve();
  #pausedUntil = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new Error("a rate limit needs limit >= 1 and windowMs > 0");
  }

  /** Resolves when one more request may be sent now. */
  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#take());
    this.#queue = turn.catch(() => {});
    return turn;
  }

  /** Hold every caller until `until` (epoch ms), e.g. after a 429 with Retry-After. */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  async #take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.#pausedUntil) {
        await this.clock.sleep(this.#pausedUntil - now);
        continue;
      }
      while (this.#sent.length > 0 && this.#sent[0] <= now - this.windowMs) this.#sent.shift();
      if (this.#sent.length < this.limit) {
        this.#sent.push(now);
        return;
      }
      await this.clock.sleep(this.#sent[0] + this.windowMs - now + 1);
    }
  }
}

/** A daily request budget (Ticketmaster: 5,000 a day) shared by every run of the project. */
export interface BudgetStore {
  /** Takes one request from today's budget of this provider key; false when it is used up. */
  consume(provider: string, dailyLimit: number, keyId?: string): Promise<boolean>;
}

/** In-process budget: for tests and for the proxies when no database is configured. */
export class MemoryBudget implements BudgetStore {
  #used = new Map<string, number>();
  constructor(private readonly clock: Clock = systemClock) {}

  consume(provider: string, dailyLimit: number, keyId = ""): Promise<boolean> {
    const key = `${provider}:${keyId}:${new Date(this.clock.now()).toISOString().slice(0, 10)}`;
    const used = this.#used.get(key) ?? 0;
    if (used >= dailyLimit) return Promise.resolve(false);
    this.#used.set(key, used + 1);
    return Promise.resolve(true);
  }
}
