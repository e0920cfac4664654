// Shared state of the gateway process: configuration, database pools and the
// background loops (WAL reader, pg_net worker) that live beside the HTTP paths.

import postgres from "postgres";
import { DB, HOST, JWT_SECRET, PORTS } from "../config.ts";

export type Sql = ReturnType<typeof postgres>;

export interface GatewayContext {
  jwtSecret: string;
  /** PostgREST's connection: logs in as authenticator, switches role per request */
  restSql: Sql;
  /** the platform's own superuser connection (auth tables, WAL, net queue) */
  adminSql: Sql;
  /** called on shutdown, in reverse order of registration */
  onClose: (fn: () => Promise<void> | void) => void;
  close: () => Promise<void>;
}

export async function openContext(): Promise<GatewayContext> {
  const common = { host: HOST, port: PORTS.db, database: DB.database, onnotice: () => {} };
  const restSql = postgres({ ...common, username: "authenticator", password: DB.password, max: 20 });
  const adminSql = postgres({ ...common, username: DB.user, password: DB.password, max: 10 });
  const closers: Array<() => Promise<void> | void> = [];
  await adminSql`select 1`;
  return {
    jwtSecret: JWT_SECRET,
    restSql,
    adminSql,
    onClose: (fn) => closers.push(fn),
    close: async () => {
      for (const fn of closers.reverse()) await fn();
      await restSql.end({ timeout: 2 });
      await adminSql.end({ timeout: 2 });
    },
  };
}
