// One request, one transaction, as PostgREST runs it: BEGIN (read only for
// reads), one statement of set_config(..., true) calls that switch the role
// and publish the claims, method, path, headers and cookies, the request's
// statement, COMMIT. The four statements are pipelined on one reserved
// connection (prepared after first use), so a request costs one network round
// trip; only a request that must inspect its result before deciding to commit
// (a singular response from a write) waits for the result first.

import type { Sql } from "../context.ts";
import { isDatabaseError, PgrstError } from "./errors.ts";

export interface Statement {
  text: string;
  params: Array<string | null>;
  /** false for statements whose text varies with the data (do not fill the statement cache) */
  prepare?: boolean;
}

export interface TransactionPlan {
  readOnly: boolean;
  setup: Statement;
  main: Statement;
  /** looks at the main statement's rows; an error it returns rolls the transaction back */
  check?: (rows: Row[]) => PgrstError | null;
}

export type Row = Record<string, unknown>;

export interface Outcome {
  rows: Row[];
  /** rows affected, for statements without RETURNING */
  count: number;
}

function run(conn: Sql, statement: Statement) {
  return conn.unsafe(statement.text, statement.params as string[], { prepare: statement.prepare ?? true });
}

/** First database error among settled statements (the one that aborted the transaction). */
function firstFailure(results: PromiseSettledResult<unknown>[]): unknown {
  for (const result of results) {
    if (result.status === "rejected") return result.reason;
  }
  return null;
}

export async function runTransaction(sql: Sql, plan: TransactionPlan): Promise<Outcome> {
  const conn = await sql.reserve();
  try {
    const begin = conn.unsafe(plan.readOnly ? "begin read only" : "begin").execute();
    const setup = run(conn, plan.setup).execute();
    const main = run(conn, plan.main).execute();
    if (!plan.check) {
      const commit = conn.unsafe("commit").execute();
      const results = await Promise.allSettled([begin, setup, main, commit]);
      const failure = firstFailure(results);
      if (failure) throw failure;
      const rows = (results[2] as PromiseFulfilledResult<Row[] & { count: number }>).value;
      return { rows: [...rows], count: rows.count ?? rows.length };
    }
    const results = await Promise.allSettled([begin, setup, main]);
    const failure = firstFailure(results);
    if (failure) {
      await conn.unsafe("rollback").catch(() => {});
      throw failure;
    }
    const rows = (results[2] as PromiseFulfilledResult<Row[] & { count: number }>).value;
    const refusal = plan.check([...rows]);
    await conn.unsafe(refusal ? "rollback" : "commit");
    if (refusal) throw refusal;
    return { rows: [...rows], count: rows.count ?? rows.length };
  } finally {
    conn.release();
  }
}

/** Connection-level failures PostgREST reports as 503 rather than as a query error. */
export function connectionFailure(error: unknown): PgrstError | null {
  if (isDatabaseError(error)) return null;
  const code = (error as { code?: string })?.code;
  if (typeof code === "string" && /^(CONNECTION_|ECONNREFUSED|ECONNRESET|CONNECT_TIMEOUT)/.test(code)) {
    return new PgrstError(503, "PGRST001", "Database client error. Retrying the connection.", String(code));
  }
  return null;
}
