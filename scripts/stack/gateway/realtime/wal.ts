// Reads committed changes from the WAL through wal2json over a logical
// replication stream, as Supabase Realtime reads its replication slot. The
// slot is temporary and owned by this reader's replication session, so it
// disappears with the gateway and never holds WAL back after a crash; when the
// session is lost (Postgres restart, pg_terminate_backend) the slot goes with
// it and is created again.
//
// Why a stream and not pg_logical_slot_get_changes polling: every call of that
// function decodes again from the slot's restart point, which only moves when
// Postgres logs a running-transactions record (every 15 s under load), so each
// poll re-read up to 15 s of WAL. Under a vote storm that took a core by
// itself (scripts/bench, votes). A stream decodes each record once.
//
// Only realtime.messages and the tables in the supabase_realtime publication
// reach onChanges. wal2json's own table filter (add-tables) is fixed for the
// life of a stream, and a stream cannot be restarted without a gap or a
// repeat, so the stream carries every table's changes and the filter is here:
// the published set is read again before every join is acknowledged (ready())
// and every second, and a change's schema and table are read from the first
// bytes of its document before anything else is parsed.

import postgres from "postgres";
import { reconnectBackoff, type Sql } from "../context.ts";
import { sleep } from "../../proc.ts";

export interface WalColumn {
  name: string;
  type: string;
  typeoid: string;
  /** text output of the value; booleans stay booleans; null for SQL null */
  value: string | boolean | null;
}

export interface WalChange {
  action: "I" | "U" | "D";
  schema: string;
  table: string;
  /** commit time as the reader's session (UTC) prints it */
  timestamp: string;
  columns: WalColumn[];
  identity: WalColumn[];
  pk: { name: string; type: string; typeoid: string }[];
}

export interface WalReaderOptions {
  connection: { host: string; port: number; database: string; username: string; password: string };
  /** upper bound of changes handed over at once; a transaction is never split */
  batchSize?: number;
  /** how often the publication's table list is read again and our position reported (default 1000 ms) */
  publicationCheckMs?: number;
  onChanges: (changes: WalChange[]) => Promise<void>;
  log?: (message: string) => void;
}

// wal2json prints numbers unquoted; keep their exact text (int8, numeric) instead of a lossy JS number
function parseKeepingNumbers(text: string): unknown {
  return JSON.parse(text, function (_key, value, context?: { source?: string }) {
    return typeof value === "number" && context?.source !== undefined ? context.source : value;
  });
}

