// pg_net's background worker for the local platform. pg_net itself is not
// packaged for Debian, so the bootstrap (30_net.sql) provides its SQL surface
// and this worker does what its C worker does:
//
//   - take committed rows of net.http_request_queue in id order, up to 200 a
//     batch, deleting them as it takes them (at most once, like pg_net);
//   - send each as a real HTTP request, concurrently but bounded, each within
//     its timeout_milliseconds, following redirects;
//   - write net._http_response (status_code, content_type, headers, content,
//     timed_out, error_msg) with the request's id;
//   - delete responses older than 6 hours.
//
// It wakes on the queue's NOTIFY (sent on commit by 30_net.sql's trigger) and
// also polls once a second, so rows queued while it was disconnected are not
// stranded. Postgres going away (restart, terminated backend) is survived:
// postgres.js reconnects and the loop carries on.
//
// It runs inside the gateway process (started by gateway/main.ts): it needs
// no port of its own, it shares the gateway's lifetime, and its failures are
// caught here so they never reach the HTTP paths. THESET_NET_WORKER=off turns
// it off (for extra gateways that tests start).

import postgres from "postgres";
import { sleep } from "./proc.ts";

export interface NetWorkerOptions {
  connection: { host: string; port: number; database: string; username: string; password: string };
  /** rows taken per batch (pg_net: 200) */
  batchSize?: number;
  /** requests in flight at once */
  concurrency?: number;
  /** fallback poll when no notification arrives */
  pollMs?: number;
  /** responses older than this are deleted (pg_net: 6 hours) */
  responseTtl?: string;
  log?: (message: string) => void;
}

interface QueuedRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, unknown> | null;
  body: Uint8Array | null;
  timeout_milliseconds: number;
}

interface HttpResponseRow {
  id: string;
  status_code: number | null;
  content_type: string | null;
  headers: Record<string, string> | null;
  content: string | null;
  timed_out: boolean;
  error_msg: string | null;
}

export const USER_AGENT = "pg_net (theset local platform)";

/** curl's wording for the failures pg_net reports in error_msg. */
function describeFetchError(error: unknown): string {
  const text = `${(error as Error)?.message ?? error} ${(error as { cause?: Error })?.cause?.message ?? ""}`;
  if (/dns error|failed to lookup|Name or service not known|No address associated/i.test(text)) {
    return "Couldn't resolve host name";
  }
  if (/Connection refused|tcp connect error|ConnectionRefused/i.test(text)) return "Couldn't connect to server";
  if (/connection reset|connection closed|IncompleteMessage|broken pipe/i.test(text)) {
    return "Server returned nothing (no headers, no data)";
  }
  if (/certificate|tls|ssl/i.test(text)) return "SSL peer certificate or SSH remote key was not OK";
  return (error as Error)?.message ?? String(error);
}

