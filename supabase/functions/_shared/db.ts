// The functions' direct Postgres connection (SUPABASE_DB_URL, which hosted
// Supabase injects into every edge function). The sync writes through it so a
// whole upstream page goes into one transaction as a few set-based statements.
// prepare: false keeps it usable behind Supavisor's transaction-mode pooler.

// a full npm: specifier: functions deploy unchanged to hosted Supabase, where no deno.json import map applies
// deno-lint-ignore no-import-prefix
import postgres from "npm:postgres@3.4.9";
import { requireEnv } from "./env.ts";

export type Sql = ReturnType<typeof postgres>;
/** A connection inside sql.begin(); typed loosely because postgres.js' TransactionSql omits call signatures. */
export type Tx = Sql;

let shared: Sql | null = null;
let sharedUrl: string | null = null;

export function openSql(url: string, max = 4): Sql {
  return postgres(url, {
    max,
    prepare: false,
    idle_timeout: 20,
    connect_timeout: 10,
    onnotice: () => {},
  });
}

/** The process-wide pool for SUPABASE_DB_URL (re-opened if the URL changes, as tests do). */
export function getSql(): Sql {
  const url = requireEnv("SUPABASE_DB_URL");
  if (shared && sharedUrl === url) return shared;
  if (shared) void shared.end({ timeout: 1 });
  shared = openSql(url);
  sharedUrl = url;
  return shared;
}

/**
 * The stable code of a database refusal (raised with errcode P0001 and the code as its message, as every
 * refusal in the migrations is), or null for any other error: callers branch on the code, never on wording.
 */
export function refusalCode(error: unknown): string | null {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === "P0001" && typeof message === "string" && /^[a-z][a-z0-9_]*$/.test(message) ? message : null;
}

/** Closes the shared pool (tests and scripts call this before exiting). */
export async function closeSql(): Promise<void> {
  if (!shared) return;
  const pool = shared;
  shared = null;
  sharedUrl = null;
  await pool.end({ timeout: 2 });
}
