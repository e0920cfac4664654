// pgbench on the bench cluster: its own tables in a database of their own, so
// cast_vote and pgbench's built-in simple-update script (-N) are measured on
// the same server in the same run.

import { join } from "node:path";
import type { BenchStack } from "./lib.ts";

export const PGBENCH_DATABASE = "bench_pgbench";

export interface PgbenchResult {
  tps: number;
  /** per-transaction latencies in ms, from pgbench's own transaction log */
  latencies: number[];
  failed: number;
}

async function pgbenchCommand(stack: BenchStack, args: string[]) {
  const out = await new Deno.Command("pgbench", {
    args: ["-h", "127.0.0.1", "-p", String(stack.dbPort), "-U", "postgres", ...args, PGBENCH_DATABASE],
    env: { PGPASSWORD: "postgres" },
    stdout: "piped",
    stderr: "piped",
  }).output().catch((error) => {
    throw new Error(`pgbench could not run (${error.message}): it comes with postgresql-client`);
  });
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(`pgbench ${args.join(" ")} failed: ${text.trim().split("\n").slice(-3).join(" | ")}`);
  }
  return text;
}

/** Creates pgbench's database and tables at `scale` (100,000 accounts per unit). */
export async function initPgbench(stack: BenchStack, scale: number): Promise<void> {
  const sql = stack.sql({ max: 1 });
  await sql.unsafe(`drop database if exists ${PGBENCH_DATABASE}`);
  // owned by postgres, which pgbench connects as: its tables go in the database owner's public schema
  await sql.unsafe(`create database ${PGBENCH_DATABASE} owner postgres`);
  await sql.end();
  await pgbenchCommand(stack, ["-i", "-q", "-s", String(scale)]);
}

/** `pgbench -N`: update an account, read it, insert history; `clients` connections over `threads` threads. */
export async function runPgbench(
  stack: BenchStack,
  options: { clients: number; threads: number; seconds: number },
): Promise<PgbenchResult> {
  const logDir = await Deno.makeTempDir({ prefix: "theset-pgbench-" });
  try {
    const text = await pgbenchCommand(stack, [
      "-N",
      "-c",
      String(options.clients),
      "-j",
      String(options.threads),
      "-T",
      String(options.seconds),
      "-l",
      `--log-prefix=${join(logDir, "tx")}`,
    ]);
    const tps = Number(text.match(/tps = ([\d.]+) \(without initial connection time\)/)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps: ${text.slice(-300)}`);
    const failed = Number(text.match(/number of failed transactions: (\d+)/)?.[1] ?? 0);
    const latencies: number[] = [];
    for await (const entry of Deno.readDir(logDir)) {
      // each line: client_id transaction_no latency_us script_no epoch_s epoch_us
      for (const line of (await Deno.readTextFile(join(logDir, entry.name))).split("\n")) {
        const fields = line.split(" ");
        if (fields.length >= 3) latencies.push(Number(fields[2]) / 1000);
      }
    }
    return { tps, latencies, failed };
  } finally {
    await Deno.remove(logDir, { recursive: true }).catch(() => {});
  }
}
