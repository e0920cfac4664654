// 8. Predictions: the backtest (scripts/backtest) on real setlist histories,
// and what one predict_setlist call costs with a long history.
//
// Data: real setlists from scripts/backtest/data (SOURCES.md there), loaded
// through the sync's own setlist.fm mapper and writer into the throwaway bench
// stack. The smoke size backtests the 40-show samples (30 shows scored per
// artist) and checks the results' shape and that the engine is deterministic
// and read-only; the full size backtests nothing (npm run backtest does that,
// PREDICTIONS.md) but times predictions over Phish's whole history: 1,896
// shows, every one of them loaded, as of the day after the last.
//
// Baseline in the same run: reading the history the engine learns from
// (prediction_history: the 60 most recent shows' songs), the least work any
// prediction from that history could cost.

import { join } from "node:path";
import { openSql } from "../../supabase/functions/_shared/db.ts";
import { ROOT } from "../stack/config.ts";
import { loadFile } from "../backtest/backtest.ts";
import { runBacktest } from "../backtest/main.ts";
import { type Benchmark, type BenchOptions, type BenchReport, check, fmt, newReport, summarize } from "./lib.ts";

const DATA = join(ROOT, "scripts", "backtest", "data");
const SAMPLES = ["phish-recent-40.json", "taylor-swift-eras-tour-recent-40.json"].map((f) => join(DATA, "sample", f));
const RESULT_KEYS = ["calibration", "engine", "last_setlist", "most_played_25", "name", "shows_scored"];
const HIT_KEYS = ["closer", "encore", "f1", "opener", "precision", "recall"];

async function smoke(report: BenchReport, dbUrl: string, log: (line: string) => void) {
  const sql = openSql(dbUrl, 2);
  try {
    const results = await runBacktest(sql, SAMPLES, log);
    report.checks.push(
      check(
        "every sample artist is scored on its 30 shows after the first 10",
        results.artists.length === 2 && results.artists.every((a) => a.shows_scored === 30),
        results.artists.map((a) => `${a.name} ${a.shows_scored}`).join(", "),
      ),
    );
    const shapeOk = results.artists.every((a) =>
      JSON.stringify(Object.keys(a).sort()) === JSON.stringify(RESULT_KEYS) &&
      [a.engine, a.last_setlist, a.most_played_25].every((h) =>
        JSON.stringify(Object.keys(h).sort()) === JSON.stringify(HIT_KEYS) &&
        Object.values(h).every((x) => x >= 0 && x <= 1)
      ) && a.calibration.length === 10
    );
    report.checks.push(check("results.json has the issue's shape, every rate within 0..1", shapeOk));
    for (const a of results.artists) {
      report.tables.push({
        title: `${a.name} (smoke sample; numbers mean nothing at this size)`,
        headers: ["predictor", "f1", "precision", "recall"],
        rows: (["engine", "last_setlist", "most_played_25"] as const).map((w) => [
          w,
          a[w].f1.toFixed(3),
          a[w].precision.toFixed(3),
          a[w].recall.toFixed(3),
        ]),
      });
    }
    const [artist] = await sql<{ id: string }[]>`select id::text from public.artists where name = 'Phish'`;
    const twice = await sql<{ same: boolean }[]>`
      select (select jsonb_agg(p) from public.predict_setlist(${artist.id}::uuid, now()) p)
        = (select jsonb_agg(p) from public.predict_setlist(${artist.id}::uuid, now()) p) as same`;
    report.checks.push(check("predict_setlist is deterministic: two calls give the same rows", twice[0].same));
    const [fn] = await sql<{ volatility: string }[]>`
      select provolatile as volatility from pg_proc where proname = 'predict_setlist'`;
    report.checks.push(check("predict_setlist is read-only (stable)", fn.volatility === "s"));
  } finally {
    await sql.end({ timeout: 2 });
  }
}

