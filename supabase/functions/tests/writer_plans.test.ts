// The tour writer over tables of a real catalog's size: every stored row a
// page names is found by a probe of an index, so a page costs the same at 400
// shows as at 400,000. Written as plain joins, the planner hashed whole
// tables for every page (issue 20, item 3). Checked on the writer's own call
// (write_tour_page, with its triggers and foreign-key checks) by the
// transaction's own scan counters (pg_stat_xact_user_tables), over rows added
// inside a transaction that is rolled back.

import { assertEquals } from "../../../scripts/test/assert.ts";
import { openSql, type Tx } from "../_shared/db.ts";
import { mapEvents } from "../_shared/mappers/ticketmaster.ts";
import { writeTourPage } from "../_shared/writers/tours.ts";
import { loadBaseCatalog, syntheticEvents } from "../../../scripts/bench/sync_events.ts";
import { DB_URL } from "./support/world.ts";

const CATALOG_TABLES = ["artists", "venues", "shows", "show_artists"];

/** Whole-table reads of each catalog table so far in this transaction. */
async function wholeTableReads(tx: Tx): Promise<Record<string, number>> {
  const rows = await tx<{ relname: string; seq_scan: number }[]>`
    select relname, seq_scan::int from pg_stat_xact_user_tables
    where schemaname = 'public' and relname = any(${CATALOG_TABLES}::text[])`;
  return Object.fromEntries(CATALOG_TABLES.map((t) => [t, rows.find((r) => r.relname === t)?.seq_scan ?? 0]));
}

/** Reads in `after` that `before` had not counted yet, per table. */
function added(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(CATALOG_TABLES.map((t) => [t, after[t] - before[t]]));
}

class RollBack extends Error {}

/** Runs `work` over a catalog of a real size (synthetic, rolled back), then measures the tables again. */
async function overCatalog(work: (tx: Tx) => Promise<void>): Promise<void> {
  const db = openSql(DB_URL, 1);
  try {
    await db.begin(async (tx) => {
      // 10,000 artists, 3,000 venues, 20,000 shows with billing, analyzed
      await loadBaseCatalog(tx as unknown as Tx, { artists: 10_000, venues: 3_000, shows: 20_000 });
      await work(tx as unknown as Tx);
      throw new RollBack();
    }).catch((error) => {
      if (!(error instanceof RollBack)) throw error;
    });
  } finally {
    // the rolled-back rows' statistics were written in place: measured again on what is really there
    await db.unsafe(`analyze ${CATALOG_TABLES.map((t) => `public.${t}`).join(", ")}`);
    await db.end({ timeout: 2 });
  }
}

Deno.test({
  name: "tour writer: at catalog size a page's rows are found by index probes, never by reading a whole table",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // a full page: 200 events, ~30 artists, ~17 venues, ~270 billing rows; then the same page again
    const page = mapEvents(syntheticEvents(200, 11));
    let first: Record<string, number> = {};
    let again: Record<string, number> = {};
    let written = 0;
    let probe: Record<string, number> = {};
    await overCatalog(async (tx) => {
      const before = await wholeTableReads(tx);
      const [{ counts }] = await writeTourPage(tx, page);
      written = counts.shows.inserted;
      const between = await wholeTableReads(tx);
      await writeTourPage(tx, page);
      first = added(before, between);
      again = added(between, await wholeTableReads(tx));
      // the counters can see a whole-table read: one made on purpose is counted
      const beforeProbe = await wholeTableReads(tx);
      await tx`select count(*) from public.shows where name like '%(synthetic)'`;
      probe = added(beforeProbe, await wholeTableReads(tx));
    });
    assertEquals(written, page.shows.length, "the page was written");
    const none = { artists: 0, venues: 0, shows: 0, show_artists: 0 };
    assertEquals(first, none, "writing a new page reads no catalog table whole");
    assertEquals(again, none, "the same page again reads no catalog table whole");
    assertEquals(probe, { ...none, shows: 1 }, "a whole-table read is counted");
  },
});
