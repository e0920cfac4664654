// Provider responses cached in public.api_cache (or in memory for tests): by
// provider and request (method, path and query, without credentials), with a
// TTL, and the ETag for a conditional request once the entry is stale.

import type { Sql } from "../db.ts";
import type { Provider } from "./errors.ts";
import type { Clock } from "./rate_limiter.ts";
import { systemClock } from "./rate_limiter.ts";

export interface CacheEntry {
  status: number;
  body: unknown;
  etag: string | null;
  /** still within its TTL: usable without asking the provider */
  fresh: boolean;
}

export interface ResponseCache {
  get(provider: Provider, key: string): Promise<CacheEntry | null>;
  put(
    provider: Provider,
    key: string,
    entry: { status: number; body: unknown; etag: string | null },
    ttlSeconds: number,
  ): Promise<void>;
  /** A 304 confirmed the stored body: extend its life. */
  refresh(provider: Provider, key: string, ttlSeconds: number): Promise<void>;
}

export class MemoryCache implements ResponseCache {
  readonly entries = new Map<string, { status: number; body: unknown; etag: string | null; expiresAt: number }>();
  constructor(private readonly clock: Clock = systemClock) {}

  get(provider: Provider, key: string): Promise<CacheEntry | null> {
    const hit = this.entries.get(`${provider} ${key}`);
    if (!hit) return Promise.resolve(null);
    return Promise.resolve({
      status: hit.status,
      body: hit.body,
      etag: hit.etag,
      fresh: hit.expiresAt > this.clock.now(),
    });
  }

  put(
    provider: Provider,
    key: string,
    entry: { status: number; body: unknown; etag: string | null },
    ttlSeconds: number,
  ) {
    this.entries.set(`${provider} ${key}`, { ...entry, expiresAt: this.clock.now() + ttlSeconds * 1000 });
    return Promise.resolve();
  }

  refresh(provider: Provider, key: string, ttlSeconds: number) {
    const hit = this.entries.get(`${provider} ${key}`);
    if (hit) hit.expiresAt = this.clock.now() + ttlSeconds * 1000;
    return Promise.resolve();
  }
}

export class DbCache implements ResponseCache {
  constructor(private readonly sql: Sql) {}

  async get(provider: Provider, key: string): Promise<CacheEntry | null> {
    const rows = await this.sql<{ status: number; body: unknown; etag: string | null; fresh: boolean }[]>`
      select status, body, etag, expires_at > now() as fresh
      from public.api_cache
      where provider = ${provider} and cache_key = ${key}`;
    return rows[0] ?? null;
  }

  async put(
    provider: Provider,
    key: string,
    entry: { status: number; body: unknown; etag: string | null },
    ttlSeconds: number,
  ): Promise<void> {
    await this.sql`
      insert into public.api_cache (provider, cache_key, status, body, etag, fetched_at, expires_at)
      values (${provider}, ${key}, ${entry.status}, ${this.sql.json(entry.body as never)}, ${entry.etag},
              now(), now() + make_interval(secs => ${ttlSeconds}))
      on conflict (provider, cache_key) do update
        set status = excluded.status, body = excluded.body, etag = excluded.etag,
            fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`;
  }

  async refresh(provider: Provider, key: string, ttlSeconds: number): Promise<void> {
    await this.sql`
      update public.api_cache
      set fetched_at = now(), expires_at = now() + make_interval(secs => ${ttlSeconds})
      where provider = ${provider} and cache_key = ${key}`;
  }
}

/**
 * The cache key of a request: method, path and the query sorted, with the
 * named credential parameters left out so a key rotation keeps the cache and
 * no secret is ever stored.
 */
export function cacheKey(method: string, url: URL, secretParams: string[] = []): string {
  const params = [...url.searchParams.entries()]
    .filter(([name]) => !secretParams.includes(name))
    .sort(([a, av], [b, bv]) => a === b ? av.localeCompare(bv) : a.localeCompare(b));
  const query = new URLSearchParams(params).toString();
  // the host is part of the key: a test or demo upstream never answers for the real provider
  return `${method} ${url.host}${url.pathname}${query ? `?${query}` : ""}`;
}
