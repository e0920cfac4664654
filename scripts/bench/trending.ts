// 4. Trending: refresh_trending at 10k, 100k and 1M votes over 1k, 10k and
// 50k upcoming shows; how long it takes and how that grows.
//
// The load is benchmark-only synthetic data generated with generate_series on
// the throwaway bench stack (never a developer's or the demo database): fans,
// artists, upcoming shows with 20-song predictions, and votes with skewed
// popularity (a show's chance falls with its rank), ages spread over the last
// five weeks (some older than the 30-day window) and mostly up. The counters
// on setlist_songs are set from those rows so the data model's invariant holds.
// Each scale is built on the previous one, then VACUUM ANALYZE (the query takes
// about twice as long before autovacuum has run), then refresh_trending runs
// once to warm up and three times measured.
//
// Baseline in the same run: one aggregate pass over the same votes (count and
// decayed heat per show): the least work any trending score could cost.

import { type Benchmark, type BenchOptions, type BenchReport, check, fmt, median, newReport, type Sql } from "./lib.ts";

export interface Scale {
  votes: number;
  shows: number;
}

const FULL: Scale[] = [{ votes: 10_000, shows: 1_000 }, { votes: 100_000, shows: 10_000 }, {
  votes: 1_000_000,
  shows: 50_000,
}];
const QUICK: Scale[] = [{ votes: 1_000, shows: 100 }, { votes: 3_000, shows: 300 }];
const SONGS_PER_SHOW = 20;
const VOTES_PER_FAN = 20;
const SHOWS_PER_ARTIST = 5;

/** Grows the synthetic world from `from` to `to` (shows, their predictions, fans, votes). */
export async function grow(sql: Sql, from: Scale, to: Scale): Promise<void> {
  const artistsFrom = Math.ceil(from.shows / SHOWS_PER_ARTIST);
  const artistsTo = Math.ceil(to.shows / SHOWS_PER_ARTIST);
  const fansFrom = Math.ceil(from.votes / VOTES_PER_FAN);
  const fansTo = Math.ceil(to.votes / VOTES_PER_FAN);
  await sql.begin(async (tx) => {
    await tx`
      insert into public.artists (id, name, slug)
      select md5('bench-trending-artist-' || n)::uuid, 'Trending bench artist ' || n || ' (synthetic)',
        'bench-trending-' || n
      from generate_series(${artistsFrom + 1}::int, ${artistsTo}::int) n`;
    await tx`
      insert into public.shows (id, artist_id, name, starts_at, local_date, status)
      select md5('bench-trending-show-' || n)::uuid,
        md5('bench-trending-artist-' || ((n - 1) / ${SHOWS_PER_ARTIST}::int + 1))::uuid,
        'Trending bench show ' || n || ' (synthetic)',
        date_trunc('hour', now()) + (1 + n % 180) * interval '1 day' + interval '20 hours',
        current_date + 2 + n % 180,
        -- about one show in fifty is cancelled: trending leaves those out
        (case when n % 50 = 0 then 'cancelled' else 'scheduled' end)::public.show_status
      from generate_series(${from.shows + 1}::int, ${to.shows}::int) n`;
    await tx`
      insert into public.setlists (id, show_id, kind)
      select md5('bench-trending-setlist-' || n)::uuid, md5('bench-trending-show-' || n)::uuid, 'predicted'
      from generate_series(${from.shows + 1}::int, ${to.shows}::int) n`;
    await tx`
      insert into public.setlist_songs (id, setlist_id, title, position)
      select md5('bench-trending-song-' || n || '-' || p)::uuid, md5('bench-trending-setlist-' || n)::uuid,
        'Bench song ' || p, p
      from generate_series(${from.shows + 1}::int, ${to.shows}::int) n, generate_series(1, ${SONGS_PER_SHOW}::int) p`;
    await tx`
      insert into auth.users (id, aud, role, email, is_anonymous, created_at, updated_at)
      select md5('bench-trending-fan-' || n)::uuid, 'authenticated', 'authenticated',
        'bench-trending-' || n || '@bench.invalid', false, now(), now()
      from generate_series(${fansFrom + 1}::int, ${fansTo}::int) n`;
    // popularity falls with a show's rank (random()^2 piles votes onto the first shows), ages spread over
    // five weeks, three votes in four up; a rare repeated (fan, song) pair is skipped, so counts are exact below
    await tx`
      insert into public.votes (user_id, setlist_song_id, show_id, value, created_at, updated_at)
      select md5('bench-trending-fan-' || fan)::uuid, md5('bench-trending-song-' || show || '-' || song)::uuid,
        md5('bench-trending-show-' || show)::uuid, value, at, at
      from (
        select 1 + floor(random() * ${fansTo}::int)::int as fan,
          1 + floor(power(random(), 2) * ${to.shows}::int)::int as show,
          1 + floor(random() * ${SONGS_PER_SHOW}::int)::int as song,
          case when random() < 0.75 then 1 else -1 end as value,
          now() - power(random(), 2) * interval '35 days' as at
        from generate_series(1, ${to.votes - from.votes}::int)
      ) v
      on conflict do nothing`;
    await tx`
      insert into public.show_view_counts (show_id, hour, views)
      select md5('bench-trending-show-' || n)::uuid, date_trunc('hour', now()) - h * interval '1 hour', 1 + n % 7
      from generate_series(${from.shows + 1}::int, ${to.shows}::int) n, generate_series(0, 2) h
      where n % 2 = 0`;
  });
  // the counters are what cast_vote would have made of these rows
  await sql`
    update public.setlist_songs ss set upvotes = c.up, downvotes = c.down
    from (
      select setlist_song_id, count(*) filter (where value = 1)::int as up, count(*) filter (where value = -1)::int as down
      from public.votes group by setlist_song_id
    ) c
    where c.setlist_song_id = ss.id and (ss.upvotes, ss.downvotes) is distinct from (c.up, c.down)`;
  for (const table of ["votes", "setlist_songs", "setlists", "shows", "artists", "show_view_counts"]) {
    await sql.unsafe(`vacuum analyze public.${table}`);
  }
}