/** Sends one queued request and describes the outcome as pg_net records it. */
export async function performRequest(request: QueuedRequest): Promise<HttpResponseRow> {
  const failed = (error_msg: string, timed_out = false): HttpResponseRow => ({
    id: request.id,
    status_code: null,
    content_type: null,
    headers: null,
    content: null,
    timed_out,
    error_msg,
  });

  if (!Number.isInteger(request.timeout_milliseconds) || request.timeout_milliseconds <= 0) {
    return failed(
      `timeout_milliseconds must be a positive number of milliseconds, got ${request.timeout_milliseconds}`,
    );
  }
  const method = request.method.toUpperCase();
  if (!["GET", "POST", "DELETE"].includes(method)) return failed(`Unsupported request method ${request.method}`);

  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return failed("URL using bad/illegal format or missing URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return failed("Unsupported protocol");

  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    // a CR or LF could smuggle extra headers or a body: pg_net refuses to send such a request
    if (/[\r\n]/.test(name) || /[\r\n]/.test(text)) {
      return failed(`header "${name.split(/[\r\n]/)[0]}" contains a carriage return or line feed`);
    }
    try {
      headers.append(name, text);
    } catch {
      return failed(`header "${name}" is not a valid HTTP header`);
    }
  }
  if (!headers.has("user-agent")) headers.set("User-Agent", USER_AGENT);

  const started = performance.now();
  const signal = AbortSignal.timeout(request.timeout_milliseconds);
  try {
    const response = await fetch(url, {
      method,
      headers,
      // fetch cannot send a GET body; pg_net's own http_get never queues one
      body: method === "GET" || request.body === null ? undefined : new Uint8Array(request.body),
      redirect: "follow",
      signal,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    // text cannot hold NUL; everything else is kept as UTF-8
    const content = bytes.length === 0 ? null : new TextDecoder().decode(bytes).replaceAll("\u0000", "");
    return {
      id: request.id,
      status_code: response.status,
      content_type: response.headers.get("content-type"),
      headers: Object.fromEntries(response.headers),
      content,
      timed_out: false,
      error_msg: null,
    };
  } catch (error) {
    if (signal.aborted) {
      const total = (performance.now() - started).toFixed(6);
      return failed(`Timeout of ${request.timeout_milliseconds} ms reached. Total time: ${total} ms`, true);
    }
    return failed(describeFetchError(error));
  }
}

export class NetWorker {
  #sql: ReturnType<typeof postgres>;
  #options: Required<Omit<NetWorkerOptions, "log">> & Pick<NetWorkerOptions, "log">;
  #stopped = false;
  #wake: (() => void) | null = null;
  #pending = false;
  #loop: Promise<void> | null = null;
  #lastPrune = 0;
  #unlisten: (() => Promise<void>) | null = null;

  constructor(options: NetWorkerOptions) {
    this.#options = { batchSize: 200, concurrency: 32, pollMs: 1000, responseTtl: "6 hours", ...options };
    this.#sql = postgres({
      ...options.connection,
      max: 3,
      onnotice: () => {},
      connection: { application_name: "theset-net-worker" },
    });
  }

  start(): void {
    this.#loop ??= this.#run();
    this.#listen();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop?.catch(() => {});
    await this.#unlisten?.().catch(() => {});
    await this.#sql.end({ timeout: 2 }).catch(() => {});
  }

  /** Drain now rather than at the next notification or poll. */
  kick(): void {
    this.#pending = true;
    this.#wake?.();
  }

  async #listen(): Promise<void> {
    // postgres.js re-listens by itself after a reconnect; only the first attempt needs retrying here
    for (let attempt = 1; !this.#stopped; attempt++) {
      try {
        const { unlisten } = await this.#sql.listen("net_http_request_queue", () => this.kick(), () => this.kick());
        this.#unlisten = unlisten;
        return;
      } catch (error) {
        if (attempt === 1) this.#options.log?.(`net worker: LISTEN failed: ${(error as Error).message} (retrying)`);
        await sleep(Math.min(2000, 200 * attempt));
      }
    }
  }

  async #run(): Promise<void> {
    let failures = 0;
    this.#pending = true;
    while (!this.#stopped) {
      if (!this.#pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.#options.pollMs);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = null;
      }
      if (this.#stopped) break;
      this.#pending = false;
      try {
        while (!this.#stopped && await this.#drainBatch()) {
          // a full batch: there may be more
        }
        await this.#pruneIfDue();
        failures = 0;
      } catch (error) {
        failures++;
        if (failures === 1 || failures % 30 === 0) {
          this.#options.log?.(`net worker: ${(error as Error).message} (retrying)`);
        }
        await sleep(Math.min(2000, 100 * failures));
        this.#pending = true;
      }
    }
  }

  /** Takes one batch, performs it, records the responses; true when the batch was full. */
  async #drainBatch(): Promise<boolean> {
    const rows = await this.#sql<QueuedRequest[]>`
      with taken as (
        select id from net.http_request_queue order by id limit ${this.#options.batchSize} for update skip locked
      )
      delete from net.http_request_queue q using taken where q.id = taken.id
      returning q.id::text as id, q.method, q.url, q.headers, q.body, q.timeout_milliseconds
    `;
    if (rows.length === 0) return false;
    const queue = [...rows].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    let next = 0;
    const runner = async () => {
      while (next < queue.length) {
        const request = queue[next++];
        const row = await performRequest(request);
        await this.#record(row);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#options.concurrency, queue.length) }, runner));
    return rows.length === this.#options.batchSize;
  }

  /** Writes a response; keeps retrying while the database is away, since the request was already taken. */
  async #record(row: HttpResponseRow): Promise<void> {
    for (let attempt = 1;; attempt++) {
      try {
        await this.#sql`
          insert into net._http_response (id, status_code, content_type, headers, content, timed_out, error_msg)
          values (${row.id}::bigint, ${row.status_code}, ${row.content_type},
                  ${row.headers === null ? null : this.#sql.json(row.headers)}::jsonb,
                  ${row.content}, ${row.timed_out}, ${row.error_msg})
        `;
        return;
      } catch (error) {
        if (this.#stopped || attempt >= 150) {
          this.#options.log?.(`net worker: response ${row.id} lost: ${(error as Error).message}`);
          return;
        }
        await sleep(Math.min(2000, 100 * attempt));
      }
    }
  }

  async #pruneIfDue(): Promise<void> {
    if (Date.now() - this.#lastPrune < 60_000) return;
    this.#lastPrune = Date.now();
    await this.pruneResponses();
  }

  /** Deletes responses older than the TTL (pg_net keeps them 6 hours); returns how many went. */
  async pruneResponses(): Promise<number> {
    const result = await this.#sql`
      delete from net._http_response where created < now() - ${this.#options.responseTtl}::interval
    `;
    return result.count;
  }
}
