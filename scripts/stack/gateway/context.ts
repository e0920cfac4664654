// Shared state of the gateway process: configuration, database pools and the
// background loops (WAL reader, pg_net worker) that live beside the HTTP paths.

import postgres from "postgres";
import { ADMIN_DB, HOST, JWT_SECRET, PORTS } from "../config.ts";

export type Sql = ReturnType<typeof postgres>;

export interface GatewayContext {
  jwtSecret: string;
  /** the platform's own superuser connection, as supabase_admin (schema cache, realtime catalog and partitions) */
  adminSql: Sql;
  /**
   * The auth server's connection, as supabase_auth_admin (GoTrue's role on
   * hosted Supabase, owner of the auth tables, not a superuser): a trigger a
   * migration puts on auth.users runs with this role's rights, as there.
   */
  authSql: Sql;
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

/** GoTrue's database role; the bootstrap gives it the local stack's password. */
const AUTH_DB_USER = "supabase_auth_admin";

export async function openContext(): Promise<GatewayContext> {
  const common = {
    host: HOST,
    port: PORTS.db,
    database: ADMIN_DB.database,
    onnotice: () => {},
    backoff: reconnectBackoff,
  };
  const adminSql = postgres({ ...common, username: ADMIN_DB.user, password: ADMIN_DB.password, max: 10 });
  const authSql = postgres({ ...common, username: AUTH_DB_USER, password: ADMIN_DB.password, max: 10 });
  const closers: Array<() => Promise<void> | void> = [];
  await adminSql`select 1`;
  return {
    jwtSecret: JWT_SECRET,
    adminSql,
    authSql,
    onClose: (fn) => closers.push(fn),
    close: async () => {
      for (const fn of closers.reverse()) await fn();
      await authSql.end({ timeout: 2 });
      await adminSql.end({ timeout: 2 });
    },
  };
}
