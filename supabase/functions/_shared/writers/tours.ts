// Writes one mapped page of Ticketmaster events: one call of the database's
// write_tour_page (migration tour_page_writer), which upserts artists, links
// twin venues, upserts venues, shows and billing, each keyed by the
// provider's id and guarded so a row whose data did not change is not
// rewritten. A re-run of an unchanged page changes no row. One round trip a
// page, with plans kept by the database (the functions' pool has no prepared
// statements).

import type { Sql, Tx } from "../db.ts";
import type { MappedEvents } from "../mappers/ticketmaster.ts";
import { inTransaction, type WriteCounts } from "./common.ts";

/** The page as write_tour_page reads it; `skipped` stays with the caller's stats. */
function pagePayload(page: MappedEvents) {
  return { artists: page.artists, venues: page.venues, shows: page.shows };
}

/** The page's write as one statement, for running or for planning (tests EXPLAIN it). */
export function writeTourPage(sql: Sql | Tx, page: MappedEvents) {
  return sql<{ counts: WriteCounts }[]>`select public.write_tour_page(${
    sql.json(pagePayload(page) as never)
  }::jsonb) as counts`;
}

/**
 * Writes one page of mapped events atomically and returns the rows
 * inserted/updated per table (a dry run rolls its transaction back). Exported for the benchmark, which pushes pages
 * through it and compares with COPY.
 */
export async function writeEventsPage(
  sql: Sql,
  page: MappedEvents,
  options: { dryRun?: boolean } = {},
): Promise<WriteCounts> {
  if (page.shows.length === 0 && page.artists.length === 0 && page.venues.length === 0) return {};
  // one statement is one transaction: a dry run needs its own to roll back
  if (options.dryRun) return await inTransaction(sql, true, async (tx) => (await writeTourPage(tx, page))[0].counts);
  const [{ counts }] = await writeTourPage(sql, page);
  return counts;
}
