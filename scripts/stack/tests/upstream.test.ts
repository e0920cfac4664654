// The demo upstream's contract: the synthetic data is deterministic, labelled
// and big enough to fill the app, and every path the sync uses answers in the
// provider's format with the provider's rules (Ticketmaster's paging depth,
// Spotify's limit of 10 and Basic auth, setlist.fm's 404), its own quotas
// (429 + Retry-After), ETags, and faults on request.

import { assert, assertEquals, assertMatch } from "../../test/assert.ts";
import { generateDataset } from "../upstream/fixtures.ts";
import { createUpstream, DEMO_CREDENTIALS, type Upstream } from "../upstream/server.ts";

const TODAY = "2026-11-25";

async function get(up: Upstream, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${up.url}${path}`, { headers });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch { /* not JSON */ }
  // deno-lint-ignore no-explicit-any -- provider JSON, asserted field by field
  return { status: res.status, headers: res.headers, body: body as any, text };
}

function withUpstream(name: string, fn: (up: Upstream) => Promise<void>) {
  Deno.test(name, async () => {
    // quotas far above this test's pace; the quota test sets its own
    const up = createUpstream({
      today: TODAY,
      rateLimits: { ticketmaster: { limit: 1000, windowMs: 1000 }, setlistfm: { limit: 1000, windowMs: 1000 } },
    });
    try {
      await fn(up);
    } finally {
      await up.close();
    }
  });
}

const tm = (path: string) => `${path}${path.includes("?") ? "&" : "?"}apikey=${DEMO_CREDENTIALS.ticketmasterApiKey}`;
const sfm = { "x-api-key": DEMO_CREDENTIALS.setlistfmApiKey, Accept: "application/json" };

async function spotifyToken(up: Upstream): Promise<string> {
  const res = await fetch(`${up.url}/api/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${btoa(`${DEMO_CREDENTIALS.spotifyClientId}:${DEMO_CREDENTIALS.spotifyClientSecret}`)}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  return (await res.json()).access_token;
}

Deno.test("the dataset: deterministic, synthetic, and big enough to fill the app", () => {
  const a = generateDataset({ today: TODAY });
  const b = generateDataset({ today: TODAY });
  assertEquals(JSON.stringify(a.events), JSON.stringify(b.events), "same seed and day, same data");
  const other = generateDataset({ today: TODAY, namespace: "t1" });
  assertEquals(other.artists.map((x) => x.name), a.artists.map((x) => x.name), "a namespace changes ids only");
  assert(other.artists.every((x) => x.tmId.startsWith("K8vZ9t1")));

  assertEquals(a.artists.filter((x) => x.inMarkets).length, 40);
  const music = a.events.filter((e) =>
    e.isMusic && e.market && ["New York", "Los Angeles", "Chicago", "London", "Montréal"].includes(e.market.city)
  );
  assertEquals(music.length, 300, "300 events over 5 markets");
  assertEquals(new Set(music.map((e) => e.market!.city)).size, 5);
  const statuses = music.map((e) => (e.json.dates as { status: { code: string } }).status.code);
  for (const code of ["cancelled", "postponed", "rescheduled"]) assert(statuses.includes(code), code);
  assert(music.some((e) => e.localDate === null), "a TBA date");
  assert(music.some((e) => !(e.json._embedded as Record<string, unknown>).venues), "a missing venue");
  assert(music.some((e) => e.attractionIds.length === 0), "an event without an attraction");
  assert(music.some((e) => e.attractionIds.length >= 3), "a multi-attraction event");
  assert(a.events.some((e) => !e.isMusic), "a non-music event");
  assert(
    a.artists.some((x) => /[^ -~]/.test(x.name)) && a.artists.some((x) => /\p{Script=Katakana}/u.test(x.name)),
  );
  assert(a.events.every((e) => e.json.synthetic === true), "every event says it is synthetic");

  const tracks = [...a.tracksByAlbum.values()].flat().map((t) => String(t.name));
  for (const copy of [/ - Remastered \d{4}$/, / - Live$/, / - Radio Edit$/, / - Demo$/]) {
    assert(tracks.some((t) => copy.test(t)), String(copy));
  }
  assert([...a.albumsByArtist.values()].flat().some((x) => /\(Deluxe Edition\)/.test(String(x.name))));
  const dates = a.allSetlists.map((s) => String(s.eventDate).split("-").reverse().join("-")).sort();
  assert(dates[0] <= "2024-12-10" && dates.at(-1)! < TODAY, `two years of setlists: ${dates[0]}..${dates.at(-1)}`);
  const songs = a.allSetlists.flatMap((s) =>
    (s.sets as { set: { song: Record<string, unknown>[] }[] }).set.flatMap((x) => x.song)
  );
  assert(songs.some((s) => s.tape) && songs.some((s) => s.cover) && songs.some((s) => s.with));
  assert(a.allSetlists.some((s) => (s.sets as { set: unknown[] }).set.length === 0), "an empty setlist");
});

