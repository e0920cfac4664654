// The pure mappers on synthetic fixtures in the providers' exact formats:
// every case issue 4 lists (TBA dates, missing venue or attraction, several
// attractions, non-music events, statuses, Unicode, duplicates across pages,
// missing external links, remastered/live/deluxe copies, tapes and covers,
// empty results, setlist.fm's 404).

import { assert, assertEquals } from "../../../scripts/test/assert.ts";
import { mapAttraction, mapEvents } from "../_shared/mappers/ticketmaster.ts";
import { mapCatalog, pickArtistMatch, releaseDate } from "../_shared/mappers/spotify.ts";
import { mapSetlists, parseEventDate } from "../_shared/mappers/setlistfm.ts";
import { nameConfidence } from "../_shared/mappers/artist_names.ts";
import type { TmEventsResponse } from "../_shared/providers/ticketmaster_types.ts";
import type { AlbumWithTracks } from "../_shared/mappers/spotify.ts";
import type { SpotifySearchArtists } from "../_shared/providers/spotify_types.ts";
import type { SfmSetlistsResponse } from "../_shared/providers/setlistfm_types.ts";
import { fixture } from "./support/fixtures.ts";
import { scriptedClient, scriptedServer, testPolicy } from "./support/scripted_server.ts";
import { SetlistfmApi } from "../_shared/providers/setlistfm.ts";

const page0 = await fixture<TmEventsResponse>("ticketmaster_events_page0.json");
const page1 = await fixture<TmEventsResponse>("ticketmaster_events_page1.json");
const mapped0 = mapEvents(page0._embedded!.events!);
const show = (id: string) => mapped0.shows.find((s) => s.ticketmaster_id === id);

Deno.test("ticketmaster: a dated event maps to a show at its venue with the UTC start and the local date", () => {
  assertEquals(show("vvSynth0001"), {
    ticketmaster_id: "vvSynth0001",
    name: "Synthetic Lanterns: Night Tour",
    artist_ticketmaster_id: "K8vSynthA01",
    venue_ticketmaster_id: "KovSynthV01",
    starts_at: "2027-03-15T01:00:00.000Z",
    local_date: "2027-03-14",
    date_tba: false,
    time_tba: false,
    status: "scheduled",
    ticket_url: "https://www.ticketmaster.com/event/vvSynth0001",
    billing: ["K8vSynthA01", "K8vSynthA02"],
  });
  const venue = mapped0.venues.find((v) => v.ticketmaster_id === "KovSynthV01");
  assertEquals(venue, {
    ticketmaster_id: "KovSynthV01",
    name: "Synthetic Hall",
    city: "New York",
    state: "NY",
    country: "US",
    latitude: 40.75,
    longitude: -73.99,
    timezone: "America/New_York",
    // whitespace collapsed, a blank line2 dropped; kept although a later event embeds the venue without them
    street_address: "1 Synthetic Plaza",
    postal_code: "10001",
  });
});

Deno.test("ticketmaster: the headliner comes first and support acts are kept, not dropped", () => {
  const billing = show("vvSynth0005")!.billing;
  assertEquals(billing, ["K8vSynthA05", "K8vSynthA04", "K8vSynthA01"]);
  assertEquals(show("vvSynth0005")!.artist_ticketmaster_id, "K8vSynthA05");
  for (const id of billing) assert(mapped0.artists.some((a) => a.ticketmaster_id === id), `artist ${id} is written`);
});

Deno.test("ticketmaster: external links give the Spotify id and MBID; missing or malformed links give null", () => {
  const lanterns = mapped0.artists.find((a) => a.ticketmaster_id === "K8vSynthA01")!;
  assertEquals(lanterns.spotify_id, "0SynthLanternsAAAAAAA1");
  assertEquals(lanterns.mbid, "5b11f4ce-a62d-471e-81fc-a69a8278c7da");
  assertEquals(lanterns.image_url, "https://example.invalid/lanterns_16_9_large.jpg", "the widest 16:9 image");
  assertEquals(lanterns.genres, ["Rock"], "'Undefined' is not a genre");
  const cafe = mapped0.artists.find((a) => a.ticketmaster_id === "K8vSynthA02")!;
  assertEquals([cafe.spotify_id, cafe.mbid, cafe.image_url, cafe.genres], [null, null, null, []]);
  const ros = mapped0.artists.find((a) => a.ticketmaster_id === "K8vSynthA03")!;
  assertEquals(ros.spotify_id, "3SynthRosAAAAAAAAAAAA3", "localised open.spotify.com URLs are understood");
  assertEquals(ros.mbid, null, "an MBID that is not a UUID is not used");
});