async function latency(report: BenchReport, dbUrl: string, log: (line: string) => void) {
  const sql = openSql(dbUrl, 1);
  try {
    const loaded = await loadFile(sql, join(DATA, "phish.json"));
    await sql`analyze`;
    const [{ shows, last }] = await sql<{ shows: number; last: string }[]>`
      select count(*)::int as shows, max(local_date)::text as last from public.shows where artist_id = ${loaded.artistId}::uuid`;
    log(`predictions: ${shows} Phish shows loaded; timing predictions as of ${last}`);
    const asOf = `${last}T12:00:00Z`;
    // the machine is shared: wall time includes waiting for a core, so the backend's own CPU time is read too
    const [{ pid }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const cpuMs = async () => {
      const fields = (await Deno.readTextFile(`/proc/${pid}/stat`)).split(") ")[1].split(" ");
      // utime and stime (fields 14 and 15 of the file) in clock ticks of 10 ms
      return (Number(fields[11]) + Number(fields[12])) * 10;
    };
    const rounds = 100;
    const time = async (query: () => Promise<unknown>) => {
      for (let i = 0; i < 5; i++) await query();
      const ms: number[] = [];
      const cpuBefore = await cpuMs();
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        await query();
        ms.push(performance.now() - t0);
      }
      return { ...summarize(ms), cpu: (await cpuMs() - cpuBefore) / rounds };
    };
    const engine = await time(() =>
      sql`select * from public.predict_setlist(${loaded.artistId}::uuid, ${asOf}::timestamptz)`
    );
    const reading = await time(() =>
      sql`select * from public.prediction_history(${loaded.artistId}::uuid, ${last}::date)`
    );
    const load = (await Deno.readTextFile("/proc/loadavg")).split(" ")[0];
    report.tables.push({
      title: `one prediction, ${shows} shows of history (Phish, all loaded), ${rounds} calls after 5 warm-up calls ` +
        `(load average ${load} on this machine)`,
      headers: ["query", "server CPU ms/call", "wall p50 ms", "wall p95 ms"],
      rows: [
        ["predict_setlist", fmt(engine.cpu), fmt(engine.p50), fmt(engine.p95)],
        [
          "baseline: prediction_history (reading what it learns from)",
          fmt(reading.cpu),
          fmt(reading.p50),
          fmt(reading.p95),
        ],
      ],
    });
    report.findings.push(
      `wall time on a shared machine includes waiting for a core (load average ${load} on 2 cores): the server's CPU ` +
        "time per call is what one prediction costs; on an idle machine the wall time approaches it",
    );
    report.metrics.history_shows = shows;
    report.metrics.predict_cpu_ms = engine.cpu;
    report.metrics.predict_p50_ms = engine.p50;
    report.metrics.predict_p95_ms = engine.p95;
    report.metrics.history_read_cpu_ms = reading.cpu;
    report.verdicts.push({
      name: `one prediction with ${shows} setlists of history (server CPU per call)`,
      value: engine.cpu,
      shown: `${fmt(engine.cpu)} ms (wall p50 ${fmt(engine.p50)} ms; ${
        (engine.cpu / Math.max(reading.cpu, 0.1)).toFixed(1)
      }x reading its history)`,
      target: "< 50 ms",
      met: engine.cpu < 50,
    });
    report.checks.push(check(
      "the prediction has songs",
      (await sql`
      select 1 from public.predict_setlist(${loaded.artistId}::uuid, ${asOf}::timestamptz)`).length > 0,
    ));
  } finally {
    await sql.end({ timeout: 2 });
  }
}

export const predictions: Benchmark = {
  name: "predictions",
  summary: "the backtest on real setlists (smoke) and one predict_setlist with Phish's whole history",
  run: async ({ stack, quick, log }: BenchOptions) => {
    const report = newReport("predictions", "the prediction engine on real setlist histories");
    report.notes.push(
      "Real setlists (scripts/backtest/data, SOURCES.md) through the sync's setlist.fm mapper and writer.",
      quick
        ? "Smoke: the 40-show samples, 30 shows scored per artist, against both baselines."
        : "Latency of predict_setlist with Phish's 1,896 shows loaded (the full backtest is npm run backtest).",
    );
    if (quick) await smoke(report, stack.dbUrl, log);
    else await latency(report, stack.dbUrl, log);
    return report;
  },
};
