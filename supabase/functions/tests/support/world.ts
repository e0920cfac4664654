// A private little world for a test file: a namespace of its own on the test
// upstream (upstream.ts: its provider ids never collide with the demo data or
// another test's, and its faults, quotas and counters are its own), its own
// API keys (so it spends no one else's daily budget), the environment the
// handlers read, and cleanup of every row it made. The database is the
// stack's, as the handlers' will be in production.

import postgres from "postgres";
import {
  ANON_KEY,
  DB_URL,
  functionsJwks,
  PUBLISHABLE_KEY,
  PUBLISHABLE_KEYS_JSON,
  SECRET_KEY,
  SECRET_KEYS_JSON,
  SERVICE_ROLE_KEY,
} from "./stack.ts";
import { type FaultSpec, openNamespace, type UpstreamNamespace } from "./upstream.ts";
import { closeSql } from "../../_shared/db.ts";
import { keyFingerprint } from "../../_shared/http/budget.ts";
import { resetProviderRuntimes } from "../../_shared/http/client.ts";
import { forgetSpotifyTokens } from "../../_shared/providers/spotify.ts";

export { DB_URL };
export const CRON_SECRET = "test-cron-secret-for-handler-tests";
export { ANON_KEY, PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY };

export type Sql = ReturnType<typeof postgres>;
type Handler = (request: Request) => Promise<Response>;