Deno.test("ticketmaster: a TBA date keeps the show with no date and no time", () => {
  const tba = show("vvSynth0002")!;
  assertEquals([tba.date_tba, tba.time_tba, tba.local_date, tba.starts_at], [true, true, null, null]);
});

Deno.test("ticketmaster: a TBA time keeps the local date but no start instant", () => {
  const s = show("vvSynth0003")!;
  assertEquals([s.date_tba, s.time_tba, s.local_date, s.starts_at], [false, true, "2027-04-02", null]);
});

Deno.test("ticketmaster: cancelled, postponed and rescheduled statuses are kept; onsale and offsale are scheduled", () => {
  assertEquals(show("vvSynth0003")!.status, "cancelled");
  assertEquals(show("vvSynth0004")!.status, "postponed");
  assertEquals(show("vvSynth0005")!.status, "rescheduled");
  assertEquals(show("vvSynth0001")!.status, "scheduled");
  assertEquals(
    mapEvents(page1._embedded!.events!).shows.find((s) => s.ticketmaster_id === "vvSynth0008")!.status,
    "scheduled",
  );
});

Deno.test("ticketmaster: an event without a venue is a show without a venue", () => {
  const s = show("vvSynth0004")!;
  assertEquals(s.venue_ticketmaster_id, null);
});

Deno.test("ticketmaster: events without attractions, non-music events and repeats are skipped with a reason", () => {
  assertEquals(mapped0.skipped, [
    { event_id: "vvSynth0006", reason: "no_attraction" },
    { event_id: "vvSynth0007", reason: "not_music" },
    { event_id: "vvSynth0001", reason: "duplicate" },
  ]);
  assert(!mapped0.artists.some((a) => a.ticketmaster_id === "K8vSynthS01"), "a sports team is not an artist");
  assertEquals(mapped0.shows.length, 5);
});

// slugs are the database's (public.slugify, called by the tours writer): supabase/tests/database/142-artist-slugs.test.sql
Deno.test("ticketmaster: Unicode names survive, a coordinate missing a half is no point", () => {
  const ros = mapped0.artists.find((a) => a.ticketmaster_id === "K8vSynthA03")!;
  assertEquals(ros.name, "Sÿnthetic Rós");
  const kaze = mapped0.artists.find((a) => a.ticketmaster_id === "K8vSynthA05")!;
  assertEquals(kaze.name, "シンセティック Kaze");
  const paris = mapped0.venues.find((v) => v.ticketmaster_id === "KovSynthV02")!;
  assertEquals([paris.name, paris.country, paris.latitude, paris.longitude], [
    "Théâtre Synthétique du Châtelet",
    "FR",
    null,
    null,
  ]);
});

Deno.test("ticketmaster: the same event on two pages maps identically on both", () => {
  const mapped1 = mapEvents(page1._embedded!.events!);
  assertEquals(mapped1.shows.find((s) => s.ticketmaster_id === "vvSynth0005"), show("vvSynth0005"));
  const both = mapEvents([...page0._embedded!.events!, ...page1._embedded!.events!]);
  assertEquals(both.shows.filter((s) => s.ticketmaster_id === "vvSynth0005").length, 1);
});

Deno.test("ticketmaster: an empty result maps to nothing", async () => {
  const empty = await fixture<TmEventsResponse>("ticketmaster_events_empty.json");
  assertEquals(mapEvents(empty._embedded?.events ?? []), { artists: [], venues: [], shows: [], skipped: [] });
});

// Song titles (parse_song_title, normalize_song_title) and the catalog collapse (collapse_spotify_tracks) are the
// database's: supabase/tests/database/140-parse-song-title.test.sql and tests/catalog_collapse.test.ts.

