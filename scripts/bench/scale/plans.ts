// The scale benchmark's reading of the page queries: one run of a query as the
// gateway runs it (its role and claims, in a transaction), and the plans of every
// statement it ran, nested ones inside the RPCs included, from auto_explain, with
// the sequential scans that read more than a few thousand rows picked out.

import postgres from "postgres";
import { fmt, type Sql } from "../lib.ts";
import { PAGE_QUERIES, type PageQuery, type Samples } from "./pages.ts";

/** a sequential scan reading more rows than this is not "an index scan" any more */
export const SEQ_SCAN_ROWS = 2_000;

/** One run of `query` with the i-th sample's parameters; the statement's own time in ms. */
export async function runQuery(sql: Sql, query: PageQuery, samples: Samples, i: number): Promise<number> {
  const params = query.params(samples, i);
  const claims = query.fan
    ? JSON.stringify({ sub: query.fan(samples, i), role: "authenticated", aud: "authenticated" })
    : "{}";
  let elapsed = 0;
  await sql.begin(async (tx) => {
    await tx`select set_config('role', ${query.role}, true), set_config('request.jwt.claims', ${claims}, true)`;
    const started = performance.now();
    await tx.unsafe(query.sql, params as never[], { prepare: true });
    elapsed = performance.now() - started;
  });
  return elapsed;
}

export interface PlanFinding {
  seqScans: string[];
  /** EXPLAIN (ANALYZE, BUFFERS) of its longest statements (nested ones included) */
  text: string;
  /** how many statements auto_explain reported (0: no plan came back) */
  statements: number;
}

/**
 * The plans of one run of the query, nested statements of its functions included: auto_explain,
 * loaded in this session, sends each plan back as a notice (EXPLAIN ANALYZE, BUFFERS).
 */
export async function explain(
  sql: Sql,
  notices: string[],
  query: PageQuery,
  samples: Samples,
): Promise<PlanFinding> {
  notices.length = 0;
  await runQuery(sql, query, samples, 1);
  const plans = notices
    .map((notice) => ({
      ms: Number(notice.match(/^duration: ([\d.]+) ms/)?.[1] ?? 0),
      plan: notice.replace(/^duration: [\d.]+ ms\s+plan:\n/, ""),
    }))
    .filter(({ plan }) => plan.includes("Query Text:") && !plan.includes("set_config('role'"));
  const seqScans: string[] = [];
  for (const { plan } of plans) {
    const lines = plan.split("\n");
    for (const [index, line] of lines.entries()) {
      const scan = line.match(/Seq Scan on (\S+).*rows=(\d+) loops=(\d+)/);
      if (!scan) continue;
      const removed = Number(
        lines[index + 2]?.match(/Rows Removed by Filter: (\d+)/)?.[1] ??
          lines[index + 1]?.match(/Rows Removed by Filter: (\d+)/)?.[1] ?? 0,
      );
      const read = (Number(scan[2]) + removed) * Number(scan[3]);
      if (read > SEQ_SCAN_ROWS) seqScans.push(`${scan[1]} (${fmt(read, 0)} rows read)`);
    }
  }
  // what is worth reading: the statements that took a tenth of the longest or more, the longest first
  // a reduce, not Math.max(...): a function called per row can leave more plans than arguments fit on the stack
  const longest = plans.reduce((max, p) => Math.max(max, p.ms), 0);
  const text = plans.filter((p) => p.ms >= longest / 10).sort((a, b) => b.ms - a.ms).slice(0, 3)
    .map((p) => [`(${p.ms.toFixed(1)} ms)`, ...p.plan.split("\n").slice(0, 80)].join("\n")).join("\n");
  return { seqScans, text, statements: plans.length };
}

/** Every page query's plans, nested statements included, from auto_explain on a connection of its own. */
export async function measurePlans(
  dbUrl: string,
  samples: Samples,
  quick: boolean,
): Promise<Map<PageQuery, PlanFinding>> {
  const notices: string[] = [];
  // a connection of its own: auto_explain sends its plans as notices, which this one keeps
  const explainer = postgres(dbUrl, {
    max: 1,
    onnotice: (notice) => notices.push(notice.message),
    connection: { application_name: "bench-scale-explain" },
  });
  await explainer`load 'auto_explain'`;
  for (
    const setting of [
      "auto_explain.log_min_duration = 0",
      "auto_explain.log_analyze = on",
      "auto_explain.log_buffers = on",
      "auto_explain.log_nested_statements = on",
      "auto_explain.log_level = notice",
      "client_min_messages = notice",
    ]
  ) await explainer.unsafe(`set ${setting}`);
  // at the smoke's size a table of a few hundred rows is rightly read whole; there the check is of the
  // shape (is there an index each query can use?), so sequential scans are priced out and any left is one
  // no index could replace
  if (quick) await explainer`set enable_seqscan = off`;
  const plans = new Map<PageQuery, PlanFinding>();
  try {
    for (const query of PAGE_QUERIES) plans.set(query, await explain(explainer, notices, query, samples));
  } finally {
    await explainer.end({ timeout: 1 });
  }

  return plans;
}
