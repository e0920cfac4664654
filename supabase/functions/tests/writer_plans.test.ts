// The tour writer's page statements, planned over tables of a real catalog's
// size: every stored row a page names is found by a probe of its provider id's
// index, so a page costs the same at 400 shows as at 400,000. Planned as
// plain joins, the planner hashed whole tables for every page (issue 20,
// item 3). The statements checked are the exact ones the writer sends (EXPLAIN
// of the writer's own queries), over rows added inside a transaction that is
// rolled back.

import { assert, assertEquals } from "../../../scripts/test/assert.ts";
import { openSql, type Tx } from "../_shared/db.ts";
import { mapEvents } from "../_shared/mappers/ticketmaster.ts";
import { replaceBilling, upsertArtists, upsertShows, upsertVenues } from "../_shared/writers/tours.ts";
import { loadBaseCatalog, syntheticEvents } from "../../../scripts/bench/sync_events.ts";
import { DB_URL } from "./support/world.ts";

const CATALOG_TABLES = ["artists", "venues", "shows", "show_artists"];

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

/** Every whole-table read of a catalog table in a plan tree, as "Seq Scan on shows". */
function wholeTableReads(node: PlanNode): string[] {
  const own = node["Node Type"] === "Seq Scan" && CATALOG_TABLES.includes(node["Relation Name"] ?? "")
    ? [`${node["Node Type"]} on ${node["Relation Name"]}`]
    : [];
  return [...own, ...(node.Plans ?? []).flatMap(wholeTableReads)];
}

class RollBack extends Error {}

Deno.test({
  name: "tour writer: at catalog size a page's rows are found by index probes, never by reading a whole table",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const db = openSql(DB_URL, 1);
    // a full page: 200 events, ~30 artists, ~17 venues, ~270 billing rows
    const page = mapEvents(syntheticEvents(200, 11));
    const plans: Record<string, string[]> = {};
    try {
      await db.begin(async (tx) => {
        // a catalog of a real size: 20,000 artists, 5,000 venues, 40,000 shows (synthetic, rolled back)
        await loadBaseCatalog(tx as unknown as Tx, { artists: 20_000, venues: 5_000, shows: 40_000 });
        const statements = {
          artists: upsertArtists(tx as unknown as Tx, page.artists),
          venues: upsertVenues(tx as unknown as Tx, page.venues),
          shows: upsertShows(tx as unknown as Tx, page.shows),
          billing: replaceBilling(tx as unknown as Tx, page.shows),
        };
        for (const [name, statement] of Object.entries(statements)) {
          // the writer's own query, nested as a fragment: planned, not run
          const [row] = await tx<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>`explain (format json) ${statement}`;
          plans[name] = wholeTableReads(row["QUERY PLAN"][0].Plan);
        }
        throw new RollBack();
      }).catch((error) => {
        if (!(error instanceof RollBack)) throw error;
      });
      assertEquals(Object.keys(plans).sort(), ["artists", "billing", "shows", "venues"], "every statement planned");
      assertEquals(plans, { artists: [], venues: [], shows: [], billing: [] });
    } finally {
      // the statistics of the rolled-back rows were written in place: measured again on what is really there
      await db.unsafe(`analyze ${CATALOG_TABLES.map((t) => `public.${t}`).join(", ")}`);
      await db.end({ timeout: 2 });
    }
  },
});

Deno.test({
  name: "tour writer plan check: a plan that reads a whole catalog table is caught",
  fn() {
    const hashed: PlanNode = {
      "Node Type": "Hash Join",
      Plans: [
        { "Node Type": "Function Scan" },
        { "Node Type": "Hash", Plans: [{ "Node Type": "Seq Scan", "Relation Name": "shows" }] },
      ],
    };
    assertEquals(wholeTableReads(hashed), ["Seq Scan on shows"]);
    const probed: PlanNode = {
      "Node Type": "Nested Loop",
      Plans: [{ "Node Type": "Function Scan" }, { "Node Type": "Index Scan", "Relation Name": "shows" }],
    };
    assert(wholeTableReads(probed).length === 0, "an index probe is not a whole-table read");
  },
});