/** "16/B374D848" -> 0x16B374D848 */
function parseLsn(text: string): bigint {
  const [high, low] = text.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

// microseconds between the Unix epoch and Postgres' (2000-01-01)
const PG_EPOCH_US = 946_684_800_000_000n;

/** A standby status update ('r'): everything up to `lsn` is written, flushed and applied. */
function statusUpdate(lsn: bigint): Uint8Array {
  const message = new Uint8Array(34);
  const view = new DataView(message.buffer);
  message[0] = 0x72; // 'r'
  view.setBigUint64(1, lsn);
  view.setBigUint64(9, lsn);
  view.setBigUint64(17, lsn);
  view.setBigInt64(25, BigInt(Date.now()) * 1000n - PG_EPOCH_US);
  // byte 33 stays 0: no reply wanted
  return message;
}

/** What reaches onChanges: realtime.messages and the publication's tables, as "schema.table". */
const PUBLISHED = `
  select schemaname || '.' || tablename as name
  from pg_catalog.pg_publication_tables where pubname = 'supabase_realtime'
  union
  select 'realtime.messages'`;

// a change document starts {"action":"I","timestamp":"...","lsn":"...","schema":"...","table":"...",
const TARGET = /"schema":"((?:[^"\\]|\\.)*)","table":"((?:[^"\\]|\\.)*)"/;
/** wal2json names the partition a row went to: realtime.messages_2026_12_06 is realtime.messages */
const MESSAGES_PARTITION = /^messages_\d{4}_\d{2}_\d{2}$/;

function parentTable(schema: string, table: string): string {
  return schema === "realtime" && MESSAGES_PARTITION.test(table) ? "messages" : table;
}

type Transaction = { changes: WalChange[]; endLsn: bigint };

interface Duplex {
  on(event: string, listener: (...args: never[]) => void): void;
  write(chunk: Uint8Array): boolean;
  end(): void;
  destroy(error?: Error): void;
}

export class WalReader {
  readonly slotName = `theset_realtime_${Deno.pid}`;
  #options: WalReaderOptions;
  /** the publication's tables, read on an ordinary session (a streaming one takes no queries) */
  #catalog: Sql;
  #published = new Set<string>(["realtime.messages"]);
  #checking: Promise<void> | null = null;
  #checkTimer: ReturnType<typeof setInterval> | null = null;
  #stopped = false;
  #loop: Promise<void> | null = null;
  /** resolves once the first stream runs, so a join can promise delivery of every later commit */
  #firstStream: Promise<void>;
  #markFirstStream!: () => void;

  #stream: Duplex | null = null;
  #endStream: (() => void) | null = null;
  // what has arrived, what has been handed over
  #open: WalChange[] | null = null;
  #queue: Transaction[] = [];
  #draining: Promise<void> | null = null;
  /** end of the last transaction handed to onChanges (or skipped as unpublished) */
  #deliveredLsn = 0n;
  /** the newest position the server reported; every transaction before it has been sent to us */
  #receivedLsn = 0n;
  #decoder = new TextDecoder();

  constructor(options: WalReaderOptions) {
    this.#options = options;
    this.#catalog = postgres({
      ...options.connection,
      max: 1,
      backoff: reconnectBackoff,
      onnotice: () => {},
      connection: { application_name: "theset-realtime-catalog" },
    });
    this.#firstStream = new Promise((resolve) => this.#markFirstStream = resolve);
  }

  start(): void {
    this.#loop ??= this.#run();
    // every second: the publication's tables, and our position for the slot (wal_sender_timeout is 60 s)
    this.#checkTimer ??= setInterval(() => {
      void this.#readPublication();
      this.#status();
    }, this.#options.publicationCheckMs ?? 1000);
  }

  /**
   * Resolves when a stream runs and the filter knows every table published
   * right now: every commit after that reaches onChanges.
   */
  async ready(): Promise<void> {
    await this.#firstStream;
    await this.#readPublication();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#checkTimer) clearInterval(this.#checkTimer);
    this.#endStream?.();
    await this.#loop?.catch(() => {});
    await this.#catalog.end({ timeout: 2 }).catch(() => {});
  }

  #readPublication(): Promise<void> {
    this.#checking ??= this.#catalog.unsafe<{ name: string }[]>(PUBLISHED)
      .then((rows) => {
        this.#published = new Set(rows.map((r) => r.name));
      })
      .catch(() => {
        // the database is away; the set read last stays in force
      })
      .finally(() => this.#checking = null);
    return this.#checking;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      try {
        await this.#session(() => failures = 0);
      } catch (error) {
        if (this.#stopped) break;
        failures++;
        if (failures === 1 || failures % 20 === 0) {
          this.#options.log?.(`realtime: WAL reader: ${(error as Error).message} (retrying)`);
        }
        await sleep(Math.min(2000, 100 * failures));
      }
    }
  }

  /** One replication session, its temporary slot and its stream; returns when stopped, throws when lost. */
  async #session(connected: () => void): Promise<void> {
    const replication = postgres({
      ...this.#options.connection,
      max: 1,
      fetch_types: false,
      // the slot lives as long as this one session: never recycle it on a timer (0 = no timer)
      max_lifetime: 0,
      idle_timeout: 0,
      onnotice: () => {},
      connection: {
        application_name: "theset-realtime-wal",
        replication: "database",
        TimeZone: "UTC",
        DateStyle: "ISO, MDY",
      },
    });
    try {
      const [slot] = await replication.unsafe<{ consistent_point: string }[]>(
        `CREATE_REPLICATION_SLOT ${this.slotName} TEMPORARY LOGICAL wal2json NOEXPORT_SNAPSHOT`,
      );
      // a new slot starts where it is created: what the old one had not sent went with it
      this.#deliveredLsn = this.#receivedLsn = parseLsn(slot.consistent_point);
      this.#open = null;
      await this.#readPublication();
      const options = [
        `"format-version" '2'`,
        `"include-types" 'true'`,
        `"include-type-oids" 'true'`,
        `"include-timestamp" 'true'`,
        `"include-pk" 'true'`,
        // B and C records bracket each transaction; with include-lsn, C carries where it ends
        `"include-transaction" 'true'`,
        `"include-lsn" 'true'`,
        `"actions" 'insert,update,delete'`,
      ];
      const stream = await replication.unsafe(
        `START_REPLICATION SLOT ${this.slotName} LOGICAL ${slot.consistent_point} (${options.join(", ")})`,
      ).writable() as unknown as Duplex;
      this.#stream = stream;
      connected();
      this.#markFirstStream();
      await new Promise<void>((resolve, reject) => {
        let ending = false;
        this.#endStream = () => {
          ending = true;
          stream.end();
        };
        stream.on("data", (chunk: Uint8Array) => {
          try {
            this.#message(chunk);
          } catch (error) {
            stream.destroy(error as Error);
          }
        });
        stream.on("error", (error: Error) => reject(error));
        stream.on("close", () => ending ? resolve() : reject(new Error("the replication stream closed")));
      });
    } finally {
      this.#stream = null;
      this.#endStream = null;
      await replication.end({ timeout: 1 }).catch(() => {});
    }
  }

  #message(chunk: Uint8Array): void {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (chunk[0] === 0x77) {
      // XLogData: 'w', start LSN, end LSN, send time, then one wal2json document
      const end = view.getBigUint64(9);
      if (end > this.#receivedLsn) this.#receivedLsn = end;
      const body = chunk.subarray(25);
      const action = body[11]; // {"action":"X"
      if (action === 0x42) {
        // B
        this.#open = [];
      } else if (action === 0x43) {
        // C
        const { nextlsn } = JSON.parse(this.#decoder.decode(body)) as { nextlsn: string };
        const endLsn = parseLsn(nextlsn);
        if (this.#open && this.#open.length > 0) this.#enqueue({ changes: this.#open, endLsn });
        else this.#delivered(endLsn);
        this.#open = null;
      } else if (this.#open) {
        // only published tables are parsed: the rest is skipped on its first bytes
        const target = TARGET.exec(this.#decoder.decode(body.subarray(0, 512)));
        const schema = target ? JSON.parse(`"${target[1]}"`) as string : "";
        const table = target ? parentTable(schema, JSON.parse(`"${target[2]}"`)) : "";
        if (target && this.#published.has(`${schema}.${table}`)) {
          const change = parseKeepingNumbers(this.#decoder.decode(body)) as Partial<WalChange>;
          this.#open.push({
            action: change.action as WalChange["action"],
            schema: change.schema ?? "",
            table: parentTable(change.schema ?? "", change.table ?? ""),
            timestamp: change.timestamp ?? "",
            columns: change.columns ?? [],
            identity: change.identity ?? [],
            pk: change.pk ?? [],
          });
        }
      }
    } else if (chunk[0] === 0x6b) {
      // keepalive: 'k', server WAL end, send time, reply requested. Answered only when asked: the walsender
      // pings whenever our position lags what it sent, and answering every ping makes it ping again at
      // once; the status sent every second moves the slot along anyway
      const end = view.getBigUint64(1);
      if (end > this.#receivedLsn) this.#receivedLsn = end;
      if (chunk[17] === 1) this.#status();
    }
  }

  #enqueue(transaction: Transaction): void {
    this.#queue.push(transaction);
    this.#draining ??= this.#drain().finally(() => this.#draining = null);
  }

  /** Hands queued transactions over in commit order, a batch at a time, never splitting one. */
  async #drain(): Promise<void> {
    const batchSize = this.#options.batchSize ?? 5000;
    while (this.#queue.length > 0) {
      const batch: Transaction[] = [];
      let size = 0;
      while (this.#queue.length > 0 && (batch.length === 0 || size + this.#queue[0].changes.length <= batchSize)) {
        const next = this.#queue.shift()!;
        batch.push(next);
        size += next.changes.length;
      }
      try {
        await this.#options.onChanges(batch.flatMap((t) => t.changes));
      } catch (error) {
        this.#options.log?.(`realtime: delivering changes: ${(error as Error).message}`);
      }
      this.#delivered(batch.at(-1)!.endLsn);
    }
  }

  #delivered(endLsn: bigint): void {
    if (endLsn > this.#deliveredLsn) this.#deliveredLsn = endLsn;
  }

  /**
   * Tells the server how far we are, so the slot lets go of older WAL: up to
   * the last transaction handed over, or, with nothing in flight, everything
   * it has sent.
   */
  #status(): void {
    const idle = this.#open === null && this.#queue.length === 0 && this.#draining === null;
    if (idle && this.#receivedLsn > this.#deliveredLsn) this.#deliveredLsn = this.#receivedLsn;
    try {
      this.#stream?.write(statusUpdate(this.#deliveredLsn));
    } catch {
      // the stream is closing; the next session starts its own slot
    }
  }
}
