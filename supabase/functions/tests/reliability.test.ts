// Issue 4's reliability tests: the upstream fails mid-run (a 429 storm, 500s,
// timeouts, a malformed page, a page gone missing, a dropped connection). The
// run ends partial with each failure recorded, no page is half-written, a
// re-run reaches exactly the rows an undisturbed run gives, and a run on an
// unchanged upstream changes nothing. Plus the circuit breaker and the
// upstream's own rate limit in a real run.

import { assert, assertEquals } from "../../../scripts/test/assert.ts";
import type { DemoEvent } from "./support/upstream.ts";
import { resetProviderRuntimes } from "../_shared/http/client.ts";
import { handler as tours } from "../sync-popular-tours/handler.ts";
import { handler as setlists } from "../sync-setlists/handler.ts";
import { handler as songs } from "../sync-artist-songs/handler.ts";
import { clearFaults, fault, rowVersions, snapshot, type World, worldTest } from "./support/world.ts";

const PAGE = 20;

/** The events Ticketmaster returns for a city, in its order, split into pages. */
async function pagesOf(w: World, city: string): Promise<DemoEvent[][]> {
  const events = (await w.upstream.dataset()).events.filter((e) => e.isMusic && e.market?.city === city);
  const pages: DemoEvent[][] = [];
  for (let i = 0; i < events.length; i += PAGE) pages.push(events.slice(i, i + PAGE));
  return pages;
}

async function showsPresent(w: World, events: DemoEvent[]): Promise<number> {
  const ids = events.filter((e) => e.attractionIds.length > 0).map((e) => String(e.json.id));
  const [{ n }] = await w.sql`select count(*)::int as n from public.shows where ticketmaster_id = any(${ids}::text[])`;
  return n;
}

const withArtists = (events: DemoEvent[]) => events.filter((e) => e.attractionIds.length > 0).length;

async function errorsOf(w: World, runId: number) {
  return Array.from(
    await w.sql`
      select provider, item_key, details ->> 'code' as code from public.sync_errors where run_id = ${runId} order by item_key`,
  );
}

async function forgetRows(w: World) {
  await w.cleanup();
  resetProviderRuntimes();
}

worldTest(
  "tours: 429 storm, 500s, a timeout, a malformed and a missing page: partial, recorded, no half page, re-run converges",
  async (w) => {
    const run = () => w.call(tours, { page_size: PAGE, trigger: "test" });
    const undisturbed = await run();
    assertEquals(undisturbed.body.status, "ok", JSON.stringify(undisturbed.body));
    const expected = await snapshot(w);
    assert(expected.shows.length > 250, `the five markets fill the app (${expected.shows.length} shows)`);
    await forgetRows(w);

    // every fault on its own page: each page either lands whole or not at all
    await fault(w, {
      provider: "ticketmaster",
      query: { city: "Montréal", page: "0" },
      kind: "rate_limit",
      retry_after: 1,
      times: 2,
    });
    await fault(w, {
      provider: "ticketmaster",
      query: { city: "London", page: "1" },
      kind: "rate_limit",
      retry_after: 1,
    });
    await fault(w, { provider: "ticketmaster", query: { city: "Chicago", page: "2" }, kind: "status", status: 503 });
    await fault(w, {
      provider: "ticketmaster",
      query: { city: "Los Angeles", page: "0" },
      kind: "slow",
      delay_ms: 1500,
    });
    await fault(w, { provider: "ticketmaster", query: { city: "New York", page: "1" }, kind: "malformed" });
    await fault(w, { provider: "ticketmaster", query: { city: "New York", page: "2" }, kind: "empty" });
    const disturbed = await run();
    assertEquals(disturbed.status, 200);
    assertEquals(disturbed.body.status, "partial");
    assertEquals(disturbed.body.items_failed, 5);
    assert(disturbed.body.error.includes("see sync_errors"), disturbed.body.error);
    // item keys name the market, the date window and the page
    const recorded = (await errorsOf(w, disturbed.body.run_id)).map((e) => [
      e.provider,
      e.item_key.replace(/ \d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2} /, " "),
      e.code,
    ]);
    assertEquals(recorded, [
      ["ticketmaster", "Chicago, US page 2", "server_error"],
      ["ticketmaster", "London, GB page 1", "rate_limited"],
      ["ticketmaster", "Los Angeles, US page 0", "timeout"],
      ["ticketmaster", "New York, US page 1", "bad_json"],
      ["ticketmaster", "New York, US page 2", "short_page"],
    ]);
    const [record] = await w.sql`
    select status, items_failed, stats -> 'calls' -> 'ticketmaster' as calls
    from public.sync_runs where id = ${disturbed.body.run_id}`;
    assertEquals([record.status, record.items_failed], ["partial", 5]);
    assert(record.calls.rate_limited >= 5, `the storm was met and counted: ${JSON.stringify(record.calls)}`);

    // pages that failed left nothing; pages that came through are whole
    const failed = [
      (await pagesOf(w, "London"))[1],
      (await pagesOf(w, "Chicago"))[2],
      ...await pagesOf(w, "Los Angeles"),
      (await pagesOf(w, "New York"))[1],
      (await pagesOf(w, "New York"))[2],
    ];
    for (const page of failed) assertEquals(await showsPresent(w, page), 0, "no show of a failed page");
    const whole = [
      ...await pagesOf(w, "Montréal"),
      (await pagesOf(w, "London"))[0],
      (await pagesOf(w, "Chicago"))[0],
      (await pagesOf(w, "New York"))[0],
    ];
    for (const page of whole) {
      assertEquals(await showsPresent(w, page), withArtists(page), "every show of a page that came");
    }

    await clearFaults(w);
    const rerun = await run();
    assertEquals(rerun.body.status, "ok");
    assertEquals(await snapshot(w), expected, "the re-run reaches exactly the undisturbed rows");

    const versions = await rowVersions(w);
    await w.clearApiCache();
    const unchanged = await run();
    assertEquals([unchanged.body.status, unchanged.body.items_written], ["ok", 0]);
    assertEquals(await rowVersions(w), versions, "an unchanged upstream rewrites no row");
  },
);