/**
 * A refresh rewrites every row whose score moved (with decay, nearly all), leaving as many dead rows.
 * pg_cron refreshes every 15 minutes and autovacuum (naptime 1 min, threshold 20% of the rows) has
 * cleaned the views well before the next run; back to back, seconds apart, it would not have, so the
 * benchmark vacuums them between runs as autovacuum would have. Not timed.
 */
async function tidyViews(sql: Sql): Promise<void> {
  await sql.unsafe("vacuum public.trending_shows, public.trending_artists");
}

async function timed(sql: Sql, text: string): Promise<number> {
  const started = performance.now();
  await sql.unsafe(text);
  return performance.now() - started;
}

/** One aggregate pass over the votes (count and decayed heat per show, last 30 days): what trending is measured against. */
export const TRENDING_BASELINE = `select count(*) from (
  select v.show_id, count(*), sum(power(0.5::double precision, date_part('epoch', now() - v.updated_at) / 172800))
  from public.votes v where v.updated_at > now() - interval '30 days' group by v.show_id) per_show`;

/** What the last refresh_trending left wrong at this scale: its cron_logs status, the shows listed, one show's voters. */
async function refreshProblems(sql: Sql, scale: Scale, upcoming: number): Promise<string[]> {
  const problems: string[] = [];
  const [logged] = await sql<{ status: string; shows: number }[]>`
    select status, (details ->> 'shows')::int as shows from public.cron_logs
    where job_name = 'refresh_trending' order by id desc limit 1`;
  const [listed] = await sql<{ n: number }[]>`select count(*)::int as n from public.trending_shows`;
  // the busiest synthetic show: its unique voters in the view must be the distinct fans in its votes
  const [sample] = await sql<{ view: number; actual: number }[]>`
    select t.unique_voters as view,
      (select count(distinct user_id)::int from public.votes v
       where v.show_id = t.show_id and v.updated_at > now() - interval '30 days') as actual
    from public.trending_shows t where t.name like 'Trending bench show %' order by t.rank limit 1`;
  if (logged?.status !== "ok") problems.push(`${scale.votes}: refresh logged ${logged?.status}`);
  if (listed.n !== upcoming) {
    problems.push(`${scale.votes}: ${listed.n} shows listed, ${upcoming} upcoming`);
  }
  if (!sample || sample.view !== sample.actual) {
    problems.push(`${scale.votes}: unique voters ${JSON.stringify(sample)}`);
  }
  return problems;
}

/** Where the time goes at the largest scale: the scoring query itself, and what the concurrent refresh adds. */
async function whereTheTimeGoes(sql: Sql, report: BenchReport, votes: number): Promise<void> {
  const [{ definition }] = await sql<{ definition: string }[]>`
    select pg_get_viewdef('public.trending_shows'::regclass) as definition`;
  const query = median([
    await timed(sql, `select count(*) from (${definition.replace(/;\s*$/, "")}) q`),
    await timed(sql, `select count(*) from (${definition.replace(/;\s*$/, "")}) q`),
    await timed(sql, `select count(*) from (${definition.replace(/;\s*$/, "")}) q`),
  ]);
  const showsRefreshes: number[] = [];
  for (let i = 0; i < 3; i++) {
    await tidyViews(sql);
    showsRefreshes.push(await timed(sql, "refresh materialized view concurrently public.trending_shows"));
  }
  const showsRefresh = median(showsRefreshes);
  report.findings.push(
    `at ${fmt(votes, 0)} votes: the scoring query alone takes ${fmt(query, 0)} ms; refreshing trending_shows ` +
      `concurrently ${fmt(showsRefresh, 0)} ms (the rest is its diff against the old rows and the row updates); ` +
      `trending_artists and pruning make up the rest of refresh_trending.`,
  );
  Object.assign(report.metrics, { scoring_query_ms: query, shows_refresh_ms: showsRefresh });
}

