// 2. A day of syncs within the providers' daily budgets, at catalog scale.
//
// The demo upstream in scale mode (scripts/stack/upstream/scale.ts: 10,000
// synthetic artists, about ten upcoming shows each in the five default
// markets, setlist.fm histories) and the real sync handlers, driven in this
// process tick by tick on a simulated clock: the cron schedule's ticks of a
// day in order (sync-popular-tours at 00, 06, 12, 18 h; sync-setlists at :15
// and :45), each a POST with the cron secret into the function's own handler,
// with Ticketmaster's 5,000 and setlist.fm's 1,440 requests a day as the
// budgets. Time is compressed, so what the clock would have done between
// ticks is done by hand: the providers' cached answers expire before every
// tick (every cache TTL is shorter than the gap between ticks), and at the
// end of a simulated day every setlists_synced_at moves a day back and the
// day's api_usage rows go (a new UTC day's budget). The shows themselves do
// not move: the 7- and 30-day windows are the same shows every day.
//
// Baseline: the budgets themselves. Checks: calls never exceed a budget,
// counted by the upstream itself; api_usage agrees with the upstream; every
// setlists run records what it could not reach; sync_health shows it.
// Targets, at the end of the last day: shows in the next 7 days whose artist's
// setlists were refreshed within 3 days 100%, in the next 30 days >= 90%.

import { closeSql } from "../../supabase/functions/_shared/db.ts";
import { resetProviderRuntimes } from "../../supabase/functions/_shared/http/policy.ts";
import { handler as setlistsHandler } from "../../supabase/functions/sync-setlists/handler.ts";
import { handler as toursHandler } from "../../supabase/functions/sync-popular-tours/handler.ts";
import { generateScaleDataset } from "../stack/upstream/scale.ts";
import { createUpstream, DEMO_CREDENTIALS, type Upstream } from "../stack/upstream/server.ts";
import { type Benchmark, type BenchOptions, type BenchReport, check, fmt, newReport, type Sql } from "./lib.ts";

const FULL = { artists: 10_000, ticketmaster: 5_000, setlistfm: 1_440, days: 3 };
const SCHEDULED_JOBS = ["sync-popular-tours", "sync-artist-songs", "sync-setlists", "import-artist"];

interface Tick {
  minute: number;
  job: "sync-popular-tours" | "sync-setlists";
}

/** One day of the cron schedule's ticks for the two budgeted jobs, in order. */
function dayOfTicks(): Tick[] {
  const ticks: Tick[] = [];
  for (let hour = 0; hour < 24; hour++) {
    if (hour % 6 === 0) ticks.push({ minute: hour * 60, job: "sync-popular-tours" });
    ticks.push({ minute: hour * 60 + 15, job: "sync-setlists" }, { minute: hour * 60 + 45, job: "sync-setlists" });
  }
  return ticks;
}

interface Coverage {
  shows_next_7_days: number;
  fresh_next_7_days: number | null;
  shows_next_30_days: number;
  fresh_next_30_days: number | null;
}
interface RefreshStatus {
  due: number;
  tiers: Record<string, { artists: number; due: number }>;
  coverage: Coverage;
}

interface DayResult {
  day: number;
  ticketmasterCalls: number;
  setlistfmCalls: number;
  usage: Record<string, number>;
  setlistRuns: number;
  runsWithUnreached: number;
  budgetStops: number;
  artistsRefreshed: number;
  itemErrors: number;
  status: RefreshStatus;
  ms: number;
}

function withEnv(values: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(values).map((k) => [k, Deno.env.get(k)]));
  for (const [k, v] of Object.entries(values)) Deno.env.set(k, v);
  return () => {
    for (const [k, v] of Object.entries(before)) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  };
}

/** The catalog size and the budgets scaled to it, and how many days to simulate. */
function sizesFor(quick: boolean) {
  // the smoke size keeps the ratio of budget to artists
  // BENCH_BUDGET_ARTISTS runs a smaller catalog with the budgets scaled alike (a loaded machine cannot write
  // 100,000 shows in time)
  const artists = quick ? 200 : Number(Deno.env.get("BENCH_BUDGET_ARTISTS") ?? FULL.artists);
  const share = artists / FULL.artists;
  const budget = {
    ticketmaster: Math.max(20, Math.round(FULL.ticketmaster * share)),
    setlistfm: Math.max(5, Math.round(FULL.setlistfm * share)),
  };
  // the smoke checks the mechanics on one (cold) day; the targets are judged after the full run's days
  const days = quick ? 1 : FULL.days;
  return { artists, share, budget, days };
}