withUpstream("Ticketmaster: key required, paging objects, size * page < 1000, music only, date window", async (up) => {
  const noKey = await get(up, "/discovery/v2/events.json");
  assertEquals(noKey.status, 401);
  assertEquals(noKey.body.fault.detail.errorcode, "steps.oauth.v2.FailedToResolveAPIKey");
  const wrongKey = await get(up, "/discovery/v2/events.json?apikey=guess");
  assertEquals([wrongKey.status, wrongKey.body.fault.faultstring], [401, "Invalid ApiKey"]);

  const page = await get(up, tm("/discovery/v2/events.json?classificationName=music&city=Chicago&size=25&page=1"));
  assertEquals(page.status, 200);
  assertEquals(page.body.page, { size: 25, totalElements: 60, totalPages: 3, number: 1 });
  assertEquals(page.body._embedded.events.length, 25);
  assertEquals(Object.keys(page.body._links).sort(), ["first", "last", "next", "prev", "self"]);
  assert(!page.body._links.self.href.includes("apikey"), "links never echo the key");

  const deep = await get(up, tm("/discovery/v2/events.json?size=200&page=5"));
  assertEquals(deep.status, 400);
  assertEquals(deep.body.errors[0].code, "DIS1035");
  const edge = await get(up, tm("/discovery/v2/events.json?size=199&page=5"));
  assertEquals(edge.status, 200, "199 * 5 = 995 is still allowed");

  const all = await get(up, tm("/discovery/v2/events.json?city=Chicago&size=200"));
  const music = await get(up, tm("/discovery/v2/events.json?city=Chicago&size=200&classificationName=music"));
  assertEquals(all.body.page.totalElements - music.body.page.totalElements, 1, "the hockey night is not music");

  const badDate = await get(up, tm("/discovery/v2/events.json?startDateTime=2026-11-25"));
  assertEquals([badDate.status, badDate.body.errors[0].code], [400, "DIS1015"]);
  const window = await get(
    up,
    tm(`/discovery/v2/events.json?city=Chicago&size=200&endDateTime=${TODAY.slice(0, 4)}-12-31T23:59:59Z`),
  );
  assert(window.body.page.totalElements < music.body.page.totalElements, "the end of the window is applied");

  const attraction = up.dataset.artists[0].tmId;
  const one = await get(up, tm(`/discovery/v2/attractions/${attraction}.json`));
  assertEquals([one.status, one.body.id, one.body.synthetic], [200, attraction, true]);
  const none = await get(up, tm("/discovery/v2/attractions/K8vZ9nope.json"));
  assertEquals([none.status, none.body.errors[0].code], [404, "DIS1004"]);
});