Deno.test("spotify: the artist's own tracks are kept as Spotify wrote them; others' tracks and local files are not", async () => {
  const catalog = await fixture<{ artist_id: string; releases: AlbumWithTracks[] }>("spotify_catalog.json");
  const mapped = mapCatalog(catalog.artist_id, catalog.releases);
  assertEquals(mapped.skipped, 2, "someone else's track and a local file");
  assertEquals(mapped.tracks.length, 12, "every credited track, copies included: the database collapses them");
  const remaster = mapped.tracks.find((t) => t.name === "Paper Boats - Remastered 2021")!;
  assertEquals([remaster.album, remaster.album_type, remaster.release_date], [
    "Paper Boats (Deluxe Edition)",
    "album",
    "2021-05-17",
  ]);
  const crowd = mapped.tracks.find((t) => t.name === "Crowd Noise")!;
  assertEquals(crowd.duration_ms, null, "a zero duration is unknown");
  const ember = mapped.tracks.find((t) => t.name === "Ember Song")!;
  assertEquals(ember.release_date, "2023-01-01", "year precision");
});

Deno.test("spotify: an empty catalog maps to no songs", () => {
  assertEquals(mapCatalog("x", []), { tracks: [], skipped: 0 });
  assertEquals(releaseDate({ id: "a", name: "a", release_date: "2019-03" }), "2019-03-01");
  assertEquals(releaseDate({ id: "a", name: "a", release_date: "" }), null);
});

Deno.test("spotify: the search match needs a confident name, not the first result", async () => {
  const search = await fixture<SpotifySearchArtists>("spotify_search_artists.json");
  const match = pickArtistMatch("Synthetic Harbor Lights", search.artists.items);
  assertEquals(match?.artist.id, "4SynthHarborLightsAAA4");
  assertEquals(match?.confidence, 1);
  assertEquals(pickArtistMatch("Synthetic Harbor Nights Orchestra", search.artists.items), null);
  assertEquals(pickArtistMatch("Anyone", []), null);
  assert(nameConfidence("Beyonce", "Beyoncé") === 1);
  assert(nameConfidence("The Synthetic Lanterns", "Synthetic Lanterns") === 1);
  assert(nameConfidence("Synthetic Harbor Lights", "Synthetic Harbor Lights Tribute Band") < 0.9);
});

Deno.test("spotify: richer fields break ties only when present", () => {
  const artists = [
    { id: "a", name: "Synthetic Twin", followers: { total: 10 } },
    { id: "b", name: "Synthetic Twin", followers: { total: 5000 } },
  ];
  assertEquals(pickArtistMatch("Synthetic Twin", artists)?.artist.id, "b");
  const devMode = [{ id: "a", name: "Synthetic Twin" }, { id: "b", name: "Synthetic Twin" }];
  assertEquals(pickArtistMatch("Synthetic Twin", devMode)?.artist.id, "a", "without followers, Spotify's order");
});

Deno.test("setlist.fm: songs keep order across sets, with encores, tapes, covers, guests and notes", async () => {
  const body = await fixture<SfmSetlistsResponse>("setlistfm_setlists_page1.json");
  const mapped = mapSetlists(body.setlist!, "5b11f4ce-a62d-471e-81fc-a69a8278c7da");
  const first = mapped.setlists[0];
  assertEquals(first.event_date, "2026-09-14");
  assertEquals(first.venue, {
    setlistfm_id: "6bd6ca6e",
    name: "Théâtre Synthétique",
    city: "Paris",
    state: "Île-de-France",
    country: "FR",
    latitude: 48.85,
    longitude: 2.35,
    timezone: "Europe/Paris",
  });
  assertEquals(
    first.songs.map((
      s,
    ) => [
      s.position,
      s.set_number,
      s.is_encore,
      s.title,
      s.is_tape,
      s.is_cover,
      s.cover_artist,
      s.guest_artist,
      s.info,
    ]),
    [
      [1, 1, false, "Intro", true, false, null, null, null],
      [2, 1, false, "Paper Boats", false, false, null, null, null],
      [3, 1, false, "Café Lumière", false, false, null, null, "first time since 2024"],
      [4, 1, false, "Harbour & Home", false, false, null, "Synthetic Guest", null],
      [5, 1, false, "Dancing in the Synthetic Dark", false, true, "Synthetic Springsteen Tribute", null, null],
      [6, 2, true, "Slow Tide", false, false, null, null, null],
      [7, 2, true, "Paper Boats", false, false, null, null, "reprise"],
    ],
  );
  assertEquals(first.tour_name, "Synthetic Night Tour");
});

