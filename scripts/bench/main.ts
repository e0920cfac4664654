// npm run bench [-- <name> ...] [--quick]
//
// Runs the benchmarks (all of them, or the named ones) on a throwaway stack of
// their own: own data folder, own ports, removed afterwards, so benchmark data
// never touches a developer's or the demo database. Each prints its table,
// its ratio against a baseline measured in the same run, and a verdict line per
// target; the numbers also go to .stack/bench-results/<time>.json.
// --quick runs the smoke sizes (what npm test runs; its numbers mean nothing).

import { join } from "node:path";
import { ROOT } from "../stack/config.ts";
import { type Benchmark, type BenchReport, type BenchStack, printReport, startBenchStack } from "./lib.ts";
import { votes } from "./votes.ts";
import { integrity } from "./integrity.ts";
import { syncWrites } from "./sync.ts";
import { budgets } from "./budgets.ts";
import { trending } from "./trending.ts";
import { realtime } from "./realtime.ts";
import { spa } from "./spa.ts";
import { phone } from "./phone.ts";
import { drills } from "./drills.ts";
import { predictions } from "./predictions.ts";
import { leaderboards } from "./leaderboards.ts";
import { scale } from "./scale.ts";

/** In run order. Drills and scale get a stack of their own in a full run; the smoke runs drills last. */
export const BENCHMARKS: Benchmark[] = [
  votes,
  integrity,
  syncWrites,
  budgets,
  realtime,
  spa,
  trending,
  predictions,
  leaderboards,
  scale,
  // after scale: in the smoke, which shares one stack, it reuses the dataset scale loaded
  phone,
  drills,
];
/** Drills kill Postgres; scale and phone fill their cluster with millions of rows the others should not run on. */
const OWN_STACK = new Set(["drills", "scale", "phone"]);

export interface RunOutcome {
  reports: BenchReport[];
  /** benchmarks that threw: name and message */
  crashed: { name: string; error: string }[];
}

const RESULTS_DIR = join(ROOT, ".stack", "bench-results");

async function keepLogs(stack: BenchStack, name: string): Promise<string> {
  const into = join(RESULTS_DIR, `logs-${name}-${new Date().toISOString().replaceAll(":", "-")}`);
  await Deno.mkdir(into, { recursive: true });
  for await (const entry of Deno.readDir(join(stack.dir, "logs"))) {
    if (entry.isFile) await Deno.copyFile(join(stack.dir, "logs", entry.name), join(into, entry.name));
  }
  return into;
}

function usage(): string {
  return `usage: npm run bench [-- <name> ...] [--quick]\n` +
    BENCHMARKS.map((b) => `  ${b.name.padEnd(10)} ${b.summary}`).join("\n");
}

export async function runBenchmarks(
  selected: Benchmark[],
  options: { quick: boolean; log?: (line: string) => void; print?: (line: string) => void },
): Promise<RunOutcome> {
  const t0 = performance.now();
  const say = options.log ?? ((line: string) => console.error(`  .. ${line}`));
  const log = (line: string) => say(`[${((performance.now() - t0) / 1000).toFixed(1)}s] ${line}`);
  const print = options.print ?? ((line: string) => console.log(line));
  const outcome: RunOutcome = { reports: [], crashed: [] };
  let shared: BenchStack | null = null;
  try {
    for (const benchmark of selected) {
      const own = OWN_STACK.has(benchmark.name) && !options.quick;
      let stack: BenchStack;
      if (own) {
        log(`${benchmark.name}: starting a bench stack of its own`);
        stack = await startBenchStack();
      } else {
        if (!shared) {
          log("starting the bench stack (own cluster, own ports, removed afterwards)");
          shared = await startBenchStack();
        }
        stack = shared;
      }
      const started = performance.now();
      let healthy = false;
      try {
        const report = await benchmark.run({ stack, quick: options.quick, log });
        log(`${benchmark.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        printReport(report, print);
        outcome.reports.push(report);
        healthy = report.checks.every((c) => c.ok);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        print(`\n== ${benchmark.name}: CRASHED ==\n${message}`);
        outcome.crashed.push({ name: benchmark.name, error: message });
      } finally {
        // the stack's logs go with it: keep them when something went wrong
        if (!healthy) {
          log(`${benchmark.name}: the bench stack's logs are kept in ${await keepLogs(stack, benchmark.name)}`);
        }
        if (own) await stack.stop();
      }
    }
  } finally {
    if (shared) await (shared as BenchStack).stop();
  }
  return outcome;
}

async function main(args: string[]): Promise<number> {
  const quick = args.includes("--quick");
  const names = args.filter((a) => !a.startsWith("--"));
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage());
    return 0;
  }
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`error: unknown benchmark ${unknown.join(", ")}\n${usage()}`);
    return 2;
  }
  const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;
  const started = new Date();
  const outcome = await runBenchmarks(selected, { quick });

  const results = {
    started: started.toISOString(),
    quick,
    reports: outcome.reports.map(({ name, metrics, verdicts, checks }) => ({ name, metrics, verdicts, checks })),
    crashed: outcome.crashed,
  };
  await Deno.mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${started.toISOString().replaceAll(":", "-")}${quick ? "-quick" : ""}.json`);
  await Deno.writeTextFile(file, JSON.stringify(results, null, 2) + "\n");

  const verdicts = outcome.reports.flatMap((r) => r.verdicts);
  const failedChecks = outcome.reports.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.name}: ${c.name}`));
  console.log(
    `\nbench: ${verdicts.filter((v) => v.met).length}/${verdicts.length} targets met, ` +
      `${failedChecks.length} failed checks, ${outcome.crashed.length} crashed; results in ${file}`,
  );
  return failedChecks.length || outcome.crashed.length ? 1 : 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
