// Shared by the platform contract tests: a superuser connection to the
// stack (supabase_admin: these tests check the platform's internals, which a
// hosted project's postgres cannot reach either), polling, tokens, extra gateway / function-server processes on free
// ports, and a raw Phoenix websocket for what supabase-js never sends.

import postgres from "postgres";
import { join } from "node:path";
import { ADMIN_CONNECTION, HOST, JWT_SECRET, ROOT } from "../../config.ts";
import { type JwtClaims, signJwt } from "../../jwt.ts";
import { sleep } from "../../proc.ts";

export function adminSql() {
  return postgres({
    ...ADMIN_CONNECTION,
    max: 3,
    onnotice: () => {},
  });
}

// the one sleep (proc.ts), re-exported for the contract tests that import it from here
export { sleep };

/** Polls until `probe` returns a value that is not undefined/false, or fails with `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false && value !== null) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    await sleep(25);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ""}`);
}

export function userToken(claims: Partial<JwtClaims> & { sub: string }, secret = JWT_SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ aud: "authenticated", role: "authenticated", iat: now, exp: now + 3600, ...claims }, secret);
}

export function freePort(): Promise<number> {
  const listener = Deno.listen({ hostname: HOST, port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return Promise.resolve(port);
}

export interface Spawned {
  url: string;
  port: number;
  stop: () => Promise<void>;
  log: () => string;
}

/** Runs one of the stack's Deno services with extra environment until `stop`. */
export async function spawnService(
  script: string[],
  env: Record<string, string>,
  port: number,
  healthPath: string,
): Promise<Spawned> {
  let output = "";
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, ...script)],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) output += decoder.decode(chunk, { stream: true });
  };
  const pumping = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const url = `http://${HOST}:${port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
    await pumping;
  };
  try {
    await waitFor(`${script.join("/")} on ${url}`, async () => {
      const res = await fetch(url + healthPath);
      await res.body?.cancel();
      return res.status < 500;
    }, 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { url, port, stop, log: () => output };
}

/** A second gateway (and optionally a function server) on free ports, sharing the stack's database. */
export async function spawnPlatform(
  options: { functionsDir?: string; env?: Record<string, string>; withFunctions?: boolean } = {},
): Promise<{ gateway: Spawned; functions: Spawned | null; stop: () => Promise<void> }> {
  const apiPort = await freePort();
  const functionsPort = await freePort();
  const env: Record<string, string> = {
    THESET_API_PORT: String(apiPort),
    THESET_FUNCTIONS_PORT: String(functionsPort),
    THESET_REALTIME_WAL: "off",
    THESET_NET_WORKER: "off",
    ...(options.functionsDir ? { THESET_FUNCTIONS_DIR: options.functionsDir } : {}),
    ...options.env,
  };
  const functions = options.withFunctions
    ? await spawnService(["scripts", "stack", "functions", "server.ts"], env, functionsPort, "/_internal/health")
    : null;
  let gateway: Spawned;
  try {
    gateway = await spawnService(["scripts", "stack", "gateway", "main.ts"], env, apiPort, "/health");
  } catch (error) {
    await functions?.stop();
    throw error;
  }
  return {
    gateway,
    functions,
    stop: async () => {
      await gateway.stop();
      await functions?.stop();
    },
  };
}

/** A bare Phoenix socket: frames in, frames out, for the protocol details supabase-js hides. */
export class RawSocket {
  readonly ws: WebSocket;
  readonly received: unknown[] = [];
  closed: { code: number; reason: string } | null = null;
  opened: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.binaryType = "arraybuffer";
    this.opened = new Promise((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error(`websocket to ${url} failed`));
    });
    this.ws.onmessage = (event) => {
      this.received.push(typeof event.data === "string" ? JSON.parse(event.data) : new Uint8Array(event.data));
    };
    this.ws.onclose = (event) => this.closed = { code: event.code, reason: event.reason };
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" || frame instanceof Uint8Array ? frame : JSON.stringify(frame));
  }

  /** The first received frame (after `from`) that `match` accepts. */
  next(match: (frame: unknown) => boolean, what: string, timeoutMs = 5000): Promise<unknown> {
    return waitFor(what, () => this.received.find(match), timeoutMs);
  }

  async waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return (await waitFor("the socket to close", () => this.closed, timeoutMs))!;
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
  }
}
