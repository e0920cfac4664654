// 3. Sync write path: Ticketmaster events through the tour sync's real mapper
// (mapEvents) and page writer (writeEventsPage: one transaction per page of
// 200, set-based upserts keyed by provider id, unchanged rows skipped), on the
// functions' own kind of connection (openSql: SUPABASE_DB_URL, no prepared
// statements). Baseline in the same run: COPY of exactly the rows the writer
// inserted into scratch tables of the real tables' shape (same columns,
// defaults, checks and indexes, trigram ones included; no triggers, no foreign
// keys). Then a second run over the unchanged events must be at least twice as
// fast and change no row (the rows' xmin and ctid are compared).

import { mapEvents } from "../../supabase/functions/_shared/mappers/ticketmaster.ts";
import { writeEventsPage } from "../../supabase/functions/_shared/writers/tours.ts";
import { rowsChanged, type WriteCounts } from "../../supabase/functions/_shared/writers/common.ts";
import { openSql, type Sql } from "../../supabase/functions/_shared/db.ts";
import type { Writable } from "node:stream";
import type { TmAttraction, TmEvent, TmVenue } from "../../supabase/functions/_shared/providers/ticketmaster_types.ts";
import {
  type Benchmark,
  type BenchOptions,
  type BenchReport,
  check,
  fmt,
  median,
  newReport,
  seededRandom,
} from "./lib.ts";

const PAGE_SIZE = 200;
const MARKETS = [
  { city: "Chicago", state: "IL", country: "US", tz: "America/Chicago", lat: 41.88, lon: -87.63 },
  { city: "London", state: null, country: "GB", tz: "Europe/London", lat: 51.51, lon: -0.13 },
  { city: "Berlin", state: null, country: "DE", tz: "Europe/Berlin", lat: 52.52, lon: 13.4 },
  { city: "Austin", state: "TX", country: "US", tz: "America/Chicago", lat: 30.27, lon: -97.74 },
  { city: "Toronto", state: "ON", country: "CA", tz: "America/Toronto", lat: 43.65, lon: -79.38 },
];
const GENRES = ["Rock", "Pop", "Hip-Hop/Rap", "Alternative", "Country", "Electronic", "Metal", "R&B"];

function hex(random: () => number, length: number, alphabet = "0123456789abcdef"): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
}

/**
 * `count` events in Ticketmaster Discovery v2's shape, benchmark-only and
 * synthetic (names say so): one artist per ~7 events, a support act on a
 * third of them, ~1 venue per 12 events over five markets, dates over the
 * next 180 days with a few TBA and cancelled, images, genres, Spotify and
 * MusicBrainz links as real attractions carry them.
 */
