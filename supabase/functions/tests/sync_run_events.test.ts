// A sync run keeps its log lines: the same JSON events the function prints,
// with the run id, stored in sync_run_events for the admin console (a bounded
// number per run; the bound itself is pgTAP's to prove).

import { assertEquals } from "../../../scripts/test/assert.ts";
import { handler as tours } from "../sync-popular-tours/handler.ts";
import { fault, worldTest } from "./support/world.ts";

worldTest("a run stores its log lines: started, each failed item, finished, all with its run id", async (w) => {
  await fault(w, { provider: "ticketmaster", query: { city: "Chicago", page: "0" }, kind: "status", status: 503 });
  const res = await w.call(tours, {
    markets: [{ city: "Chicago", countryCode: "US" }, { city: "London", countryCode: "GB" }],
    trigger: "test",
  });
  assertEquals(res.body.status, "partial", JSON.stringify(res.body));
  const events = await w.sql<
    { level: string; event: string; run_id: number; item: string | null; status: string | null }[]
  >`
    select level, event, (fields ->> 'run_id')::int as run_id, fields ->> 'item' as item, fields ->> 'status' as status
    from public.sync_run_events where run_id = ${res.body.run_id} order by id`;
  assertEquals(events.map((e) => [e.level, e.event]), [
    ["info", "sync_run_started"],
    ["warn", "sync_item_failed"],
    ["warn", "sync_run_finished"],
  ]);
  assertEquals(events.every((e) => e.run_id === res.body.run_id), true, "every line names its run");
  assertEquals(events[1].item?.startsWith("Chicago"), true, events[1].item ?? "no item");
  assertEquals(events[2].status, "partial");
});
