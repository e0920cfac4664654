// GoTrue's per-client rate limits, with the numbers of supabase/config.toml
// [auth.rate_limit] (the one home for them): a token bucket per limit and
// client address that holds `limit` requests and refills `limit` per window,
// as GoTrue's tollbooth limiters do. Over it, GoTrue answers 429
// over_request_rate_limit.

/** The [auth.rate_limit] keys the local auth enforces, and each one's window. */
export const RATE_LIMIT_WINDOWS = {
  /** anonymous sign-ins per hour */
  anonymous_users: 3600,
  /** email sign-ups and password sign-ins per 5 minutes */
  sign_in_sign_ups: 300,
  /** refresh-token grants per 5 minutes */
  token_refresh: 300,
  /** OTP / magic-link verifications per 5 minutes */
  token_verifications: 300,
} as const;

export type RateLimitName = keyof typeof RATE_LIMIT_WINDOWS;
export type RateLimits = Record<RateLimitName, number>;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets kept before full ones are forgotten (a full bucket is the same as none). */
const MAX_TRACKED = 10_000;

export class AuthRateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(readonly limits: RateLimits, private readonly now: () => number = Date.now) {}

  /** Takes one request from `address`'s bucket for `name`; false when it is empty (refuse with 429). */
  take(name: RateLimitName, address: string | null): boolean {
    // GoTrue limits only requests it can attribute to a client
    if (address === null) return true;
    const limit = this.limits[name];
    const perMs = limit / (RATE_LIMIT_WINDOWS[name] * 1000);
    const key = `${name} ${address}`;
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: limit, updatedAt: now };
    bucket.tokens = Math.min(limit, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(key, bucket);
      return false;
    }
    bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > MAX_TRACKED) this.#forgetFull(now);
    return true;
  }

  #forgetFull(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      const name = key.slice(0, key.indexOf(" ")) as RateLimitName;
      const refilled = bucket.tokens + (now - bucket.updatedAt) * this.limits[name] / (RATE_LIMIT_WINDOWS[name] * 1000);
      if (refilled >= this.limits[name]) this.#buckets.delete(key);
    }
  }
}
