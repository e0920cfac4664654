// The benchmarks' smoke test, run by `npm test` as the "bench" suite: every
// benchmark at its smallest size on one throwaway bench stack, end to end.
// It fails when a benchmark crashes or one of its correctness checks does not
// hold (counters against vote rows, acknowledged votes after a kill -9, an
// unchanged re-run changing nothing, ...). It never judges a timing: the
// numbers of a smoke run mean nothing, and targets are for `npm run bench`.

import { BENCHMARKS, runBenchmarks } from "./main.ts";

const started = performance.now();
const outcome = await runBenchmarks(BENCHMARKS, {
  quick: true,
  log: (line) => console.log(`  .. ${line}`),
  // the tables of a smoke run are noise; the checks are what it is for
  print: () => {},
});

let failed = 0;
for (const report of outcome.reports) {
  for (const c of report.checks) {
    if (!c.ok) failed++;
    console.log(`${c.ok ? "ok    " : "FAILED"} ${report.name}: ${c.name}${c.ok || !c.detail ? "" : ` (${c.detail})`}`);
  }
}
for (const report of outcome.reports) {
  if (report.checks.every((c) => c.ok)) continue;
  for (const finding of report.findings) console.log(`  ${report.name}: ${finding}`);
}
for (const crash of outcome.crashed) console.log(`CRASHED ${crash.name}: ${crash.error}`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `bench smoke: ${outcome.reports.length} of ${BENCHMARKS.length} benchmarks ran, ${failed} failed checks, ` +
    `${outcome.crashed.length} crashed (${seconds}s)`,
);
Deno.exit(failed === 0 && outcome.crashed.length === 0 ? 0 : 1);