export interface World {
  upstream: UpstreamNamespace;
  sql: Sql;
  ns: string;
  keys: { ticketmaster: string; setlistfm: string; spotifyId: string; spotifySecret: string };
  runIds: number[];
  /** POST a JSON body to a handler as pg_cron would (the cron secret as Bearer) */
  // deno-lint-ignore no-explicit-any -- tests read the JSON answer field by field and assert each one
  call(handler: Handler, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** the ids of this world's artists, by Ticketmaster id */
  artistIds(): Promise<Map<string, string>>;
  /** forgets the answers api_cache holds from this world's upstream, so the next sync asks it again */
  clearApiCache(): Promise<void>;
  cleanup(): Promise<void>;
  close(): Promise<void>;
}

/** Fast retries and generous client limits: tests wait on faults they inject, not on politeness. */
export const FAST_ENV: Record<string, string> = {
  LOG_LEVEL: "error",
  SYNC_HTTP_TIMEOUT_MS: "400",
  SYNC_HTTP_MAX_RETRIES: "2",
  SYNC_HTTP_BACKOFF_BASE_MS: "20",
  SYNC_HTTP_BACKOFF_MAX_MS: "80",
  SYNC_HTTP_MAX_RETRY_AFTER_MS: "3000",
  SYNC_BREAKER_THRESHOLD: "1000",
  SYNC_BREAKER_COOLDOWN_MS: "1000",
  TICKETMASTER_RATE_PER_SECOND: "200",
  SETLISTFM_RATE_PER_SECOND: "200",
  SPOTIFY_REQUESTS_PER_30S: "100000",
  // the proxies' per-caller limits are proved in proxy_limits.test.ts; elsewhere they stay out of the way
  PROXY_CALLS_PER_MINUTE: "100000",
  PROXY_CALLS_PER_HOUR: "100000",
  PROXY_MAX_PENDING_IMPORTS: "1000",
};

function randomNamespace(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let ns = "t";
  for (let i = 0; i < 4; i++) ns += alphabet[Math.floor(Math.random() * alphabet.length)];
  return ns;
}

export async function openWorld(options: { env?: Record<string, string> } = {}): Promise<World> {
  const ns = randomNamespace();
  const keys = {
    ticketmaster: `test-tm-${ns}`,
    setlistfm: `test-sfm-${ns}`,
    spotifyId: `test-spotify-${ns}`,
    spotifySecret: `test-spotify-secret-${ns}`,
  };
  const jwks = JSON.stringify(await functionsJwks());
  const upstream = await openNamespace({
    namespace: ns,
    credentials: {
      ticketmasterApiKey: keys.ticketmaster,
      setlistfmApiKey: keys.setlistfm,
      spotifyClientId: keys.spotifyId,
      spotifyClientSecret: keys.spotifySecret,
    },
    // the upstream's own quotas stay on, far above what the tests send
    rateLimits: {
      ticketmaster: { limit: 1000, windowMs: 1000 },
      setlistfm: { limit: 1000, windowMs: 1000 },
      spotify: { limit: 100000, windowMs: 30000 },
    },
  });
  // the cache keys of its answers: method, host and path (http/cache.ts), the path under the namespace's
  const cachedFromUpstream = `% ${new URL(upstream.url).host}${new URL(upstream.url).pathname}/%`;
  const env: Record<string, string> = {
    ...FAST_ENV,
    SUPABASE_DB_URL: DB_URL,
    // the keys a project created today injects, and the legacy ones beside them
    SUPABASE_PUBLISHABLE_KEYS: PUBLISHABLE_KEYS_JSON,
    SUPABASE_SECRET_KEYS: SECRET_KEYS_JSON,
    SUPABASE_JWKS: jwks,
    SUPABASE_ANON_KEY: ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
    CRON_SECRET,
    TICKETMASTER_BASE_URL: upstream.url,
    SPOTIFY_API_BASE_URL: upstream.url,
    SPOTIFY_ACCOUNTS_BASE_URL: upstream.url,
    SETLISTFM_BASE_URL: upstream.url,
    TICKETMASTER_API_KEY: keys.ticketmaster,
    SPOTIFY_CLIENT_ID: keys.spotifyId,
    SPOTIFY_CLIENT_SECRET: keys.spotifySecret,
    SETLISTFM_API_KEY: keys.setlistfm,
    TICKETMASTER_MARKETS: "",
    ...options.env,
  };
  // what this world changes is put back when it closes, so one test's overrides never leak into the next
  const previousEnv = Object.keys(env).map((k) => [k, Deno.env.get(k)] as const);
  for (const [k, v] of Object.entries(env)) Deno.env.set(k, v);
  resetProviderRuntimes();
  forgetSpotifyTokens();
  const sql = postgres(DB_URL, { max: 2, onnotice: () => {} });
  const runIds: number[] = [];

  const world: World = {
    upstream,
    sql,
    ns,
    keys,
    runIds,
    async call(handler, body = {}, headers = { Authorization: `Bearer ${CRON_SECRET}` }) {
      const response = await handler(
        new Request("http://127.0.0.1/functions/v1/test", {
          method: "POST",
          headers: { "Content-Type": "application/json", ...headers },
          body: typeof body === "string" ? body : JSON.stringify(body),
        }),
      );
      const parsed = await response.json().catch(() => null);
      const runId = parsed?.run_id ?? parsed?.run?.run_id;
      if (typeof runId === "number") runIds.push(runId);
      return { status: response.status, body: parsed };
    },
    async artistIds() {
      const rows = await sql<{ ticketmaster_id: string; id: string }[]>`
        select ticketmaster_id, id::text from public.artists where ticketmaster_id like ${`K8vZ9${ns}%`}`;
      return new Map(rows.map((r) => [r.ticketmaster_id, r.id]));
    },
    async clearApiCache() {
      await sql`delete from public.api_cache where cache_key like ${cachedFromUpstream}`;
    },
    async cleanup() {
      await sql`delete from public.artists where ticketmaster_id like ${`K8vZ9${ns}%`}`;
      // a venue of ours the writers matched with a setlist.fm venue already in the database (same place,
      // link_venue_twins) is that row: give it back without our Ticketmaster id rather than delete it
      await sql`update public.venues set ticketmaster_id = null
        where ticketmaster_id like ${`KovZ9${ns}%`} and setlistfm_id is not null and setlistfm_id not like ${`${ns}%`}`;
      await sql`delete from public.venues where ticketmaster_id like ${`KovZ9${ns}%`} or setlistfm_id like ${`${ns}%`}`;
      await world.clearApiCache();
      await sql`delete from public.api_usage where key_id = any(${[
        keyFingerprint(keys.ticketmaster),
        keyFingerprint(keys.setlistfm),
        keyFingerprint(keys.spotifyId),
      ]}::text[])`;
      await sql`delete from public.import_jobs where dedupe_key like ${`tm:K8vZ9${ns}%`}`;
      if (runIds.length) await sql`delete from public.sync_runs where id = any(${runIds}::bigint[])`;
      runIds.length = 0;
    },
    async close() {
      await world.cleanup();
      await closeSql();
      await sql.end({ timeout: 2 });
      await upstream.close();
      for (const [k, v] of previousEnv) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    },
  };
  await world.cleanup();
  return world;
}

/** Every row this world's syncs can touch, by provider keys, without generated ids or timestamps. */
export async function snapshot(w: World): Promise<Record<string, unknown[]>> {
  const { sql, ns } = w;
  const artist = `K8vZ9${ns}%`;
  const plain = async (q: PromiseLike<readonly unknown[]>) => Array.from(await q);
  return {
    artists: await plain(sql`
      select ticketmaster_id, name, slug, spotify_id, mbid::text, image_url, genres
      from public.artists where ticketmaster_id like ${artist} order by ticketmaster_id`),
    venues: await plain(sql`
      select ticketmaster_id, setlistfm_id, name, city, state, country, latitude, longitude, timezone
      from public.venues where ticketmaster_id like ${`KovZ9${ns}%`} or setlistfm_id like ${`${ns}%`}
      order by ticketmaster_id nulls last, setlistfm_id`),
    shows: await plain(sql`
      select s.ticketmaster_id, s.setlistfm_id, a.ticketmaster_id as artist, v.ticketmaster_id as tm_venue,
             v.setlistfm_id as sfm_venue, s.name, s.starts_at, s.local_date, s.date_tba, s.time_tba, s.status::text,
             s.ticket_url
      from public.shows s join public.artists a on a.id = s.artist_id left join public.venues v on v.id = s.venue_id
      where a.ticketmaster_id like ${artist} order by s.ticketmaster_id nulls last, s.setlistfm_id`),
    show_artists: await plain(sql`
      select s.ticketmaster_id as show, a.ticketmaster_id as artist, sa.billing_position
      from public.show_artists sa join public.shows s on s.id = sa.show_id join public.artists a on a.id = sa.artist_id
      where a.ticketmaster_id like ${artist} order by 1, 3`),
    songs: await plain(sql`
      select a.ticketmaster_id as artist, so.spotify_id, so.title, so.normalized_title, so.album, so.album_spotify_id,
             so.release_date, so.duration_ms, so.is_live, so.is_remix
      from public.songs so join public.artists a on a.id = so.artist_id
      where a.ticketmaster_id like ${artist} order by 1, so.normalized_title`),
    setlists: await plain(sql`
      select sl.setlistfm_id, sl.kind::text, coalesce(s.ticketmaster_id, s.setlistfm_id) as show
      from public.setlists sl join public.shows s on s.id = sl.show_id join public.artists a on a.id = s.artist_id
      where a.ticketmaster_id like ${artist} order by 1, 3`),
    setlist_songs: await plain(sql`
      select sl.setlistfm_id, ss.position, ss.set_number, ss.is_encore, ss.title, so.normalized_title as song,
             ss.is_tape, ss.is_cover, ss.cover_artist, ss.guest_artist, ss.info
      from public.setlist_songs ss join public.setlists sl on sl.id = ss.setlist_id
      join public.shows s on s.id = sl.show_id join public.artists a on a.id = s.artist_id
      left join public.songs so on so.id = ss.song_id
      where a.ticketmaster_id like ${artist} order by 1, 2`),
  };
}

/** Each row's physical version (xmin): unchanged means the row was not rewritten at all. */
export async function rowVersions(w: World): Promise<Record<string, string[]>> {
  const { sql, ns } = w;
  const artist = `K8vZ9${ns}%`;
  const list = async (q: Promise<{ v: string }[]>) => (await q).map((r) => r.v);
  return {
    artists: await list(
      sql`select id || ':' || xmin as v from public.artists where ticketmaster_id like ${artist} order by 1`,
    ),
    venues: await list(sql`
      select id || ':' || xmin as v from public.venues
      where ticketmaster_id like ${`KovZ9${ns}%`} or setlistfm_id like ${`${ns}%`} order by 1`),
    shows: await list(sql`
      select s.id || ':' || s.xmin as v from public.shows s join public.artists a on a.id = s.artist_id
      where a.ticketmaster_id like ${artist} order by 1`),
    show_artists: await list(sql`
      select sa.show_id::text || sa.artist_id::text || ':' || sa.xmin as v from public.show_artists sa
      join public.artists a on a.id = sa.artist_id where a.ticketmaster_id like ${artist} order by 1`),
    songs: await list(sql`
      select so.id || ':' || so.xmin as v from public.songs so join public.artists a on a.id = so.artist_id
      where a.ticketmaster_id like ${artist} order by 1`),
    setlists: await list(sql`
      select sl.id || ':' || sl.xmin as v from public.setlists sl join public.shows s on s.id = sl.show_id
      join public.artists a on a.id = s.artist_id where a.ticketmaster_id like ${artist} order by 1`),
    setlist_songs: await list(sql`
      select ss.id || ':' || ss.xmin as v from public.setlist_songs ss join public.setlists sl on sl.id = ss.setlist_id
      join public.shows s on s.id = sl.show_id join public.artists a on a.id = s.artist_id
      where a.ticketmaster_id like ${artist} order by 1`),
  };
}

/** Adds a fault to the world's upstream (POST /__control/faults in its namespace). */
export async function fault(w: World, spec: FaultSpec): Promise<void> {
  await w.upstream.addFaults(spec);
}

export async function clearFaults(w: World): Promise<void> {
  await w.upstream.clearFaults();
}

/**
 * A deno test that runs in a fresh World and always closes it. `pauseCronJobs`
 * deactivates the stack's own pg_cron jobs of those names for the test's
 * duration, so a minute tick cannot take this world's work elsewhere.
 */
/**
 * A test over rows of its own in the stack's Postgres: `clean` removes them
 * before (what a failed run left) and after, pass or fail; `close` then ends
 * the test's connections.
 */
export function ownRowsTest(
  name: string,
  rows: { clean: () => Promise<void>; close: () => Promise<void> },
  fn: (t: Deno.TestContext) => Promise<void>,
) {
  Deno.test({
    name,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(t) {
      await rows.clean();
      try {
        await fn(t);
      } finally {
        await rows.clean();
        await rows.close();
      }
    },
  });
}

export function worldTest(
  name: string,
  fn: (w: World) => Promise<void>,
  options: { env?: Record<string, string>; pauseCronJobs?: string[] } = {},
) {
  Deno.test({
    name,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const w = await openWorld({ env: options.env ?? {} });
      const paused = options.pauseCronJobs ?? [];
      // through pg_cron's own function: postgres only reads cron.job, as on hosted
      if (paused.length) {
        await w.sql`select cron.alter_job(jobid, active := false) from cron.job where jobname = any(${paused})`;
      }
      try {
        await fn(w);
      } finally {
        if (paused.length) {
          await w.sql`select cron.alter_job(jobid, active := true) from cron.job where jobname = any(${paused})`;
        }
        await w.close();
      }
    },
  });
}
