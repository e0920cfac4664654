// Shared state of the gateway process: configuration, database pools and the
// background loops (WAL reader, pg_net worker) that live beside the HTTP paths.

import postgres from "postgres";
import { DB, HOST, JWT_SECRET, PORTS } from "../config.ts";

export type Sql = ReturnType<typeof postgres>;

const passThroughStrings = (fallback: (x: unknown) => string) => (x: unknown) =>
  typeof x === "string" ? x : fallback(x);

/** postgres.js' json and date serializers, except that strings are sent as they are. */
const TEXT_PASSTHROUGH_TYPES = {
  json: {
    to: 114,
    from: [114, 3802],
    serialize: passThroughStrings((x) => JSON.stringify(x)),
    parse: (x: string) => JSON.parse(x),
  },
  date: {
    to: 1184,
    from: [1082, 1114, 1184],
    serialize: passThroughStrings((x) => (x instanceof Date ? x : new Date(x as string)).toISOString()),
    parse: (x: string) => new Date(x),
  },
};

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
  const restSql = postgres({
    ...common,
    username: "authenticator",
    password: DB.password,
    max: 20,
    // /rest/v1 binds every client value as text and lets Postgres infer its
    // type; strings must reach the server unchanged even where the inferred
    // type is json or a date (postgres.js would re-encode them)
    types: TEXT_PASSTHROUGH_TYPES,
  });
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
