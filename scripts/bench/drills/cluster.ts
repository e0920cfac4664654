// The failure drills' hands on the cluster: kill -9 of Postgres with every process it started, a restart
// as an operator would do it (crash recovery first), and waiting until the gateway serves again.

import { join } from "node:path";
import { PUBLISHABLE_KEY } from "../../stack/keys.ts";
import { pgBinDir } from "../../stack/postgres.ts";
import { asDbOwner, pidAlive } from "../../stack/proc.ts";
import { type BenchStack, sleep } from "../lib.ts";

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      // the field after the parenthesised command name: state, then ppid
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry.name));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/**
 * The process still exists (proc.ts' pidAlive). A killed postmaster counts until it is reaped:
 * until then its pid is taken and a new postmaster refuses its lock file.
 */
export const alive = pidAlive;

/**
 * kill -9 of Postgres: the postmaster and every process it started, at once,
 * as a crash or the OOM killer would (no backend gets to finish anything).
 * Returns once they are all gone.
 */
export async function killPostgres(stack: BenchStack): Promise<number> {
  const postmaster = await stack.postmasterPid();
  const backends = childrenOf(postmaster);
  for (const pid of [postmaster, ...backends]) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // exited on its own meanwhile
    }
  }
  const deadline = Date.now() + 15_000;
  while ([postmaster, ...backends].some(alive) && Date.now() < deadline) await sleep(20);
  if ([postmaster, ...backends].some(alive)) throw new Error("Postgres' processes did not exit after kill -9");
  return postmaster;
}

/** Starts the cluster again, as an operator would with pg_ctl (crash recovery runs first); returns how long it took. */
export async function restartPostgres(stack: BenchStack): Promise<number> {
  const started = performance.now();
  const [cmd, args] = asDbOwner(join(await pgBinDir(), "pg_ctl"), [
    "-D",
    join(stack.dir, "postgres"),
    "-l",
    join(stack.dir, "logs", "postgres.log"),
    "-w",
    "-t",
    "60",
    "start",
  ]);
  const result = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!result.success) {
    const log = await Deno.readTextFile(join(stack.dir, "logs", "postgres.log")).catch(() => "");
    const fatal = log.split("\n").filter((l) => /FATAL|PANIC/.test(l)).at(-1) ?? "";
    throw new Error(`pg_ctl start failed: ${new TextDecoder().decode(result.stderr).trim()} ${fatal}`);
  }
  return performance.now() - started;
}

/** Waits until the gateway answers a /rest/v1 read again; returns how long that took. */
export async function waitForGateway(stack: BenchStack, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const response = await fetch(`${stack.apiUrl}/rest/v1/shows?select=id&limit=1`, {
      headers: { apikey: PUBLISHABLE_KEY, Authorization: `Bearer ${PUBLISHABLE_KEY}` },
    }).catch(() => null);
    await response?.body?.cancel();
    if (response?.status === 200) return performance.now() - started;
    await sleep(50);
  }
  throw new Error("the gateway did not serve /rest/v1 again within 30 s");
}
