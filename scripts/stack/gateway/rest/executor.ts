// One request, one statement, one transaction. PostgREST wraps each request
// in BEGIN; set_config(role, claims, method, path, headers, cookies, true);
// <statement>; COMMIT. Here the same happens inside a single call of
// extensions.local_pgrst_request (bootstrap/50_rest.sql): it switches to the
// request's role and settings and runs the statement, so a request costs one
// round trip on a prepared statement, and the statement never runs if the
// role or claims could not be set.
//
// The role's own settings (statement_timeout, ...) must be in force when the
// statement starts, so they are connection settings: one small pool per
// distinct set of role settings, each connection logging in as authenticator
// with those settings.

import postgres from "postgres";
import { join } from "node:path";
import { DB, HOST, PATHS, PORTS } from "../../config.ts";
import { reconnectBackoff, type Sql } from "../context.ts";
import { isDatabaseError, PgrstError } from "./errors.ts";
import { arrayLiteral } from "./plan_sql.ts";

export interface Statement {
  /** SQL whose client values are $1[1], $1[2], ... of one text[] */
  text: string;
  params: Array<string | null>;
}

export interface RequestSettings {
  role: string;
  claims: string;
  method: string;
  path: string;
  headers: string;
  cookies: string;
  searchPath: string;
}

export interface TransactionPlan {
  readOnly: boolean;
  /** what PostgREST sets with set_config(..., true) before the statement */
  settings: RequestSettings;
  main: Statement;
  /** false for a write without RETURNING: only the number of affected rows comes back */
  returnsRows: boolean;
  /** a write answering one object: more or fewer rows roll it back with PGRST116 */
  singular: boolean;
  /** Prefer: timezone=... (already checked against pg_timezone_names) */
  timeZone: string | null;
  /** Prefer: handling=strict, max-affected=n: more rows roll it back with PGRST124 */
  maxAffected: number | null;
}

export type Row = { total: string | null; page: string | null; body: string | null };

const REQUEST = `select total::text, page::text, body from extensions.local_pgrst_request(
  $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::boolean, $9::text, $10::text[],
  $11::boolean, $12::boolean, $13::text, $14::int8)`;

const socketFile = join(PATHS.socket, `.s.PGSQL.${PORTS.db}`);
const SOCKET: string | null = (() => {
  try {
    return Deno.statSync(socketFile).isSocket ? socketFile : null;
  } catch {
    return null;
  }
})();

/**
 * Connections per pool. Each request holds one only for its single statement.
 * With 50 concurrent voters on 2 cores, pools of 10, 20 and 50 gave the same
 * vote rate within noise (scripts/bench votes with THESET_REST_POOL_SIZE set:
 * 0.20-0.26x pgbench -N), so the size is not what limits the gateway; 20 keeps
 * a few more backends than cores busy while commits wait on the WAL flush.
 */
export const POOL_SIZE = Number(Deno.env.get("THESET_REST_POOL_SIZE") ?? 20);

export class RestDatabase {
  #pools = new Map<string, Sql>();

  /** The pool whose connections carry these role settings. */
  poolFor(roleSettings: Array<[string, string]>): Sql {
    const key = JSON.stringify(roleSettings);
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = postgres({
        // the cluster's unix socket when this process runs beside it: cheaper than loopback TCP
        ...(SOCKET ? { path: SOCKET } : { host: HOST, port: PORTS.db }),
        database: DB.database,
        username: "authenticator",
        password: DB.password,
        max: POOL_SIZE,
        backoff: reconnectBackoff,
        onnotice: () => {},
        connection: { application_name: "theset-rest", ...Object.fromEntries(roleSettings) },
      });
      this.#pools.set(key, pool);
    }
    return pool;
  }

  async run(roleSettings: Array<[string, string]>, plan: TransactionPlan): Promise<Row> {
    const { settings } = plan;
    const rows = await this.poolFor(roleSettings).unsafe<Row[]>(REQUEST, [
      settings.role,
      settings.claims,
      settings.method,
      settings.path,
      settings.headers,
      settings.cookies,
      settings.searchPath,
      plan.readOnly,
      plan.main.text,
      arrayLiteral(plan.main.params),
      plan.returnsRows,
      plan.singular,
      plan.timeZone,
      plan.maxAffected === null ? null : String(plan.maxAffected),
    ]);
    return rows[0];
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((pool) => pool.end({ timeout: 2 })));
    this.#pools.clear();
  }
}

/** Connection-level failures PostgREST reports as 503 rather than as a query error. */
export function connectionFailure(error: unknown): PgrstError | null {
  if (isDatabaseError(error)) return null;
  const code = (error as { code?: string })?.code;
  // EPIPE: a request written to a connection whose server died under it (Postgres killed mid-request)
  if (typeof code === "string" && /^(CONNECTION_|ECONNREFUSED|ECONNRESET|EPIPE|CONNECT_TIMEOUT)/.test(code)) {
    return new PgrstError(503, "PGRST001", "Database client error. Retrying the connection.", String(code));
  }
  return null;
}