worldTest(
  "setlists: a 500 mid-artist and a dropped connection: partial, the rest written, re-run converges",
  async (w) => {
    await w.call(tours, { markets: [{ city: "Chicago", countryCode: "US" }], trigger: "test" });
    const ids = await w.artistIds();
    const data = await w.upstream.dataset();
    const withSetlists = data.artists.filter((a) =>
      ids.has(a.tmId) && a.mbid && a.linksMbid && (data.setlistsByMbid.get(a.mbid)?.length ?? 0) > 40
    );
    assert(withSetlists.length >= 2, "two artists with three pages of setlists");
    const [first, second] = withSetlists;
    const scope = [ids.get(first.tmId)!, ids.get(second.tmId)!];
    const run = () => w.call(setlists, { artist_ids: scope, pages: 3, trigger: "test" });

    const undisturbed = await run();
    assertEquals(undisturbed.body.status, "ok", JSON.stringify(undisturbed.body));
    const expected = await snapshot(w);
    const setlistCount = expected.setlists.length;
    assert(setlistCount > 60, `${setlistCount} setlists`);
    // forget everything setlist.fm brought, keep Ticketmaster's rows
    await w.sql`delete from public.shows where setlistfm_id is not null and ticketmaster_id is null
              and artist_id = any(${scope}::uuid[])`;
    await w.sql`delete from public.songs where artist_id = any(${scope}::uuid[])`;
    // a venue both providers name is one row (link_venue_twins): keep it as Ticketmaster's, forget setlist.fm's id
    await w.sql`update public.venues set setlistfm_id = null
              where setlistfm_id like ${`${w.ns}%`} and ticketmaster_id is not null`;
    await w.sql`delete from public.venues where setlistfm_id like ${`${w.ns}%`}`;
    await w.sql`update public.artists set setlists_synced_at = null where id = any(${scope}::uuid[])`;
    await w.clearApiCache();

    await fault(w, {
      provider: "setlistfm",
      path: `/artist/${first.mbid}/setlists`,
      query: { p: "2" },
      kind: "status",
      status: 500,
    });
    await fault(w, { provider: "setlistfm", path: `/artist/${second.mbid}/setlists`, query: { p: "3" }, kind: "drop" });
    const disturbed = await run();
    assertEquals(disturbed.body.status, "partial");
    assertEquals(
      (await errorsOf(w, disturbed.body.run_id)).map((e) => [e.provider, e.code]).sort(),
      [["setlistfm", "network"], ["setlistfm", "server_error"]],
    );
    // page 1 of the first artist and pages 1-2 of the second landed whole
    const firstPage1 = data.setlistsByMbid.get(first.mbid!)!.slice(0, 20).map((s) => String(s.id));
    const firstPage2 = data.setlistsByMbid.get(first.mbid!)!.slice(20, 40).map((s) => String(s.id));
    const [{ landed, missing }] = await w.sql`
    select count(*) filter (where setlistfm_id = any(${firstPage1}::text[]))::int as landed,
           count(*) filter (where setlistfm_id = any(${firstPage2}::text[]))::int as missing
    from public.setlists`;
    const nonEmpty = data.setlistsByMbid.get(first.mbid!)!.slice(0, 20).filter((
      s,
    ) => ((s.sets as { set: unknown[] }).set.length > 0)).length;
    assertEquals([landed, missing], [nonEmpty, 0]);
    const [synced] = await w.sql`select setlists_synced_at is null as pending from public.artists where id = ${
      scope[0]
    }::uuid`;
    assertEquals(synced.pending, true, "an artist with a failed page is not marked synced, so the next run retries it");

    await clearFaults(w);
    const rerun = await run();
    assertEquals(rerun.body.status, "ok");
    assertEquals(await snapshot(w), expected, "the re-run reaches exactly the undisturbed rows");
  },
);

