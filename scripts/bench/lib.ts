// Shared pieces of the benchmarks: a throwaway stack to measure on, latency
// statistics, the report every benchmark returns and how it is printed.
//
// Every benchmark measures its baseline in the same run on the same server,
// because these machines are shared and noisy: absolute numbers drift from
// run to run, ratios against a same-run baseline hold.

import postgres from "postgres";
import { join } from "node:path";
import { ADMIN_DB, DB, ROOT, separateStackEnv } from "../stack/config.ts";
import { pgBinDir } from "../stack/postgres.ts";
import { asDbOwner, sleep } from "../stack/proc.ts";
import { seededRandom } from "../test/seeded-random.ts";
export { seededRandom };

export type Sql = ReturnType<typeof postgres>;

export interface BenchStack {
  /** THESET_* variables that point the stack's CLI (and anything else) at this stack */
  env: Record<string, string>;
  dir: string;
  dbUrl: string;
  /** the same cluster as supabase_admin: for what only the platform's superuser may do (LOAD, ALTER SYSTEM) */
  adminDbUrl: string;
  apiUrl: string;
  dbPort: number;
  apiPort: number;
  upstreamPort: number;
  /** a postgres.js pool on this stack's cluster (supabase_admin, the superuser, unless told otherwise); closed by stop() */
  sql: (options?: { username?: string; max?: number; database?: string; application?: string }) => Sql;
  /** runs the stack CLI (up, down, status) against this stack */
  cli: (command: string) => Promise<{ success: boolean; stdout: string; stderr: string }>;
  /** the postmaster's pid, read from its pid file */
  postmasterPid: () => Promise<number>;
  stop: () => Promise<void>;
}

const HOST = "127.0.0.1";
const decoder = new TextDecoder();

function portFree(port: number): boolean {
  try {
    const listener = Deno.listen({ hostname: HOST, port });
    listener.close();
    return true;
  } catch {
    return false;
  }
}

/** The first block of five consecutive free ports at or above `from`, in steps of ten. */
function freePortBlock(from: number): number {
  for (let base = from; base < from + 2000; base += 10) {
    let free = true;
    for (let i = 0; i < 5 && free; i++) free = portFree(base + i);
    if (free) return base;
  }
  throw new Error(`no five free ports on ${HOST} between ${from} and ${from + 2000}`);
}

/**
 * A stack of its own (own data folder, own ports) so benchmark data never
 * mixes with a developer's database; removed again by stop().
 */
export async function startBenchStack(
  portFrom = 26300,
  /** more environment for the stack's processes, e.g. THESET_REALTIME_WAL=off to measure without the WAL reader */
  extraEnv: Record<string, string> = {},
): Promise<BenchStack> {
  const dir = await Deno.makeTempDir({ prefix: "theset-bench-" });
  // the cluster runs as the postgres user, which must reach its data folder inside
  await Deno.chmod(dir, 0o755);
  const base = freePortBlock(portFrom);
  const env: Record<string, string> = {
    ...separateStackEnv(dir, base),
    ...extraEnv,
  };
  const cli = async (command: string) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "scripts", "stack", "cli.ts"), command],
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { success: out.success, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
  };
  const started = await cli("up");
  if (!started.success) {
    await discard(dir);
    throw new Error(`bench stack did not start: ${started.stderr.trim()}`);
  }
  const pools: Sql[] = [];
  const stack: BenchStack = {
    env,
    dir,
    dbPort: base,
    apiPort: base + 1,
    upstreamPort: base + 3,
    dbUrl: `postgresql://${DB.user}:${DB.password}@${HOST}:${base}/${DB.database}`,
    adminDbUrl: `postgresql://${ADMIN_DB.user}:${ADMIN_DB.password}@${HOST}:${base}/${ADMIN_DB.database}`,
    apiUrl: `http://${HOST}:${base + 1}`,
    sql: (options = {}) => {
      const pool = postgres({
        host: HOST,
        port: base,
        database: options.database ?? DB.database,
        // the platform's superuser: the benchmarks set server settings (alter system) and read WAL statistics
        username: options.username ?? ADMIN_DB.user,
        password: DB.password,
        max: options.max ?? 4,
        onnotice: () => {},
        connection: { application_name: options.application ?? "theset-bench" },
      });
      pools.push(pool);
      return pool;
    },
    cli,
    postmasterPid: async () => {
      const text = await Deno.readTextFile(join(dir, "postgres", "postmaster.pid"));
      return Number(text.split("\n")[0]);
    },
    stop: async () => {
      await Promise.all(pools.map((pool) => pool.end({ timeout: 1 }).catch(() => {})));
      await discard(dir);
    },
  };
  return stack;
}

/**
 * Ends a throwaway stack at once: its services' process groups get SIGKILL
 * (`stack:down` asks them to finish their requests, which keep-alive clients
 * stretch to seconds), Postgres stops in immediate mode, the folder goes.
 * Only the processes this stack's pid files name are touched.
 */
async function discard(dir: string): Promise<void> {
  const pids = join(dir, "pids");
  try {
    for await (const entry of Deno.readDir(pids)) {
      const pid = Number((await Deno.readTextFile(join(pids, entry.name))).trim());
      if (!Number.isInteger(pid) || pid <= 1) continue;
      try {
        // each service leads its own process group
        Deno.kill(-pid, "SIGKILL");
      } catch {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* already gone */ }
      }
    }
  } catch { /* no services were started */ }
  const [cmd, args] = asDbOwner(join(await pgBinDir(), "pg_ctl"), [
    "-D",
    join(dir, "postgres"),
    "-m",
    "immediate",
    "-w",
    "stop",
  ]);
  await new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).output().catch(() => {});
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

