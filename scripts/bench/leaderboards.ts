// 9. Leaderboards at a million fans: global_leaderboard and artist_leaderboard
// (migration 20261206008300) read the running totals fan_points and
// fan_artist_points that the show_points trigger keeps, a page at a time.
//
// Data: a synthetic crowd made in SQL on the benchmark's throwaway stack only
// (auth users named bench-fan-N@synthetic.invalid with handles, totals drawn
// from a fixed seed, ten artists named "Synthetic Bench Artist N" flagged
// synthetic). No vote or setlist is invented: the totals tables are what the
// leaderboards read, so they are what is filled.
//
// Baseline in the same run: the bare index read each page wraps (the same
// rows of fan_points in leaderboard order, without ranks or handles): the
// least any leaderboard page could cost.

import { openSql, type Sql } from "../../supabase/functions/_shared/db.ts";
import { type Benchmark, type BenchOptions, type BenchReport, check, fmt, newReport, summarize } from "./lib.ts";

const PAGE = 25;
const ARTISTS = 10;

async function fillCrowd(sql: Sql, fans: number): Promise<void> {
  await sql`select setseed(0.42)`;
  await sql`
    insert into public.artists (id, name, slug, synthetic)
    select ('b0a00000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 'Synthetic Bench Artist ' || i,
      'synthetic-bench-artist-' || i, true
    from generate_series(1, ${ARTISTS}) i`;
  await sql`
    insert into auth.users (id, aud, role, email, is_anonymous, created_at, updated_at)
    select ('b0f00000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 'authenticated', 'authenticated',
      'bench-fan-' || i || '@synthetic.invalid', false, now(), now()
    from generate_series(1, ${fans}) i`;
  await sql`
    insert into public.profiles (user_id, handle, home_city)
    select ('b0f00000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 'fan_' || i, 'Synthetic City'
    from generate_series(1, ${fans}) i`;
  // points as scoring gives them: multiples of 5, most fans few, a long tail of many
  await sql`
    insert into public.fan_artist_points (artist_id, user_id, points, shows)
    select ('b0a00000-0000-4000-8000-' || lpad((1 + (i % ${ARTISTS}))::text, 12, '0'))::uuid,
      ('b0f00000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
      5 * floor(-ln(1 - random()) * 12)::int, 1 + floor(random() * 8)::int
    from generate_series(1, ${fans}) i`;
  await sql`
    insert into public.fan_points (user_id, points, shows)
    select user_id, points, shows from public.fan_artist_points`;
  await sql`analyze public.fan_points, public.fan_artist_points, public.profiles`;
}

async function timeQuery(run: () => Promise<unknown>, rounds: number) {
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return summarize(ms);
}

async function measure(report: BenchReport, sql: Sql, fans: number, quick: boolean) {
  const rounds = quick ? 10 : 50;
  const deepPage = quick ? 10 : 100;
  const artist = "b0a00000-0000-4000-8000-000000000001";
  const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    [
      "global_leaderboard, first page",
      () => sql`select * from public.global_leaderboard(${PAGE}, 0)`,
      () =>
        sql`select user_id, points from public.fan_points where points > 0 order by points desc, user_id limit ${PAGE}`,
    ],
    [
      `global_leaderboard, page ${deepPage + 1}`,
      () => sql`select * from public.global_leaderboard(${PAGE}, ${deepPage})`,
      () =>
        sql`select user_id, points from public.fan_points where points > 0
            order by points desc, user_id limit ${PAGE} offset ${deepPage * PAGE}`,
    ],
    [
      "artist_leaderboard, first page",
      () => sql`select * from public.artist_leaderboard(${artist}::uuid, ${PAGE}, 0)`,
      () =>
        sql`select user_id, points from public.fan_artist_points where artist_id = ${artist}::uuid and points > 0
            order by points desc, user_id limit ${PAGE}`,
    ],
  ];
  const rows: string[][] = [];
  for (const [name, board, baseline] of cases) {
    const b = await timeQuery(board, rounds);
    const base = await timeQuery(baseline, rounds);
    rows.push([
      name,
      fmt(b.p50),
      fmt(b.p95),
      fmt(base.p50),
      fmt(base.p95),
      `${(b.p50 / Math.max(base.p50, 0.01)).toFixed(1)}x`,
    ]);
    const key = name.replace(/[^a-z0-9]+/gi, "_").toLowerCase();
    report.metrics[`${key}_p95_ms`] = b.p95;
    report.metrics[`${key}_baseline_p95_ms`] = base.p95;
    if (!quick) {
      report.verdicts.push({
        name: `${name} at ${fans.toLocaleString("en-US")} fans (p95)`,
        value: b.p95,
        shown: `${fmt(b.p95)} ms (${(b.p95 / Math.max(base.p95, 0.01)).toFixed(1)}x the bare index read)`,
        target: "< 50 ms",
        met: b.p95 < 50,
      });
    }
  }
  report.tables.push({
    title: `leaderboard pages of ${PAGE} at ${
      fans.toLocaleString("en-US")
    } fans, ${rounds} calls each after 3 warm-ups`,
    headers: ["query", "p50 ms", "p95 ms", "baseline p50 ms", "baseline p95 ms", "p50 ratio"],
    rows,
  });

  const first = await sql<{ rank: number; handle: string | null; points: number }[]>`
    select rank, handle, points from public.global_leaderboard(${PAGE}, 0)`;
  const [{ top }] = await sql<{ top: number }[]>`select max(points) as top from public.fan_points`;
  report.checks.push(check(
    "the first page has a full page of fans, most points first, ranked from 1, every one with a handle",
    first.length === PAGE && first[0].rank === 1 && first[0].points === top &&
      first.every((r, i) => r.handle !== null && (i === 0 || first[i - 1].points >= r.points)),
    `${first.length} rows, top ${first[0]?.points} of ${top}`,
  ));
  const deep = await sql<{ rank: number; points: number }[]>`
    select rank, points from public.global_leaderboard(${PAGE}, ${deepPage})`;
  const [{ above }] = await sql<{ above: number }[]>`
    select count(*)::int as above from public.fan_points where points > ${deep[0].points}`;
  report.checks.push(check(
    `page ${deepPage + 1}'s first rank is one more than the fans with more points`,
    deep[0].rank === above + 1,
    `rank ${deep[0].rank}, ${above} fans above`,
  ));
}

export const leaderboards: Benchmark = {
  name: "leaderboards",
  summary: "global and artist leaderboard pages at a million fans, against the bare index read",
  run: async ({ stack, quick, log }: BenchOptions) => {
    const fans = quick ? 2_000 : 1_000_000;
    const report = newReport("leaderboards", "leaderboards at a million fans");
    report.notes.push(
      `A synthetic crowd of ${fans.toLocaleString("en-US")} fans (bench-fan-N@synthetic.invalid) over ${ARTISTS} ` +
        "synthetic artists, made in SQL on the throwaway stack: the totals tables the leaderboards read.",
    );
    const sql = openSql(stack.dbUrl, 1);
    try {
      const t0 = performance.now();
      await fillCrowd(sql, fans);
      log(`leaderboards: ${fans} fans in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await measure(report, sql, fans, quick);
    } finally {
      await sql.end({ timeout: 2 });
    }
    return report;
  },
};
