// The stack's long-running Deno processes (gateway, function server, demo
// upstream, web dev server). Each runs detached in its own process group with
// its output in .stack/logs/<name>.log and its pid in .stack/pids/<name>.pid.

import { join } from "node:path";
import { HOST, PATHS, ROOT } from "./config.ts";
import { exists, pidAlive, pidFile, portInUse, readPid, sleep, StackError } from "./proc.ts";

export interface Service {
  name: string;
  port: number;
  /** argv to run; the first element is the program */
  command: string[];
  /** GET this path until it answers 2xx/4xx (anything but a refused connection) */
  healthPath: string;
  env?: Record<string, string>;
}

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export async function serviceRunning(service: Service): Promise<number | null> {
  const pid = await readPid(service.name);
  return pid !== null && pidAlive(pid) ? pid : null;
}

export async function startService(service: Service, timeoutMs = 30_000): Promise<number> {
  if (await portInUse(service.port)) {
    throw new StackError(
      `port ${service.port} on ${HOST} (${service.name}) is held by another process`,
    );
  }
  await Deno.mkdir(PATHS.logs, { recursive: true });
  await Deno.mkdir(PATHS.pids, { recursive: true });
  const log = join(PATHS.logs, `${service.name}.log`);
  const script = `exec ${service.command.map(shellQuote).join(" ")} >>${shellQuote(log)} 2>&1`;
  const child = new Deno.Command("sh", {
    args: ["-c", script],
    cwd: ROOT,
    env: service.env,
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  let exited = false;
  child.status.then(() => exited = true, () => exited = true);
  child.unref();
  await Deno.writeTextFile(pidFile(service.name), `${child.pid}\n`);

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`http://${HOST}:${service.port}${service.healthPath}`);
      await res.body?.cancel();
      if (res.status < 500) return child.pid;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  await stopService(service);
  const tail = (await Deno.readTextFile(log).catch(() => "")).trim().split("\n").slice(-3).join(" | ");
  throw new StackError(`${service.name} did not become healthy on port ${service.port}: ${tail} (log: ${log})`);
}

export async function stopService(service: { name: string }): Promise<boolean> {
  const pid = await readPid(service.name);
  const file = pidFile(service.name);
  if (pid === null) return false;
  let wasRunning = false;
  if (pidAlive(pid)) {
    wasRunning = true;
    // detached: the service leads its own process group, so this reaches its children too
    try {
      Deno.kill(-pid, "SIGTERM");
    } catch {
      try {
        Deno.kill(pid, "SIGTERM");
      } catch { /* already gone */ }
    }
    const deadline = Date.now() + 5_000;
    while (pidAlive(pid) && Date.now() < deadline) await sleep(50);
    if (pidAlive(pid)) {
      try {
        Deno.kill(-pid, "SIGKILL");
      } catch { /* gone */ }
    }
  }
  if (await exists(file)) await Deno.remove(file);
  return wasRunning;
}