export function syntheticEvents(count: number, seed = 7): TmEvent[] {
  const random = seededRandom(seed);
  const artistCount = Math.max(2, Math.round(count / 7));
  const venueCount = Math.max(1, Math.round(count / 12));
  const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const attractions: TmAttraction[] = Array.from({ length: artistCount }, (_, i) => {
    const genre = GENRES[i % GENRES.length];
    return {
      id: `K8vBench${i.toString(36).padStart(6, "0")}`,
      name: `Bench Artist ${i} (synthetic)`,
      type: "attraction",
      images: [
        { ratio: "16_9", url: `https://bench.invalid/artists/${i}/wide.jpg`, width: 1024, height: 576 },
        { ratio: "3_2", url: `https://bench.invalid/artists/${i}/card.jpg`, width: 640, height: 427 },
      ],
      classifications: [{ primary: true, segment: { name: "Music" }, genre: { name: genre } }],
      externalLinks: {
        spotify: [{ url: `https://open.spotify.com/artist/${hex(random, 22, base62)}` }],
        musicbrainz: [{
          id: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`,
        }],
      },
    };
  });
  const venues: TmVenue[] = Array.from({ length: venueCount }, (_, i) => {
    const market = MARKETS[i % MARKETS.length];
    return {
      id: `KovBench${i.toString(36).padStart(5, "0")}`,
      name: `Bench Hall ${i} (synthetic)`,
      timezone: market.tz,
      city: { name: market.city },
      ...(market.state ? { state: { stateCode: market.state } } : {}),
      country: { countryCode: market.country },
      location: {
        latitude: (market.lat + random() / 10).toFixed(5),
        longitude: (market.lon + random() / 10).toFixed(5),
      },
    };
  });
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const headliner = attractions[i % artistCount];
    const support = i % 3 === 0 ? [attractions[(i * 7 + 1) % artistCount]] : [];
    const venue = venues[Math.floor(random() * venueCount)];
    const starts = new Date(now + (1 + Math.floor(random() * 180)) * 86_400_000);
    starts.setUTCHours(19 + Math.floor(random() * 4), 0, 0, 0);
    const tba = i % 40 === 0;
    return {
      id: `vvBench${i.toString(36).padStart(7, "0")}`,
      name: `${headliner.name} live`,
      type: "event",
      url: `https://bench.invalid/events/${i}`,
      dates: {
        start: tba ? { dateTBA: true, timeTBA: true } : {
          localDate: starts.toISOString().slice(0, 10),
          localTime: "20:00:00",
          dateTime: starts.toISOString(),
        },
        status: { code: i % 50 === 0 ? "cancelled" : "onsale" },
      },
      classifications: headliner.classifications,
      _embedded: { venues: [venue], attractions: [headliner, ...support] },
    };
  });
}

// ---------------------------------------------------------------------------
// COPY baseline
// ---------------------------------------------------------------------------

/** A value in COPY's text format. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (Array.isArray(value)) {
    return copyValue(
      `{${value.map((v) => `"${String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`,
    );
  }
  return String(value).replaceAll("\\", "\\\\").replaceAll("\t", "\\t").replaceAll("\n", "\\n").replaceAll("\r", "\\r");
}

/**
 * COPY ... FROM STDIN of `text` inside the transaction `tx`. postgres.js
 * (3.4) resolves a COPY's query with its stream, and a server error after
 * that (a bad value, a violated check) goes to the query's reject, whose
 * promise is already settled: the stream then neither finishes nor errors,
 * and waiting for the stream alone hangs. So the query's reject is watched
 * too, and whichever comes first, the stream's finish or the server's error,
 * settles the wait.
 */
export async function copyIn(tx: Sql, statement: string, text: string): Promise<void> {
  const query = tx.unsafe(statement) as unknown as { reject?: (e: unknown) => void; writable(): Promise<Writable> };
  const reject = query.reject;
  if (typeof reject !== "function") throw new Error("cannot watch the COPY for errors: postgres.js changed");
  let copyFailed: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, fail) => copyFailed = fail);
  failed.catch(() => {});
  query.reject = (error: unknown) => {
    copyFailed(error);
    reject(error);
  };
  const stream = await query.writable();
  const finished = new Promise<void>((resolve, fail) => {
    stream.on("error", fail);
    stream.on("finish", resolve);
    stream.end(text);
  });
  await Promise.race([finished, failed]);
}

/** Whether a COPY the server refuses fails the caller within `ms` (rather than hanging). */
export async function copyErrorRejects(sql: Sql, ms = 10_000): Promise<{ ok: boolean; detail: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"hung">((resolve) => timer = setTimeout(() => resolve("hung"), ms));
  const attempt = sql.begin(async (tx) => {
    await tx`create temporary table bench_copy_probe (id uuid primary key) on commit drop`;
    await copyIn(tx as unknown as Sql, "copy bench_copy_probe (id) from stdin", "not-a-uuid\n");
  }).then(() => "loaded", (error: unknown) => `rejected: ${error instanceof Error ? error.message : String(error)}`);
  const outcome = await Promise.race([attempt, timeout]);
  clearTimeout(timer);
  // the server's own refusal, not any error on the way
  return {
    ok: outcome.startsWith("rejected:") && outcome.includes("invalid input syntax for type uuid"),
    detail: outcome,
  };
}

type CopyTable = { table: string; columns: string[]; rows: unknown[][] };

/** The rows the writer inserted, with ids made here so shows can point at their artist and venue. */
function copyTables(pages: TmEvent[][]): CopyTable[] {
  const artistIds = new Map<string, string>();
  const venueIds = new Map<string, string>();
  const artists: unknown[][] = [];
  const venues: unknown[][] = [];
  const shows: unknown[][] = [];
  const billing: unknown[][] = [];
  for (const page of pages) {
    const mapped = mapEvents(page);
    for (const a of mapped.artists) {
      if (artistIds.has(a.ticketmaster_id)) continue;
      const id = crypto.randomUUID();
      artistIds.set(a.ticketmaster_id, id);
      artists.push([
        id,
        a.name,
        a.slug || `artist-${a.ticketmaster_id.toLowerCase()}`,
        a.ticketmaster_id,
        a.spotify_id,
        a.mbid,
        a.image_url,
        a.genres,
      ]);
    }
    for (const v of mapped.venues) {
      if (venueIds.has(v.ticketmaster_id)) continue;
      const id = crypto.randomUUID();
      venueIds.set(v.ticketmaster_id, id);
      // the slug a trigger fills on public.venues (the scratch copy has no triggers); COPY must bring its own
      const slug = `venue-${v.ticketmaster_id.toLowerCase()}`;
      venues.push([
        id,
        v.ticketmaster_id,
        slug,
        v.name,
        v.city,
        v.state,
        v.country,
        v.latitude,
        v.longitude,
        v.timezone,
      ]);
    }
    for (const s of mapped.shows) {
      const id = crypto.randomUUID();
      shows.push([
        id,
        s.ticketmaster_id,
        artistIds.get(s.artist_ticketmaster_id),
        s.venue_ticketmaster_id ? venueIds.get(s.venue_ticketmaster_id) : null,
        s.name,
        s.starts_at,
        s.local_date,
        s.date_tba,
        s.time_tba,
        s.status,
        s.ticket_url,
        new Date().toISOString(),
      ]);
      s.billing.forEach((artist, position) => billing.push([id, artistIds.get(artist), position]));
    }
  }
  return [
    {
      table: "artists",
      columns: ["id", "name", "slug", "ticketmaster_id", "spotify_id", "mbid", "image_url", "genres"],
      rows: artists,
    },
    {
      table: "venues",
      columns: [
        "id",
        "ticketmaster_id",
        "slug",
        "name",
        "city",
        "state",
        "country",
        "latitude",
        "longitude",
        "timezone",
      ],
      rows: venues,
    },
    {
      table: "shows",
      columns: [
        "id",
        "ticketmaster_id",
        "artist_id",
        "venue_id",
        "name",
        "starts_at",
        "local_date",
        "date_tba",
        "time_tba",
        "status",
        "ticket_url",
        "last_seen_at",
      ],
      rows: shows,
    },
    { table: "show_artists", columns: ["show_id", "artist_id", "billing_position"], rows: billing },
  ];
}

/** A digest of every row version the benchmark's events produced: changes when any row is rewritten. */
async function rowVersions(sql: ReturnType<typeof openSql>): Promise<string> {
  const [{ digest }] = await sql<{ digest: string }[]>`
    select md5(concat_ws('|',
      (select string_agg(xmin::text || ctid::text, ',' order by id) from public.artists where ticketmaster_id like 'K8vBench%'),
      (select string_agg(xmin::text || ctid::text, ',' order by id) from public.venues where ticketmaster_id like 'KovBench%'),
      (select string_agg(xmin::text || ctid::text, ',' order by id) from public.shows where ticketmaster_id like 'vvBench%'),
      (select string_agg(sa.xmin::text || sa.ctid::text, ',' order by sa.show_id, sa.artist_id)
         from public.show_artists sa join public.shows s on s.id = sa.show_id where s.ticketmaster_id like 'vvBench%')
    )) as digest`;
  return digest;
}

interface SizeResult {
  events: number;
  rounds: number;
  copyRows: number;
  copyMs: number;
  copyRate: number;
  writerRate: number;
  firstMs: number;
  secondMs: number;
  ratio: number;
  speedup: number;
  changedOnRerun: number;
  firstTotals: WriteCounts;
  secondTotals: WriteCounts;
  showsExpected: number;
  copyLoadedAll: string | null;
  untouched: boolean;
}

/** Rounds at one size, each from empty tables: the writer twice over the same events, then COPY. */
async function measureSize(
  sql: Sql,
  admin: Sql,
  eventCount: number,
  rounds: number,
  log: BenchOptions["log"],
): Promise<SizeResult> {
  const events = syntheticEvents(eventCount);
  const pages: TmEvent[][] = [];
  for (let i = 0; i < events.length; i += PAGE_SIZE) pages.push(events.slice(i, i + PAGE_SIZE));

  const writeAll = async () => {
    const totals: WriteCounts = {};
    const started = performance.now();
    for (const page of pages) {
      const counts = await writeEventsPage(sql, mapEvents(page));
      for (const [table, c] of Object.entries(counts)) {
        const t = totals[table] ?? (totals[table] = { inserted: 0, updated: 0, deleted: 0 });
        t.inserted += c.inserted;
        t.updated += c.updated;
        t.deleted = (t.deleted ?? 0) + (c.deleted ?? 0);
      }
    }
    return { ms: performance.now() - started, totals };
  };

  /** COPY of the rows the writer inserted, into fresh scratch tables of the same shape; ms and rows loaded. */
  const copyRound = async () => {
    await admin.unsafe(`drop schema if exists bench_scratch cascade; create schema bench_scratch;
      create table bench_scratch.artists (like public.artists including all);
      create table bench_scratch.venues (like public.venues including all);
      create table bench_scratch.shows (like public.shows including all);
      create table bench_scratch.show_artists (like public.show_artists including all);`);
    const tables = copyTables(pages);
    // serialised before the clock starts: the baseline is COPY's own speed, as strict as it gets
    const texts = tables.map(({ rows }) => rows.map((r) => r.map(copyValue).join("\t")).join("\n") + "\n");
    const started = performance.now();
    await admin.begin(async (tx) => {
      for (const [i, { table, columns }] of tables.entries()) {
        await copyIn(tx as unknown as Sql, `copy bench_scratch.${table} (${columns.join(", ")}) from stdin`, texts[i]);
      }
    });
    const ms = performance.now() - started;
    const [{ loaded }] = await admin<{ loaded: number }[]>`
      select ((select count(*) from bench_scratch.artists) + (select count(*) from bench_scratch.venues)
        + (select count(*) from bench_scratch.shows) + (select count(*) from bench_scratch.show_artists))::int as loaded`;
    await admin.unsafe("drop schema bench_scratch cascade");
    return { ms, rows: tables.reduce((n, t) => n + t.rows.length, 0), loaded };
  };

  const clear = async () => {
    await sql`delete from public.artists where ticketmaster_id like 'K8vBench%'`;
    await sql`delete from public.venues where ticketmaster_id like 'KovBench%'`;
    // the deleted rows' space is reused by the next round, as it is for the scratch tables' fresh files
    await admin`vacuum public.artists, public.venues, public.shows, public.show_artists`;
  };

  const results: {
    first: Awaited<ReturnType<typeof writeAll>>;
    second: Awaited<ReturnType<typeof writeAll>>;
    copy: Awaited<ReturnType<typeof copyRound>>;
    untouched: boolean;
  }[] = [];
  for (let round = 1; round <= rounds; round++) {
    log(`sync: ${eventCount} events, round ${round}/${rounds}: ${pages.length} pages, twice, then COPY`);
    await clear();
    const first = await writeAll();
    const versionsAfterFirst = await rowVersions(sql);
    const second = await writeAll();
    const untouched = versionsAfterFirst === await rowVersions(sql);
    const copy = await copyRound();
    results.push({ first, second, copy, untouched });
  }
  await clear();

  const last = results.at(-1)!;
  const copyLoadedAll =
    results.every((r) => r.copy.loaded === r.copy.rows && r.copy.rows === rowsChanged(r.first.totals))
      ? null
      : results.map((r) => `${r.copy.loaded}/${r.copy.rows}/${rowsChanged(r.first.totals)}`).join(", ");
  return {
    events: eventCount,
    rounds,
    copyRows: last.copy.rows,
    copyMs: median(results.map((r) => r.copy.ms)),
    copyRate: (last.copy.rows / median(results.map((r) => r.copy.ms))) * 1000,
    writerRate: (rowsChanged(last.first.totals) / median(results.map((r) => r.first.ms))) * 1000,
    firstMs: median(results.map((r) => r.first.ms)),
    secondMs: median(results.map((r) => r.second.ms)),
    ratio: median(results.map((r) => (rowsChanged(r.first.totals) / r.first.ms) / (r.copy.rows / r.copy.ms))),
    speedup: median(results.map((r) => r.first.ms / r.second.ms)),
    changedOnRerun: Math.max(...results.map((r) => rowsChanged(r.second.totals))),
    firstTotals: last.first.totals,
    secondTotals: last.second.totals,
    showsExpected: mapEvents(events).shows.length,
    copyLoadedAll,
    untouched: results.every((r) => r.untouched),
  };
}

/** Targets, as ratios to the same run's baselines (issue 20: at 10,000 and at 100,000 shows). */
const WRITER_VS_COPY_TARGET = 0.4;
const RERUN_SPEEDUP_TARGET = 2.5;

async function run({ stack, quick, log }: BenchOptions): Promise<BenchReport> {
  const report = newReport("sync", "tour sync write path: mapper + page writer against COPY of the same rows");
  const sizes = quick ? [1_000] : [10_000, 100_000];
  // three rounds at 10,000 events, one at 100,000 (a round there writes about 250,000 rows twice)
  const roundsAt = (size: number) => quick || size > 10_000 ? 1 : 3;
  // the functions' own kind of pool: SUPABASE_DB_URL, prepare off (Supavisor-safe), a few connections
  const sql = openSql(stack.dbUrl);
  const admin = stack.sql({ max: 1 });
  const copyFailure = await copyErrorRejects(admin);
  const measured: SizeResult[] = [];
  for (const size of sizes) measured.push(await measureSize(sql, admin, size, roundsAt(size), log));

  report.notes.push(
    `Workload: ${sizes.join(" and ")} Ticketmaster-shaped events (benchmark-only synthetic data, named as such, on ` +
      `the throwaway bench stack) in pages of ${PAGE_SIZE}, each page mapped by mapEvents and written by ` +
      `writeEventsPage in one transaction, on the functions' own pool (openSql on SUPABASE_DB_URL); then the same ` +
      `events again. Each size starts from empty tables; medians of ${sizes.map(roundsAt).join(" and ")} round(s).`,
    `Baseline: COPY (text format, serialised beforehand, one transaction) of the same rows into scratch tables ` +
      `created LIKE the real ones INCLUDING ALL (columns, defaults, checks, indexes; no triggers or foreign keys).`,
  );
  report.tables.push({
    title: `medians of the rounds (each from empty tables)`,
    headers: ["events", "path", "rows written", "ms", "rows/s", "vs COPY"],
    rows: measured.flatMap((m) => [
      [m.events, "COPY into scratch tables", m.copyRows, fmt(m.copyMs, 0), fmt(m.copyRate, 0), "1.00x"],
      [
        m.events,
        "mapEvents + writeEventsPage, first run",
        rowsChanged(m.firstTotals),
        fmt(m.firstMs, 0),
        fmt(m.writerRate, 0),
        `${m.ratio.toFixed(2)}x`,
      ],
      [
        m.events,
        "same events again (unchanged)",
        m.changedOnRerun,
        fmt(m.secondMs, 0),
        "-",
        `${m.speedup.toFixed(2)}x faster than first`,
      ],
    ]),
  });
  for (const m of measured) {
    report.tables.push({
      title: `${m.events} events: rows per table, first run (inserted / updated)`,
      headers: ["table", "inserted", "updated"],
      rows: Object.entries(m.firstTotals).map(([t, c]) => [t, c.inserted, c.updated]),
    });
    report.verdicts.push(
      {
        name: `${m.events} events: writer rows/s vs COPY rows/s`,
        value: m.ratio,
        shown: `${m.ratio.toFixed(2)}x`,
        target: `>= ${WRITER_VS_COPY_TARGET}x`,
        met: m.ratio >= WRITER_VS_COPY_TARGET,
      },
      {
        name: `${m.events} events: unchanged re-run speed-up over the first run`,
        value: m.speedup,
        shown: `${m.speedup.toFixed(2)}x`,
        target: `>= ${RERUN_SPEEDUP_TARGET}x`,
        met: m.speedup >= RERUN_SPEEDUP_TARGET,
      },
    );
    report.checks.push(
      check(
        `${m.events} events: the first run wrote every event's show`,
        m.firstTotals.shows?.inserted === m.showsExpected,
      ),
      check(
        `${m.events} events: COPY loaded exactly the rows the writer inserted, every round`,
        m.copyLoadedAll === null,
        m.copyLoadedAll ?? "",
      ),
      check(
        `${m.events} events: the re-run reported no row changed, every round`,
        m.changedOnRerun === 0,
        JSON.stringify(m.secondTotals),
      ),
      check(`${m.events} events: the re-run rewrote no row version (xmin, ctid), every round`, m.untouched),
    );
  }
  report.checks.push(
    check("a COPY the server refuses fails the baseline instead of hanging", copyFailure.ok, copyFailure.detail),
  );
  const [small, large] = measured;
  Object.assign(report.metrics, {
    events: small.events,
    writer_rows_per_s: small.writerRate,
    copy_rows_per_s: small.copyRate,
    writer_vs_copy: small.ratio,
    rerun_speedup: small.speedup,
    rerun_rows_changed: Math.max(...measured.map((m) => m.changedOnRerun)),
    ...(large
      ? {
        large_events: large.events,
        large_writer_rows_per_s: large.writerRate,
        large_copy_rows_per_s: large.copyRate,
        large_writer_vs_copy: large.ratio,
        large_rerun_speedup: large.speedup,
      }
      : {}),
  });

  await sql.end({ timeout: 2 });
  return report;
}

export const syncWrites: Benchmark = {
  name: "sync",
  summary: "10,000 and 100,000 events through the tour sync's mapper and page writer against COPY; an unchanged re-run",
  run,
};
