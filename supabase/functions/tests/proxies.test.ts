// The SPA's proxies (ticketmaster, spotify): CORS, every input checked with a
// 400 naming the field, answers shaped for the app, and provider trouble as
// statuses the app can act on (429 with Retry-After, 502, 503).

import { assert, assertEquals, assertMatch } from "../../../scripts/test/assert.ts";
import { handler as ticketmaster } from "../ticketmaster/handler.ts";
import { handler as spotify } from "../spotify/handler.ts";
import { handler as tours } from "../sync-popular-tours/handler.ts";
import { sleep } from "./support/stack.ts";
import { fault, PUBLISHABLE_KEY, worldTest } from "./support/world.ts";

const proxyTest = worldTest;

// an anonymous visitor as supabase-js sends one to a function: the publishable key in apikey, no Bearer;
// the platform's edge adds the address it connected from (Cloudflare's cf-connecting-ip)
const anon = { apikey: PUBLISHABLE_KEY, "cf-connecting-ip": "192.0.2.60" };

proxyTest("CORS: preflight answered at once, every answer carries the headers", async () => {
  for (const handler of [ticketmaster, spotify]) {
    const pre = await handler(new Request("http://x/", { method: "OPTIONS" }));
    assertEquals(pre.status, 200);
    assertEquals(pre.headers.get("access-control-allow-origin"), "*");
    assertMatch(pre.headers.get("access-control-allow-headers")!, /authorization, x-client-info, apikey, content-type/);
    const bad = await handler(new Request("http://x/", { method: "POST", body: "{}" }));
    assertEquals(bad.headers.get("access-control-allow-origin"), "*");
  }
});

proxyTest("bad input is a 400 that names the field", async (w) => {
  const cases: [typeof ticketmaster, unknown, string, string][] = [
    [ticketmaster, {}, "invalid_action", "action"],
    [ticketmaster, { action: "drop_tables" }, "invalid_action", "action"],
    [ticketmaster, { action: "search_artists" }, "invalid_input", "query"],
    [ticketmaster, { action: "search_artists", query: "   " }, "invalid_input", "query"],
    [ticketmaster, { action: "search_artists", query: "x".repeat(101) }, "invalid_input", "query"],
    [ticketmaster, { action: "search_artists", query: "glass", size: 21 }, "invalid_input", "size"],
    [ticketmaster, { action: "search_events" }, "invalid_input", "query"],
    [ticketmaster, { action: "search_events", city: "Chicago", country_code: "USA" }, "invalid_input", "country_code"],
    [ticketmaster, { action: "import_artist" }, "invalid_input", "ticketmaster_id"],
    [spotify, { action: "search_artists", query: "glass", limit: 11 }, "invalid_input", "limit"],
    [spotify, { action: "search_tracks", query: "tide", limit: 0 }, "invalid_input", "limit"],
    [spotify, { action: "artist_catalog" }, "invalid_input", "spotify_id"],
    [spotify, { action: "artist_catalog", spotify_id: "short" }, "invalid_input", "spotify_id"],
    [spotify, { action: "artist_catalog", artist_id: "nope" }, "invalid_input", "artist_id"],
  ];
  for (const [handler, body, code, field] of cases) {
    const res = await w.call(handler, body, anon);
    assertEquals(res.status, 400, JSON.stringify(body));
    assertEquals([res.body.code, res.body.details?.field], [code, field], JSON.stringify(body));
  }
  const json = await w.call(ticketmaster, "{oops", anon);
  assertEquals([json.status, json.body.code], [400, "invalid_json"]);
  const put = await ticketmaster(new Request("http://x/", { method: "PUT", body: "{}", headers: anon }));
  assertEquals(put.status, 405);
  assertEquals(
    (await w.upstream.stats()).requests.ticketmaster + (await w.upstream.stats()).requests.spotify,
    0,
    "nothing reached a provider",
  );
});

proxyTest(
  "ticketmaster: artist search says which artists TheSet has; events search by city, also over GET",
  async (w) => {
    await w.call(tours, { markets: [{ city: "Chicago", countryCode: "US" }], trigger: "test" });
    const res = await w.call(ticketmaster, { action: "search_artists", query: "Harbor Lights" }, anon);
    assertEquals(res.status, 200);
    const harbors = res.body.artists.filter((a: { name: string }) => a.name === "Harbor Lights");
    assertEquals(harbors.length, 2, "two acts share the name; both are offered");

    const ids = await w.artistIds();
    const synced = (await w.upstream.dataset()).artists.find((a) => ids.has(a.tmId) && /^[A-Za-z ]+$/.test(a.name))!;
    const unsynced = (await w.upstream.dataset()).artists.find((a) => !a.inMarkets)!;
    for (const [artist, expected] of [[synced, ids.get(synced.tmId)], [unsynced, null]] as const) {
      const found = await w.call(ticketmaster, { action: "search_artists", query: artist.name }, anon);
      const hit = found.body.artists.find((a: { ticketmaster_id: string }) => a.ticketmaster_id === artist.tmId);
      assertEquals(hit.artist?.id ?? null, expected, `${artist.name}: in TheSet or not`);
      assertEquals(typeof hit.upcoming_events, "number");
      assert(hit.image_url.startsWith(w.upstream.url));
    }

    const get = await ticketmaster(
      new Request(`http://x/?action=search_events&city=Chicago&country_code=us&size=5`, { headers: anon }),
    );
    assertEquals(get.status, 200);
    const events = (await get.json()).events;
    assertEquals(events.length, 5);
    assert(events.every((e: { artists: { name: string }[] }) => e.artists.length > 0 && e.artists[0].name));
    const linked = events.filter((e: { show_id: string | null }) => e.show_id !== null);
    assertEquals(linked.length, 5, "each event links to the show TheSet already has");
  },
);