// ---------------------------------------------------------------------------
// statistics
// ---------------------------------------------------------------------------

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const rank = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[rank];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return "-";
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString("en-US") : value.toFixed(digits);
}

/** A plain-text table: header row, rule, rows; the first column left-aligned, the rest right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

// ---------------------------------------------------------------------------
// what a benchmark returns
// ---------------------------------------------------------------------------

/** A target: a measured value against a bound. Timings are judged here, never asserted in tests. */
export interface Verdict {
  name: string;
  value: number;
  /** how the value prints, e.g. "0.86x" or "1,234 ms" */
  shown: string;
  target: string;
  met: boolean;
}

/** A correctness check: the smoke test fails when one does not hold. */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ReportTable {
  title: string;
  headers: string[];
  rows: (string | number)[][];
}

export interface BenchReport {
  name: string;
  title: string;
  /** what the workload is and where its data comes from */
  notes: string[];
  tables: ReportTable[];
  verdicts: Verdict[];
  checks: Check[];
  /** what limits the numbers, as measured in this run (lock waits, statement stats, ...) */
  findings: string[];
  /** the headline numbers, for the results file */
  metrics: Record<string, number>;
}

export interface BenchOptions {
  stack: BenchStack;
  /** the smoke version: small sizes, seconds not minutes; its numbers mean nothing */
  quick: boolean;
  log: (line: string) => void;
}

export interface Benchmark {
  name: string;
  summary: string;
  run: (options: BenchOptions) => Promise<BenchReport>;
}

export function newReport(name: string, title: string): BenchReport {
  return { name, title, notes: [], tables: [], verdicts: [], checks: [], findings: [], metrics: {} };
}

export function ratioVerdict(name: string, ratio: number, atLeast: number): Verdict {
  return { name, value: ratio, shown: `${ratio.toFixed(2)}x`, target: `>= ${atLeast}x`, met: ratio >= atLeast };
}

export function verdictLine(v: Verdict): string {
  return `${v.met ? "MET   " : "MISSED"} ${v.name}: ${v.shown} (target ${v.target})`;
}

export function check(name: string, ok: boolean, detail?: string): Check {
  return { name, ok, detail };
}

export function printReport(report: BenchReport, write: (line: string) => void = console.log): void {
  write("");
  write(`== ${report.name}: ${report.title} ==`);
  for (const note of report.notes) write(`  ${note}`);
  for (const t of report.tables) {
    write("");
    if (t.title) write(t.title);
    write(table(t.headers, t.rows));
  }
  if (report.findings.length) {
    write("");
    write("what limits it:");
    for (const finding of report.findings) write(`  - ${finding}`);
  }
  write("");
  for (const v of report.verdicts) write(verdictLine(v));
  for (const c of report.checks) {
    write(`${c.ok ? "ok    " : "FAILED"} check: ${c.name}${c.detail ? ` (${c.detail})` : ""}`);
  }
}

// ---------------------------------------------------------------------------
// load generation
// ---------------------------------------------------------------------------

export interface LoopResult {
  latencies: number[];
  /** failures by error code (SQLSTATE, HTTP status) or message */
  errors: Map<string, number>;
  elapsedMs: number;
}

/** Runs fn on `workers` concurrent loops until the deadline; returns per-call latencies and failures. */
export async function closedLoop(
  workers: number,
  durationMs: number,
  fn: (worker: number, iteration: number) => Promise<void>,
): Promise<LoopResult> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await fn(worker, i);
          latencies.push(performance.now() - t0);
        } catch (error) {
          const key = errorKey(error);
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
      }
    }),
  );
  return { latencies, errors, elapsedMs: performance.now() - started };
}

/** "<SQLSTATE> <message>" for database errors, else the message; what failure tallies are keyed by. */
export function errorKey(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return `${code ? code + " " : ""}${String(message ?? error).slice(0, 100)}`;
}

export function describeErrors(errors: Map<string, number>): string {
  if (errors.size === 0) return "none";
  return [...errors].map(([key, n]) => `${n}x ${key}`).join("; ");
}

export { sleep };

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function inBatches<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  }));
  return results;
}

// ---------------------------------------------------------------------------
// what the server is waiting on
// ---------------------------------------------------------------------------

export interface WaitSampler {
  /** stops sampling; returns "<wait> <share>%" for the busiest waits, CPU meaning no wait */
  stop: () => Promise<string>;
}

/**
 * Samples pg_stat_activity every `everyMs` for the active backends of one
 * application_name: which share of them was on CPU, waiting for a row lock,
 * for the WAL flush, ... That is what limits a throughput number.
 */
export function sampleWaits(sql: Sql, applicationName: string, everyMs = 50): WaitSampler {
  const counts = new Map<string, number>();
  let total = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await sql<{ wait: string; n: number }[]>`
        select coalesce(wait_event_type || '/' || wait_event, 'CPU') as wait, count(*)::int as n
        from pg_stat_activity
        where application_name = ${applicationName} and state = 'active' and pid <> pg_backend_pid()
        group by 1`.catch(() => []);
      for (const { wait, n } of rows) {
        counts.set(wait, (counts.get(wait) ?? 0) + n);
        total += n;
      }
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      if (total === 0) return "no active backends sampled";
      return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4)
        .map(([wait, n]) => `${wait} ${Math.round((100 * n) / total)}%`).join(", ");
    },
  };
}
