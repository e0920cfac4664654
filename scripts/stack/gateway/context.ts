// Shared state of the gateway process: configuration, database pools and the
// background loops (WAL reader, pg_net worker) that live beside the HTTP paths.

import postgres from "postgres";
import { ADMIN_DB, HOST, JWT_SECRET, PORTS } from "../config.ts";

export type Sql = ReturnType<typeof postgres>;

export interface GatewayContext {
  jwtSecret: string;
  /** the platform's own superuser connection, as supabase_admin (auth tables, schema cache, realtime partitions) */
  adminSql: Sql;
  /** called on shutdown, in reverse order of registration */
  onClose: (fn: () => Promise<void> | void) => void;
  close: () => Promise<void>;
}

/**
 * Seconds a pool connection waits before reconnecting after a failed attempt.
 * postgres.js' default grows to 20 s, and requests queue behind it: after a
 * Postgres restart, calls hung for up to 20 s although the database was back
 * within a second (the kill -9 drill in scripts/bench/drills.ts). Capped at
 * one second, a connection comes back at most a second after Postgres does;
 * one attempt a second per connection costs nothing while it is down.
 */
export function reconnectBackoff(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1);
}

export async function openContext(): Promise<GatewayContext> {
  const common = {
    host: HOST,
    port: PORTS.db,
    database: ADMIN_DB.database,
    onnotice: () => {},
    backoff: reconnectBackoff,
  };
  const adminSql = postgres({ ...common, username: ADMIN_DB.user, password: ADMIN_DB.password, max: 10 });
  const closers: Array<() => Promise<void> | void> = [];
  await adminSql`select 1`;
  return {
    jwtSecret: JWT_SECRET,
    adminSql,
    onClose: (fn) => closers.push(fn),
    close: async () => {
      for (const fn of closers.reverse()) await fn();
      await adminSql.end({ timeout: 2 });
    },
  };
}
