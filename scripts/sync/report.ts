// The end-of-run report of `npm run sync` and `npm start`'s first sync: the
// run's status, counts, rows per table, skip reasons and first errors.

import { progressPrinter, table } from "./display.ts";
import { type JobResult, type JobSlug, runErrors, runJob } from "./runner.ts";

function rowsSummary(
  rows: Record<string, { inserted: number; updated: number; deleted?: number }> | undefined,
): string[][] {
  return Object.entries(rows ?? {}).map(([t, c]) => [
    t,
    String(c.inserted),
    String(c.updated),
    c.deleted === undefined ? "" : String(c.deleted),
  ]);
}

export async function runAndReport(
  slug: JobSlug,
  body: Record<string, unknown>,
  options: { inPlace?: boolean } = {},
): Promise<JobResult> {
  const printer = progressPrinter(slug, options.inPlace ?? true);
  const result = await runJob(slug, body, printer.update);
  printer.end();
  const run = (result.body.run ?? result.body) as Record<string, unknown>;
  if (typeof run.run_id !== "number") {
    console.log(`${slug}: HTTP ${result.httpStatus} ${result.body.code ?? ""} ${result.body.message ?? ""}`);
    return result;
  }
  console.log(
    `\n${slug} run ${run.run_id}: ${String(run.status).toUpperCase()}${run.dry_run ? " (dry run: rolled back)" : ""}` +
      ` in ${((run.duration_ms as number) / 1000).toFixed(1)} s via ${result.via}`,
  );
  console.log(table([
    ["items seen", "written", "failed", "api calls", "stopped early"],
    [
      String(run.items_seen),
      String(run.items_written),
      String(run.items_failed),
      String(run.api_calls),
      String(run.stopped_early),
    ],
  ]));
  const rows = rowsSummary(run.rows as never);
  if (rows.length) console.log("\n" + table([["table", "inserted", "updated", "deleted"], ...rows]));
  const skipped = Object.entries((run.skipped ?? {}) as Record<string, number>);
  if (skipped.length) console.log("\n" + table([["skipped", "count"], ...skipped.map(([k, v]) => [k, String(v)])]));
  if ((run.items_failed as number) > 0 || run.error) {
    const errors = await runErrors(run.run_id as number);
    if (errors.length) {
      console.log(
        "\n" +
          table([
            ["provider", "item", "error"],
            ...errors.map((e) => [e.provider, e.item_key ?? "", e.message.slice(0, 90)]),
          ]),
      );
    }
    if (run.error) console.log(`error: ${run.error}`);
  }
  return result;
}