worldTest(
  "songs: a Spotify 429 storm is waited out (Retry-After) and the catalog comes out as undisturbed",
  async (w) => {
    await w.call(tours, { markets: [{ city: "London", countryCode: "GB" }], trigger: "test" });
    const scope = [...(await w.artistIds()).values()].slice(0, 4);
    const run = () => w.call(songs, { artist_ids: scope, trigger: "test" });
    const undisturbed = await run();
    const expected = await snapshot(w);
    await w.sql`delete from public.songs where artist_id = any(${scope}::uuid[])`;
    await w.sql`update public.artists set songs_synced_at = null where id = any(${scope}::uuid[])`;
    await w.clearApiCache();

    await fault(w, { provider: "spotify", path: "/v1/albums/", kind: "rate_limit", retry_after: 1, times: 2, skip: 3 });
    const stormy = await run();
    assertEquals([stormy.body.status, stormy.body.items_failed], [
      undisturbed.body.status,
      undisturbed.body.items_failed,
    ]);
    const [row] = await w
      .sql`select stats -> 'calls' -> 'spotify' as calls from public.sync_runs where id = ${stormy.body.run_id}`;
    assertEquals(row.calls.rate_limited, 2);
    assertEquals(await snapshot(w), expected);
  },
);

worldTest(
  "the circuit opens on a provider that keeps failing: later markets fail fast without calls, the run fails",
  async (w) => {
    await fault(w, { provider: "ticketmaster", kind: "status", status: 500 });
    const res = await w.call(tours, { trigger: "test" });
    assertEquals(res.status, 502);
    assertEquals(res.body.status, "failed");
    const codes = (await errorsOf(w, res.body.run_id)).map((e) => e.code);
    assertEquals(codes.length, 5, "one failure per market");
    assertEquals(codes.filter((c) => c === "circuit_open").length, 4, "after the first market the circuit is open");
    assertEquals((await w.upstream.stats()).requests.ticketmaster, 3, "three attempts, then nothing more was sent");
  },
  { env: { SYNC_BREAKER_THRESHOLD: "3" } },
);

worldTest(
  "a client sent faster than the provider allows gets 429s with Retry-After and still finishes whole",
  async (w) => {
    await w.upstream.setRateLimits({ ticketmaster: { limit: 5, windowMs: 1000 } });
    const res = await w.call(tours, { page_size: PAGE, trigger: "test" });
    assertEquals([res.body.status, res.body.items_failed], ["ok", 0]);
    const [row] = await w
      .sql`select stats -> 'calls' -> 'ticketmaster' as calls from public.sync_runs where id = ${res.body.run_id}`;
    assert(row.calls.rate_limited > 0, "the upstream pushed back");
    assertEquals(row.calls.requests - row.calls.rate_limited, 15, "every page fetched exactly once in the end");
  },
  { env: { TICKETMASTER_RATE_PER_SECOND: "50" } },
);
