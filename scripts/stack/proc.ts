// Small process helpers shared by the stack's commands.

import { PATHS } from "./config.ts";
import { join } from "node:path";

/** A failure the CLI reports as one line and a non-zero exit. */
export class StackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackError";
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(
  cmd: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; stdin?: string } = {},
): Promise<RunResult> {
  let command: Deno.Command;
  try {
    command = new Deno.Command(cmd, {
      args,
      env: options.env,
      cwd: options.cwd,
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    });
  } catch (error) {
    throw new StackError(`cannot run ${cmd}: ${(error as Error).message}`);
  }
  let child: Deno.ChildProcess;
  try {
    child = command.spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new StackError(`${cmd} not found: run \`npm run setup\` first`);
    }
    throw error;
  }
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

export function isRoot(): boolean {
  return Deno.uid() === 0;
}

/** PostgreSQL refuses to run as root; as root we run its binaries as `postgres`. */
export function asDbOwner(cmd: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

export function pidAlive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

export function pidFile(name: string): string {
  return join(PATHS.pids, `${name}.pid`);
}

export async function readPid(name: string): Promise<number | null> {
  try {
    const pid = Number((await Deno.readTextFile(pidFile(name))).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Is something accepting TCP connections on host:port? */
export async function portInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: host, port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The last meaningful line of a tool's output, for one-line error messages. */
export function lastLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.at(-1) ?? "";
}

/**
 * Entry point of the project's command-line scripts: the exit code main()
 * returns, a StackError as one line on stderr with exit 1, anything else as
 * the crash it is.
 */
export async function runCommand(main: (args: string[]) => Promise<number>): Promise<never> {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    if (error instanceof StackError) {
      console.error(`error: ${error.message}`);
      Deno.exit(1);
    }
    throw error;
  }
}
