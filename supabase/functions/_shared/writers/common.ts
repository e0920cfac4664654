// What the writers share: per-table counts, and dry runs that execute every
// statement (so the counts are exact) inside a transaction that is rolled back.

import type { Sql, Tx } from "../db.ts";

export interface TableCounts {
  inserted: number;
  updated: number;
  deleted?: number;
}

export type WriteCounts = Record<string, TableCounts>;

/** Thrown inside sql.begin() to roll a dry run back while keeping its counts. */
class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super("dry run: rolled back");
  }
}

/** *_synced_at are refreshed at most this often, so an immediate re-run leaves the artist row untouched. */
export const SYNCED_AT_REFRESH = "1 hour";

/** Runs `work` in one transaction; with dryRun the transaction is rolled back after it finishes. */
export async function inTransaction<T>(sql: Sql, dryRun: boolean, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await sql.begin(async (tx) => {
      // a page lost to a crash before the WAL reaches disk is rewritten by the next run (upserts are idempotent),
      // so the commit need not wait for the flush: one fsync per page is most of a small page's cost.
      // Sent with the page's statements rather than awaited first: one round trip less per page
      const commitMode = tx`set local synchronous_commit to off`;
      const result = await work(tx as unknown as Tx);
      await commitMode;
      if (dryRun) throw new DryRunRollback(result);
      return result;
    }) as T;
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as T;
    throw error;
  }
}

/** Adds b's counts into a (for run totals). */
export function addCounts(a: WriteCounts, b: WriteCounts): WriteCounts {
  for (const [table, counts] of Object.entries(b)) {
    const into = a[table] ?? (a[table] = { inserted: 0, updated: 0 });
    into.inserted += counts.inserted;
    into.updated += counts.updated;
    if (counts.deleted !== undefined) into.deleted = (into.deleted ?? 0) + counts.deleted;
  }
  return a;
}

/** Rows written (inserted, updated or deleted) across tables. */
export function rowsChanged(counts: WriteCounts): number {
  return Object.values(counts).reduce((n, c) => n + c.inserted + c.updated + (c.deleted ?? 0), 0);
}

export interface CountRow {
  inserted: number;
  updated: number;
}
