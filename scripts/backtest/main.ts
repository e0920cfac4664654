// npm run backtest -- [--out results.json] [--db-url URL] FILE...
//
// Measures the prediction engine on real setlist histories (PREDICTIONS.md).
// Each FILE is one artist's setlists in setlist.fm's API 1.0 page format
// (scripts/backtest/data/). By default they are loaded into a throwaway stack
// of their own (own cluster and ports, deleted afterwards; nothing leaves the
// machine). --db-url writes them into that database instead (a developer's
// scratch database: the artists and their shows stay there).

import { openSql, type Sql } from "../../supabase/functions/_shared/db.ts";
import { type BenchStack, startBenchStack, table } from "../bench/lib.ts";
import { type ArtistResult, backtestArtist, loadFile, targetsFor } from "./backtest.ts";
import { METRICS } from "./score.ts";

export interface BacktestOptions {
  files: string[];
  out?: string;
  dbUrl?: string;
  log?: (line: string) => void;
}

function parseArgs(args: string[]): BacktestOptions {
  const options: BacktestOptions = { files: [] };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out") options.out = args[++i];
    else if (args[i] === "--db-url") options.dbUrl = args[++i];
    else if (args[i].startsWith("--")) throw new Error(`unknown option ${args[i]}`);
    else options.files.push(args[i]);
  }
  if (!options.files.length) {
    throw new Error("usage: npm run backtest -- [--out results.json] [--db-url URL] FILE...");
  }
  return options;
}

const pct = (x: number) => x.toFixed(3);

/** The per-artist table: the engine and both baselines, every metric, then the calibration deciles. */
export function artistReport(result: ArtistResult): string {
  const rows = (["engine", "last_setlist", "most_played_25"] as const).map((who) => [
    who,
    ...METRICS.map((m) => pct(result[who][m])),
  ]);
  const calibrationRows = result.calibration.filter((b) => b.songs > 0).map((b) => [
    `${b.from.toFixed(1)}-${b.to.toFixed(1)}`,
    b.songs,
    pct(b.mean_probability ?? 0),
    pct(b.played_share ?? 0),
  ]);
  const targets = targetsFor(result).map((t) =>
    `${t.met ? "MET   " : "MISSED"} ${t.name}: ${pct(t.value)} (bound ${pct(t.bound)})`
  );
  return [
    `== ${result.name}: ${result.shows_scored} shows scored ==`,
    table(["predictor", ...METRICS], rows),
    "",
    "calibration (engine songs by probability)",
    table(["probability", "songs", "mean p", "played"], calibrationRows),
    "",
    ...targets,
  ].join("\n");
}

/** Loads and scores every file on `sql`; returns the results file's content. */
export async function runBacktest(sql: Sql, files: string[], log: (line: string) => void) {
  const artists: ArtistResult[] = [];
  for (const file of files) {
    const started = performance.now();
    const loaded = await loadFile(sql, file);
    log(
      `${loaded.name}: ${loaded.setlists} setlists loaded (${loaded.skipped} skipped by the mapper) in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const scoring = performance.now();
    artists.push(await backtestArtist(sql, loaded, { log }));
    log(`${loaded.name}: scored in ${((performance.now() - scoring) / 1000).toFixed(1)} s`);
  }
  return { artists };
}

async function main(args: string[]): Promise<number> {
  const options = parseArgs(args);
  const log = (line: string) => console.error(`  .. ${line}`);
  let stack: BenchStack | null = null;
  let sql: Sql;
  if (options.dbUrl) {
    sql = openSql(options.dbUrl, 2);
  } else {
    log("starting a throwaway stack (own cluster, own ports, removed afterwards)");
    stack = await startBenchStack(26500);
    sql = openSql(stack.dbUrl, 2);
  }
  try {
    const results = await runBacktest(sql, options.files, log);
    for (const artist of results.artists) console.log("\n" + artistReport(artist));
    if (options.out) {
      await Deno.writeTextFile(options.out, JSON.stringify(results, null, 2) + "\n");
      log(`results written to ${options.out}`);
    }
    const missed = results.artists.filter((a) => !targetsFor(a)[0].met).map((a) => a.name);
    if (missed.length) console.log(`\nengine below the better baseline on: ${missed.join(", ")}`);
    return 0;
  } finally {
    await sql.end({ timeout: 2 });
    await stack?.stop();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