proxyTest("ticketmaster: the same events search twice, seconds apart, asks Ticketmaster once", async (w) => {
  const search = { action: "search_events", city: "Chicago", country_code: "US", size: 5 };
  const hour = () => Math.floor(Date.now() / 3_600_000);
  // searches start on the hour, so a pair straddling the hour asks twice by design: repeated once
  for (let attempt = 1;; attempt++) {
    const hourBefore = hour();
    await w.clearApiCache();
    const asked = (await w.upstream.stats()).requests.ticketmaster;
    const first = await w.call(ticketmaster, search, anon);
    assertEquals(first.status, 200);
    const before = (await w.upstream.stats()).requests.ticketmaster;
    assertEquals(before, asked + 1);
    // past a whole second: a start time to the second would make a new cache key
    await sleep(1100);
    const second = await w.call(ticketmaster, search, anon);
    assertEquals(second.status, 200);
    if (hour() !== hourBefore && attempt === 1) continue;
    assertEquals(second.body.events, first.body.events);
    assertEquals(
      (await w.upstream.stats()).requests.ticketmaster,
      before,
      "the second search is answered from api_cache",
    );
    break;
  }
});

proxyTest("spotify: artist search, a catalog with copies collapsed, track search within an artist", async (w) => {
  const lanterns = (await w.upstream.dataset()).artists.find((a) => a.name === "The Paper Lanterns")!;
  const search = await w.call(spotify, { action: "search_artists", query: "Paper Lanterns" }, anon);
  assertEquals(search.status, 200);
  assertEquals(search.body.artists[0].spotify_id, lanterns.spotifyId);

  const catalog = await w.call(spotify, { action: "artist_catalog", spotify_id: lanterns.spotifyId }, anon);
  assertEquals(catalog.status, 200);
  const titles = catalog.body.songs.map((s: { title: string }) => s.title);
  assertEquals(new Set(titles).size, titles.length, "one entry per song");
  assert(!titles.some((t: string) => / - (Remastered|Live|Radio Edit)/.test(t)));

  const title = lanterns.songs[0];
  const tracks = await w.call(
    spotify,
    { action: "search_tracks", query: title, artist: lanterns.name, limit: 5 },
    anon,
  );
  assertEquals(tracks.status, 200);
  assert(tracks.body.tracks.length > 0);
  for (const t of tracks.body.tracks) {
    assert(
      t.artists.some((a: { spotify_id: string }) => a.spotify_id === lanterns.spotifyId),
      "only that artist's tracks",
    );
  }

  const unknownArtist = await w.call(spotify, { action: "artist_catalog", artist_id: crypto.randomUUID() }, anon);
  assertEquals([unknownArtist.status, unknownArtist.body.code], [404, "artist_not_found"]);
});

proxyTest(
  "provider trouble: 502 when it fails, 429 with Retry-After when it paces us, 503 without a key",
  async (w) => {
    await fault(w, { provider: "ticketmaster", path: "/attractions.json", kind: "status", status: 500 });
    const down = await w.call(ticketmaster, { action: "search_artists", query: "glass" }, anon);
    assertEquals([down.status, down.body.code], [502, "upstream_unavailable"]);

    await fault(w, { provider: "spotify", path: "/v1/search", kind: "rate_limit", retry_after: 3600 });
    const paced = await spotify(
      new Request("http://x/", {
        method: "POST",
        headers: anon,
        body: JSON.stringify({ action: "search_artists", query: "glass" }),
      }),
    );
    assertEquals(paced.status, 429);
    assertEquals((await paced.json()).code, "upstream_rate_limited");
    assert(paced.headers.get("retry-after"), "the app is told when to try again");

    Deno.env.delete("SPOTIFY_CLIENT_SECRET");
    try {
      const off = await w.call(spotify, { action: "search_tracks", query: "tide" }, anon);
      assertEquals([off.status, off.body.code], [503, "provider_not_configured"]);
    } finally {
      Deno.env.set("SPOTIFY_CLIENT_SECRET", w.keys.spotifySecret);
    }
  },
);