async function run({ stack, quick, log }: BenchOptions): Promise<BenchReport> {
  const report = newReport("trending", "refresh_trending as votes and shows grow");
  const scales = quick ? QUICK : FULL;
  // one connection: vacuum cannot run inside a transaction block, and the refreshes run one at a time anyway
  const sql = stack.sql({ max: 1 });
  // the load generator must not be paid for by trending's own JIT setting
  await sql`set jit = off`;
  const rows: (string | number)[][] = [];
  const refreshMs: number[] = [];
  let previous: Scale = { votes: 0, shows: 0 };
  let checksOk = true;
  const problems: string[] = [];
  for (const scale of scales) {
    log(`trending: growing to ${scale.votes} votes over ${scale.shows} shows (synthetic, bench stack only)`);
    await grow(sql, previous, scale);
    previous = scale;
    const [counts] = await sql<{ votes: number; shows: number; upcoming: number }[]>`
      select (select count(*) from public.votes where show_id in (select id from public.shows where name like 'Trending bench show %'))::int as votes,
        (select count(*) from public.shows where name like 'Trending bench show %')::int as shows,
        (select count(*) from public.shows sh where sh.status not in ('cancelled', 'completed')
           and (sh.starts_at > now() or (sh.starts_at is null and (sh.local_date > current_date or sh.date_tba))))::int
          as upcoming`;
    await sql`select public.refresh_trending()`;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await tidyViews(sql);
      times.push(await timed(sql, "select public.refresh_trending()"));
    }
    const baselines: number[] = [];
    for (let i = 0; i < 3; i++) baselines.push(await timed(sql, TRENDING_BASELINE));
    const refresh = median(times);
    const baseline = median(baselines);
    refreshMs.push(refresh);

    problems.push(...await refreshProblems(sql, scale, counts.upcoming));
    checksOk &&= problems.length === 0;

    rows.push([
      fmt(counts.votes, 0),
      fmt(counts.shows, 0),
      fmt(refresh, 0),
      fmt(baseline, 0),
      `${(refresh / baseline).toFixed(2)}x`,
      refreshMs.length > 1 ? `${(refresh / refreshMs.at(-2)!).toFixed(1)}x` : "-",
      times.map((t) => fmt(t, 0)).join(" / "),
    ]);
    Object.assign(report.metrics, {
      [`refresh_ms_${scale.votes}`]: refresh,
      [`baseline_ms_${scale.votes}`]: baseline,
    });
  }

  report.notes.push(
    `Data: benchmark-only synthetic data generated with generate_series on the throwaway bench stack, never on a ` +
      `developer's or the demo database: fans (${VOTES_PER_FAN} votes each on average), artists (${SHOWS_PER_ARTIST} ` +
      `shows each), upcoming shows (1 in 50 cancelled) with ${SONGS_PER_SHOW}-song predictions, votes skewed towards ` +
      `popular shows, aged up to five weeks, 3 in 4 up; hourly page views on half the shows; counters set from the rows.`,
    `Each scale is grown from the previous one, then VACUUM ANALYZE; one warm-up refresh, three measured (median), ` +
      `each after a VACUUM of the two views (what autovacuum does in the 15 minutes between scheduled refreshes).`,
    `Baseline: one aggregate pass over the same votes (count and decayed heat per show, last 30 days).`,
  );
  report.tables.push({
    title: "",
    headers: ["votes", "shows", "refresh ms", "baseline ms", "vs baseline", "growth", "runs ms"],
    rows,
  });
  if (!quick) {
    const last = refreshMs.at(-1)!;
    report.verdicts.push({
      name: "refresh_trending at 1M votes over 50k shows",
      value: last,
      shown: `${fmt(last, 0)} ms`,
      target: "< 2,000 ms",
      met: last < 2000,
    });
  }
  report.checks.push(
    check(
      "every refresh logged ok, listed every upcoming show, and counted a show's voters right",
      checksOk,
      problems.join("; "),
    ),
  );
  await whereTheTimeGoes(sql, report, previous.votes);
  return report;
}

export const trending: Benchmark = {
  name: "trending",
  summary: "refresh_trending at 10k/100k/1M votes over 1k/10k/50k shows (synthetic data, bench stack only)",
  run,
};