withUpstream(
  "Spotify: Basic auth checked, Bearer required, limit at most 10, paging by offset, no top-tracks",
  async (up) => {
    const badClient = await fetch(`${up.url}/api/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${btoa("someone:else")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    assertEquals([badClient.status, (await badClient.json()).error], [400, "invalid_client"]);
    const noToken = await get(up, "/v1/search?q=glass&type=artist");
    assertEquals([noToken.status, noToken.body.error.message], [401, "No token provided"]);

    const token = await spotifyToken(up);
    const auth = { Authorization: `Bearer ${token}` };
    const tooMany = await get(up, "/v1/search?q=glass&type=artist&limit=11", auth);
    assertEquals([tooMany.status, tooMany.body], [400, { error: { status: 400, message: "Invalid limit" } }]);
    const search = await get(up, "/v1/search?q=Glass%20Orchard&type=artist&limit=10", auth);
    assertEquals(search.body.artists.items[0].name, "Glass Orchard");
    assert(!("popularity" in search.body.artists.items[0]) && !("followers" in search.body.artists.items[0]));

    const busy = up.dataset.artists.find((a) =>
      a.spotifyId && (up.dataset.albumsByArtist.get(a.spotifyId)?.length ?? 0) > 10
    )!;
    const first = await get(up, `/v1/artists/${busy.spotifyId}/albums?include_groups=album,single&limit=10`, auth);
    assertEquals(first.body.items.length, 10);
    assertMatch(first.body.next, /offset=10/);
    const second = await get(up, new URL(first.body.next).pathname + new URL(first.body.next).search, auth);
    assertEquals(second.body.offset, 10);
    assertEquals(second.body.next, null);
    const over = await get(up, `/v1/artists/${busy.spotifyId}/albums?limit=20`, auth);
    assertEquals(over.status, 400);
    const top = await get(up, `/v1/artists/${busy.spotifyId}/top-tracks`, auth);
    assertEquals(top.status, 403, "gone for development-mode apps");
  },
);

withUpstream(
  "setlist.fm: key and JSON required, 20 a page from 1, 404 in its own words when there is nothing",
  async (up) => {
    const [mbid, list] = [...up.dataset.setlistsByMbid].find(([, l]) => l.length > 20)!;
    assertEquals((await get(up, `/rest/1.0/artist/${mbid}/setlists?p=1`, { Accept: "application/json" })).status, 403);
    const page1 = await get(up, `/rest/1.0/artist/${mbid}/setlists?p=1`, sfm);
    assertEquals([page1.body.type, page1.body.itemsPerPage, page1.body.page, page1.body.total], [
      "setlists",
      20,
      1,
      list.length,
    ]);
    assertEquals(page1.body.setlist.length, 20);
    const past = await get(up, `/rest/1.0/artist/${mbid}/setlists?p=${Math.ceil(list.length / 20) + 1}`, sfm);
    assertEquals(past.status, 404);
    assertEquals({ code: past.body.code, status: past.body.status, message: past.body.message }, {
      code: 404,
      status: "Not Found",
      message: "not found",
    });
    const unknown = await get(up, "/rest/1.0/artist/00000000-0000-4000-8000-000000000000/setlists?p=1", sfm);
    assertEquals(unknown.status, 404);
    const search = await get(up, `/rest/1.0/search/setlists?artistMbid=${mbid}&p=1`, sfm);
    assertEquals(search.body.total, list.length);
  },
);

withUpstream("its own quotas: past the limit a 429 in the provider's format, with Retry-After", async (up) => {
  up.rateLimits.limits.setlistfm = { limit: 2, windowMs: 1000 };
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push(await get(up, "/rest/1.0/search/setlists?year=2026", sfm));
  assertEquals(statuses.map((s) => s.status), [200, 200, 429]);
  assertEquals(statuses[2].headers.get("retry-after"), "1");
  assertEquals(statuses[2].body.code, 429);
});

withUpstream("ETags: a repeated request with If-None-Match is a 304", async (up) => {
  const first = await get(up, tm("/discovery/v2/events.json?city=London"));
  const etag = first.headers.get("etag")!;
  assertMatch(etag, /^"[0-9a-f]+"$/);
  const again = await fetch(`${up.url}${tm("/discovery/v2/events.json?city=London")}`, {
    headers: { "If-None-Match": etag },
  });
  assertEquals(again.status, 304);
  await again.body?.cancel();
});

withUpstream("faults on request: validated, applied to the matching requests only, counted, and reset", async (up) => {
  const refused = await fetch(`${up.url}/__control/faults`, {
    method: "POST",
    body: JSON.stringify({ kind: "explode" }),
  });
  assertEquals(refused.status, 400);
  await refused.body?.cancel();
  const added = await fetch(`${up.url}/__control/faults`, {
    method: "POST",
    body: JSON.stringify([
      { provider: "ticketmaster", query: { page: "1" }, kind: "status", status: 503, times: 1 },
      { provider: "ticketmaster", query: { page: "2" }, kind: "malformed" },
    ]),
  });
  assertEquals(added.status, 201);
  await added.body?.cancel();
  assertEquals((await get(up, tm("/discovery/v2/events.json?page=0&size=5"))).status, 200);
  assertEquals((await get(up, tm("/discovery/v2/events.json?page=1&size=5"))).status, 503);
  assertEquals((await get(up, tm("/discovery/v2/events.json?page=1&size=5"))).status, 200, "times: 1");
  const malformed = await get(up, tm("/discovery/v2/events.json?page=2&size=5"));
  assertEquals([malformed.status, malformed.body], [200, null], "a 200 whose body does not parse");
  const stats = await get(up, "/__control/stats");
  assertEquals(stats.body.requests.ticketmaster, 4);
  const reset = await fetch(`${up.url}/__control/reset`, { method: "POST" });
  await reset.body?.cancel();
  assertEquals((await get(up, tm("/discovery/v2/events.json?page=2&size=5"))).status, 200);
  assertEquals(up.requests.ticketmaster, 1, "counters start again");
});