/**
 * Stops the bench stack's own pg_cron from spending the same keys' budgets meanwhile, starts from no usage
 * and no cache, and reads the bodies the schedule sends (migration sync_schedule), the setlists limit
 * scaled in the smoke.
 */
async function takeOverSchedule(admin: Sql, share: number) {
  await admin`update cron.job set active = false where jobname = any(${SCHEDULED_JOBS})`;
  await admin`delete from public.api_usage`;
  await admin`delete from public.api_cache`;
  const [{ command: setlistsCommand }] = await admin<{ command: string }[]>`
    select command from cron.job where jobname = 'sync-setlists'`;
  const scheduledLimit = Number(setlistsCommand.match(/"limit": *(\d+)/)?.[1]);
  const runLimit = Math.max(1, Math.round(scheduledLimit * share));
  const cronBodies = Object.fromEntries(
    (await admin<{ jobname: string; command: string }[]>`
      select jobname, command from cron.job where jobname in ('sync-popular-tours', 'sync-setlists')`)
      .map((j) => [j.jobname, JSON.parse(j.command.match(/'(\{.*\})'/)?.[1] ?? "null") as Record<string, unknown>]),
  );
  return {
    toursBody: cronBodies["sync-popular-tours"],
    setlistsBody: { ...cronBodies["sync-setlists"], limit: runLimit },
  };
}

/** One simulated day: every tick of the schedule in order, then what it spent and refreshed. */
async function simulateDay(
  admin: Sql,
  upstream: Upstream,
  day: number,
  post: (job: Tick["job"]) => Promise<unknown>,
): Promise<DayResult> {
  const started = performance.now();
  upstream.reset();
  const [{ first }] = await admin<
    { first: number }[]
  >`select coalesce(max(id), 0)::int + 1 as first from public.sync_runs`;
  for (const tick of dayOfTicks()) {
    // the gap since the last tick is longer than any cached answer lives
    await admin`update public.api_cache set expires_at = now() - interval '1 second'`;
    await post(tick.job);
  }
  const [runs] = await admin<
    { setlist_runs: number; with_unreached: number; budget_stops: number; refreshed: number; errors: number }[]
  >`
    select count(*) filter (where job = 'sync-setlists')::int as setlist_runs,
           count(*) filter (where job = 'sync-setlists' and stats ? 'unreached')::int as with_unreached,
           count(*) filter (where job = 'sync-setlists' and (stats ->> 'budget_exhausted')::boolean)::int as budget_stops,
           (select count(*) from public.artists
            where setlists_synced_at >= (select min(started_at) from public.sync_runs where id >= ${first}))::int
             as refreshed,
           (select count(*) from public.sync_errors where run_id >= ${first})::int as errors
    from public.sync_runs where id >= ${first}`;
  const usage = Object.fromEntries(
    (await admin<{ provider: string; requests: number }[]>`
      select provider, sum(requests)::int as requests from public.api_usage group by provider`)
      .map((r) => [r.provider, r.requests]),
  );
  const [{ status }] = await admin<{ status: RefreshStatus }[]>`select public.setlist_refresh_status() as status`;
  const result: DayResult = {
    day,
    ticketmasterCalls: upstream.requests.ticketmaster,
    setlistfmCalls: upstream.requests.setlistfm,
    usage,
    setlistRuns: runs.setlist_runs,
    runsWithUnreached: runs.with_unreached,
    budgetStops: runs.budget_stops,
    artistsRefreshed: runs.refreshed,
    itemErrors: runs.errors,
    status,
    ms: performance.now() - started,
  };
  return result;
}

interface Outcome {
  artists: number;
  days: number;
  budget: { ticketmaster: number; setlistfm: number };
  setlistsBody: Record<string, unknown>;
  results: DayResult[];
  shows: number;
  artists_with_shows: number;
  health: { same: boolean; last_unreached: number | null; due_now: number };
}