Deno.test("setlist.fm: empty setlists, impossible dates and other artists are skipped with a reason", async () => {
  const body = await fixture<SfmSetlistsResponse>("setlistfm_setlists_page1.json");
  const mapped = mapSetlists(body.setlist!, "5b11f4ce-a62d-471e-81fc-a69a8278c7da");
  assertEquals(mapped.setlists.map((s) => s.setlistfm_id), ["63de4613", "53de4617"]);
  assertEquals(mapped.skipped, [
    { setlistfm_id: "43de4619", reason: "no_songs" },
    { setlistfm_id: "33de461b", reason: "bad_date" },
    { setlistfm_id: "23de461d", reason: "other_artist" },
  ]);
  assertEquals(mapped.setlists[1].artist_mbid, "5b11f4ce-a62d-471e-81fc-a69a8278c7da", "MBIDs compare lower-case");
  assertEquals(parseEventDate("29-02-2028"), "2028-02-29");
  assertEquals(parseEventDate("2026-09-14"), null);
});

Deno.test("setlist.fm: a 404 and an empty page both mean no setlists", async () => {
  // setlist.fm answers "no results" with a 404: the API gives null, not an error, and counts no failure
  const notFound = await Deno.readTextFile(new URL("./fixtures/setlistfm_not_found.json", import.meta.url));
  const server = scriptedServer([{ status: 404, body: notFound }]);
  try {
    const { client, stats } = scriptedClient(testPolicy({ provider: "setlistfm" }));
    const api = new SetlistfmApi(client, server.url, "test-key");
    assertEquals(await api.artistSetlists("5b11f4ce-a62d-471e-81fc-a69a8278c7da", 1), null);
    assertEquals(await api.searchSetlists({ artistName: "Nobody Plays Here" }), null);
    assertEquals(server.requests.length, 2, "asked once each, no retries");
    assertEquals(server.requests[0].headers.get("x-api-key"), "test-key");
    assertEquals([stats.byProvider.setlistfm.requests, stats.byProvider.setlistfm.failures], [2, 0]);
  } finally {
    await server.close();
  }
  assertEquals(mapSetlists([]), { setlists: [], skipped: [] });
});

Deno.test("ticketmaster: an attraction's synthetic: true is carried; absent or anything but true is false", () => {
  const base = { name: "Demo Act", classifications: [{ segment: { name: "Music" } }] };
  const marked = mapAttraction({ ...base, id: "K8vDemo01", synthetic: true })!;
  assertEquals(marked.synthetic, true, "the demo upstream's flag");
  assertEquals(mapAttraction({ ...base, id: "K8vReal01" })!.synthetic, false, "real Ticketmaster never sends it");
  assertEquals(
    mapAttraction({ ...base, id: "K8vOdd01", synthetic: "true" as unknown as boolean })!.synthetic,
    false,
    "only the boolean true counts",
  );
  // every artist of the fixtures' real-format pages says nothing, so every one is real
  assert(mapped0.artists.length > 0 && mapped0.artists.every((a) => a.synthetic === false));

  // through mapEvents: each billed attraction keeps its own flag
  const [event] = page0._embedded!.events!.filter((e) => (e._embedded?.attractions?.length ?? 0) > 1);
  const attractions = event._embedded!.attractions!.map((a, i) => i === 0 ? { ...a, synthetic: true } : a);
  const mapped = mapEvents([{ ...event, _embedded: { ...event._embedded, attractions } }]);
  assertEquals(
    mapped.artists.map((a) => [a.ticketmaster_id, a.synthetic]),
    attractions.map((a, i) => [a.id, i === 0]),
  );
});

Deno.test("ticketmaster: the demo upstream's attractions all map to synthetic artists", async () => {
  const { openNamespace } = await import("./support/upstream.ts");
  const upstream = await openNamespace({ namespace: `tsyn${crypto.randomUUID().slice(0, 6)}` });
  try {
    const artist = (await upstream.dataset()).artists[0];
    const res = await fetch(
      `${upstream.url}/discovery/v2/attractions/${artist.tmId}.json?apikey=synthetic-demo-ticketmaster-key`,
    );
    assertEquals(res.status, 200);
    assertEquals(mapAttraction(await res.json())?.synthetic, true);
  } finally {
    await upstream.close();
  }
});
