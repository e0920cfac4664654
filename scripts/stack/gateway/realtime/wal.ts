// Reads committed changes from the WAL through wal2json, as Supabase
// Realtime's walrus did: a logical replication slot polled with
// pg_logical_slot_get_changes. The slot is temporary and owned by this
// reader's own connection, so it disappears with the gateway and never holds
// WAL back after a crash; when the connection is lost (Postgres restart,
// pg_terminate_backend) the slot goes with it and is created again.
//
// Idle cost: each tick first reads pg_current_wal_insert_lsn() and only
// decodes when the WAL has moved since the last decode.

import postgres from "postgres";
import type { Sql } from "../context.ts";

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
  pollMs: number;
  /** upper bound of changes per decode; a transaction is never split */
  batchSize?: number;
  onChanges: (changes: WalChange[]) => Promise<void>;
  log?: (message: string) => void;
}

// wal2json prints numbers unquoted; keep their exact text (int8, numeric) instead of a lossy JS number
function parseKeepingNumbers(text: string): unknown {
  return JSON.parse(text, function (_key, value, context?: { source?: string }) {
    return typeof value === "number" && context?.source !== undefined ? context.source : value;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class WalReader {
  readonly slotName = `theset_realtime_${Deno.pid}`;
  #sql: Sql;
  #options: WalReaderOptions;
  #stopped = false;
  #slotReady = false;
  #lastLsn: string | null = null;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  /** resolves once the slot exists, so a join can promise delivery of every later commit */
  #ready: Promise<void>;
  #markReady!: () => void;

  constructor(options: WalReaderOptions) {
    this.#options = options;
    this.#sql = postgres({
      ...options.connection,
      max: 1,
      // the slot lives as long as this one session: never recycle it on a timer (0 = no timer)
      max_lifetime: 0,
      idle_timeout: 0,
      onnotice: () => {},
      connection: { application_name: "theset-realtime-wal", TimeZone: "UTC", DateStyle: "ISO, MDY" },
    });
    this.#ready = new Promise((resolve) => this.#markReady = resolve);
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Resolves when the slot exists (immediately after the first successful creation). */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Ask for a decode now instead of at the next tick (e.g. tests, or after a join). */
  poke(): void {
    this.#lastLsn = null;
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop?.catch(() => {});
    await this.#sql.end({ timeout: 2 }).catch(() => {});
  }

  async #ensureSlot(): Promise<void> {
    if (this.#slotReady) return;
    try {
      await this.#sql`select pg_catalog.pg_create_logical_replication_slot(${this.slotName}, 'wal2json', true)`;
    } catch (error) {
      // still alive on this session (the failure that brought us here was not a lost connection)
      if ((error as { code?: string }).code !== "42710") throw error;
    }
    this.#slotReady = true;
    this.#lastLsn = null;
    this.#markReady();
  }

  async #tick(): Promise<boolean> {
    await this.#ensureSlot();
    const [{ lsn }] = await this.#sql<{ lsn: string }[]>`select pg_catalog.pg_current_wal_insert_lsn()::text as lsn`;
    if (lsn === this.#lastLsn) return false;
    const batchSize = this.#options.batchSize ?? 5000;
    // wal2json filters in C: only realtime.messages and the tables published to supabase_realtime are decoded
    const rows = await this.#sql<{ data: string }[]>`
      select data from pg_catalog.pg_logical_slot_get_changes(
        ${this.slotName}, null, ${batchSize},
        'format-version', '2',
        'include-types', 'true',
        'include-type-oids', 'true',
        'include-timestamp', 'true',
        'include-pk', 'true',
        'include-transaction', 'false',
        'actions', 'insert,update,delete',
        'add-tables', (
          select string_agg(
            regexp_replace(schemaname, '([ ''.,*\\\\])', '\\\\\\1', 'g') || '.' ||
            regexp_replace(tablename, '([ ''.,*\\\\])', '\\\\\\1', 'g'), ',')
          from (
            select schemaname, tablename from pg_catalog.pg_publication_tables where pubname = 'supabase_realtime'
            union
            select 'realtime', 'messages'
          ) published
        )
      )
    `;
    this.#lastLsn = lsn;
    if (rows.length > 0) {
      const changes = rows.map((r) => parseKeepingNumbers(r.data) as Partial<WalChange>).map((c) => ({
        action: c.action as WalChange["action"],
        schema: c.schema ?? "",
        table: c.table ?? "",
        timestamp: c.timestamp ?? "",
        columns: c.columns ?? [],
        identity: c.identity ?? [],
        pk: c.pk ?? [],
      }));
      await this.#options.onChanges(changes);
    }
    // a full batch means more is waiting: decode again without sleeping
    if (rows.length >= batchSize) {
      this.#lastLsn = null;
      return true;
    }
    return false;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      let again = false;
      try {
        again = await this.#tick();
        failures = 0;
      } catch (error) {
        if (this.#stopped) break;
        failures++;
        // a lost session takes the temporary slot with it; any failure may mean that
        this.#slotReady = false;
        if (failures === 1 || failures % 20 === 0) {
          this.#options.log?.(`realtime: WAL reader: ${(error as Error).message} (retrying)`);
        }
        await sleep(Math.min(2000, 100 * failures));
        continue;
      }
      if (again || this.#stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#options.pollMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }
}