async function run({ stack, quick, log }: BenchOptions): Promise<BenchReport> {
  const report = newReport("budgets", "a day of cron ticks at catalog scale within the providers' daily budgets");
  const { artists, share, budget, days } = sizesFor(quick);
  const dataset = generateScaleDataset({ artists });
  // the providers' own per-second limits are lifted: time is compressed, the daily budgets are what is measured
  const upstream = createUpstream({ dataset, rateLimits: { ticketmaster: null, spotify: null, setlistfm: null } });
  const admin = stack.sql({ max: 1 });
  const cronSecret = `bench-${crypto.randomUUID()}-${crypto.randomUUID()}`;
  const restoreEnv = withEnv({
    SUPABASE_URL: stack.apiUrl,
    SUPABASE_DB_URL: stack.dbUrl,
    CRON_SECRET: cronSecret,
    TICKETMASTER_BASE_URL: upstream.url,
    SETLISTFM_BASE_URL: upstream.url,
    TICKETMASTER_API_KEY: DEMO_CREDENTIALS.ticketmasterApiKey,
    SETLISTFM_API_KEY: DEMO_CREDENTIALS.setlistfmApiKey,
    TICKETMASTER_DAILY_BUDGET: String(budget.ticketmaster),
    SETLISTFM_DAILY_BUDGET: String(budget.setlistfm),
    TICKETMASTER_RATE_PER_SECOND: "1000",
    SETLISTFM_RATE_PER_SECOND: "1000",
    SYNC_TIME_BUDGET_MS: "3600000",
    LOG_LEVEL: "error",
  });
  resetProviderRuntimes();
  const { toursBody, setlistsBody } = await takeOverSchedule(admin, share);
  const post = async (job: Tick["job"]) => {
    const body = job === "sync-setlists" ? setlistsBody : toursBody;
    const request = new Request(`${stack.apiUrl}/functions/v1/${job}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${cronSecret}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const response = await (job === "sync-setlists" ? setlistsHandler : toursHandler)(request);
    const summary = await response.json();
    if (response.status >= 500) throw new Error(`${job} answered ${response.status}: ${JSON.stringify(summary)}`);
    return summary as { run_id: number };
  };

  const results: DayResult[] = [];
  try {
    for (let day = 1; day <= days; day++) {
      const result = await simulateDay(admin, upstream, day, post);
      const { status } = result;
      results.push(result);
      log(
        `budgets: day ${day}/${days}: ${result.ticketmasterCalls} Ticketmaster and ${result.setlistfmCalls} ` +
          `setlist.fm calls, ${result.artistsRefreshed} artists refreshed, coverage 7 d ` +
          `${status.coverage.fresh_next_7_days} / 30 d ${status.coverage.fresh_next_30_days} (${
            fmt(result.ms / 1000)
          } s)`,
      );
      if (day < days) {
        // midnight: a day passes for the sync stamps, and a new UTC day's budget begins
        await admin`update public.artists set setlists_synced_at = setlists_synced_at - interval '1 day'
                    where setlists_synced_at is not null`;
        await admin`delete from public.api_usage`;
      }
    }
  } finally {
    restoreEnv();
    resetProviderRuntimes();
    await closeSql();
    await admin`update cron.job set active = true where jobname = any(${SCHEDULED_JOBS})`.catch(() => {});
    await upstream.close();
  }

  // sync_health() reports the setlist refresh status from the census pg_cron takes every minute: take it now
  await admin`select public.refresh_sync_health_census()`;
  const [health] = await admin<{ same: boolean; last_unreached: number | null; due_now: number }[]>`
    select (public.sync_health() -> 'setlist_refresh') = public.setlist_refresh_status() as same,
           (select (stats #>> '{unreached,due}')::int from public.sync_runs
             where job = 'sync-setlists' order by id desc limit 1) as last_unreached,
           (public.setlist_refresh_status() ->> 'due')::int as due_now`;
  const [{ shows, artists_with_shows }] = await admin<{ shows: number; artists_with_shows: number }[]>`
    select count(*)::int as shows, count(distinct artist_id)::int as artists_with_shows
    from public.shows where local_date >= (now() at time zone 'utc')::date`;

  const outcome = { artists, days, budget, setlistsBody, results, shows, artists_with_shows, health };
  describeDays(report, outcome);
  judgeBudgets(report, outcome);
  return report;
}

/** What ran, and what each day spent and refreshed. */
function describeDays(report: BenchReport, outcome: Outcome) {
  const { artists, days, budget, setlistsBody, results, shows, artists_with_shows } = outcome;
  const last = results.at(-1)!;
  report.notes.push(
    `Workload: the demo upstream in scale mode (scale.ts, synthetic): ${artists} artists, ${shows} upcoming shows ` +
      `synced through sync-popular-tours (${artists_with_shows} artists with one), setlist.fm histories of the last year. ` +
      `${days} simulated day(s) of cron ticks (tours at 00/06/12/18 h, setlists at :15 and :45 with the schedule's body ${
        JSON.stringify(setlistsBody)
      }), ` +
      `each tick a POST into the real handler; cached answers expire before every tick; between days every ` +
      `setlists_synced_at moves a day back and api_usage starts over.`,
    `Budgets: Ticketmaster ${budget.ticketmaster} and setlist.fm ${budget.setlistfm} requests a day` +
      (artists < FULL.artists
        ? ` (the real budgets scaled to ${artists} of ${FULL.artists} artists).`
        : " (the real ones).") +
      ` Calls are counted by the upstream itself.`,
  );
  report.tables.push({
    title: "per simulated day",
    headers: [
      "day",
      "Ticketmaster calls",
      "setlist.fm calls",
      "artists refreshed",
      "budget stops",
      "7-day shows fresh",
      "30-day shows fresh",
      "due after the day",
      "s",
    ],
    rows: results.map((r) => [
      r.day,
      `${r.ticketmasterCalls} / ${budget.ticketmaster}`,
      `${r.setlistfmCalls} / ${budget.setlistfm}`,
      r.artistsRefreshed,
      r.budgetStops,
      `${r.status.coverage.fresh_next_7_days ?? "-"} of ${r.status.coverage.shows_next_7_days}`,
      `${r.status.coverage.fresh_next_30_days ?? "-"} of ${r.status.coverage.shows_next_30_days}`,
      r.status.due,
      fmt(r.ms / 1000),
    ]),
  });
  report.tables.push({
    title: "refresh tiers at the end (artists / due)",
    headers: ["tier", "artists", "due"],
    rows: Object.entries(last.status.tiers).map(([tier, t]) => [tier, t.artists, t.due]),
  });
}

/** The targets, the budget checks and the metrics. */
function judgeBudgets(report: BenchReport, outcome: Outcome) {
  const { artists, days, budget, results, shows, artists_with_shows, health } = outcome;
  const last = results.at(-1)!;
  const fresh7 = last.status.coverage.fresh_next_7_days ?? 0;
  const fresh30 = last.status.coverage.fresh_next_30_days ?? 0;
  report.verdicts.push(
    {
      name: "shows in the next 7 days whose artist's setlists were refreshed within 3 days",
      value: fresh7,
      shown: `${(fresh7 * 100).toFixed(2)}%`,
      target: "100%",
      met: fresh7 >= 1,
    },
    {
      name: "shows in the next 30 days whose artist's setlists were refreshed within 3 days",
      value: fresh30,
      shown: `${(fresh30 * 100).toFixed(2)}%`,
      target: ">= 90%",
      met: fresh30 >= 0.9,
    },
  );
  report.checks.push(
    check(
      "no day's Ticketmaster calls exceed its budget (the upstream's own count)",
      results.every((r) => r.ticketmasterCalls <= budget.ticketmaster),
      results.map((r) => r.ticketmasterCalls).join(", "),
    ),
    check(
      "no day's setlist.fm calls exceed its budget (the upstream's own count)",
      results.every((r) => r.setlistfmCalls <= budget.setlistfm),
      results.map((r) => r.setlistfmCalls).join(", "),
    ),
    check(
      "api_usage counted exactly the calls the upstream received",
      results.every((r) =>
        (r.usage.ticketmaster ?? 0) === r.ticketmasterCalls && (r.usage.setlistfm ?? 0) === r.setlistfmCalls
      ),
      JSON.stringify(results.map((r) => ({ usage: r.usage, tm: r.ticketmasterCalls, sfm: r.setlistfmCalls }))),
    ),
    check("the tour sync loaded the scale catalog", shows > 0 && artists_with_shows > artists * 0.5, `${shows}`),
    check(
      "every setlists run recorded what it could not reach",
      results.every((r) => r.setlistRuns === 48 && r.runsWithUnreached === r.setlistRuns),
      results.map((r) => `${r.runsWithUnreached}/${r.setlistRuns}`).join(", "),
    ),
    check(
      "the last run's unreached count is what the database still has due",
      health.last_unreached === health.due_now,
      `${health.last_unreached} vs ${health.due_now}`,
    ),
    check("sync_health shows the refresh status", health.same),
  );
  Object.assign(report.metrics, {
    artists,
    upcoming_shows: shows,
    days,
    ticketmaster_budget: budget.ticketmaster,
    setlistfm_budget: budget.setlistfm,
    ticketmaster_calls_per_day: results.map((r) => r.ticketmasterCalls),
    setlistfm_calls_per_day: results.map((r) => r.setlistfmCalls),
    artists_refreshed_per_day: results.map((r) => r.artistsRefreshed),
    fresh_next_7_days: fresh7,
    fresh_next_30_days: fresh30,
    coverage_per_day: results.map((r) => r.status.coverage),
    due_after_last_day: last.status.due,
    item_errors: results.reduce((n, r) => n + r.itemErrors, 0),
  });
}

export const budgets: Benchmark = {
  name: "budgets",
  summary: "a day of cron ticks at 10,000 artists within Ticketmaster's and setlist.fm's daily budgets; coverage",
  run,
};
