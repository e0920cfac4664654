// The page writers against the stack's Postgres: keyed by provider ids, one
// transaction per page, unchanged rows never rewritten (their xmin stays),
// dry runs counted and rolled back, and a failing statement leaving nothing.

import postgres from "postgres";
import { assert, assertEquals, assertRejects } from "../../../scripts/test/assert.ts";
import { openSql } from "../_shared/db.ts";
import { mapEvents, type MappedEvents } from "../_shared/mappers/ticketmaster.ts";
import { type AlbumWithTracks, mapCatalog } from "../_shared/mappers/spotify.ts";
import { mapSetlists } from "../_shared/mappers/setlistfm.ts";
import type { TmEventsResponse } from "../_shared/providers/ticketmaster_types.ts";
import type { SfmSetlistsResponse } from "../_shared/providers/setlistfm_types.ts";
import { writeEventsPage } from "../_shared/writers/tours.ts";
import { writeCatalog } from "../_shared/writers/songs.ts";
import { writeSetlistsPage } from "../_shared/writers/setlists.ts";
import { fixture } from "./support/fixtures.ts";
import { DB_URL } from "./support/world.ts";

const sql = openSql(DB_URL, 2);
const page0 = await fixture<TmEventsResponse>("ticketmaster_events_page0.json");
const page1 = await fixture<TmEventsResponse>("ticketmaster_events_page1.json");
const catalog = await fixture<{ artist_id: string; releases: AlbumWithTracks[] }>("spotify_catalog.json");
const setlistPage = await fixture<SfmSetlistsResponse>("setlistfm_setlists_page1.json");
const LANTERNS_MBID = "5b11f4ce-a62d-471e-81fc-a69a8278c7da";

async function clean() {
  await sql`delete from public.artists where ticketmaster_id like 'K8vSynth%' or slug like 'the-synthetic-lanterns%'`;
  await sql`delete from public.venues where ticketmaster_id like 'KovSynth%' or setlistfm_id in ('6bd6ca6e', '3bd6c4a4')`;
}

async function versions(table: "artists" | "venues" | "shows" | "show_artists"): Promise<string[]> {
  const rows = await sql.unsafe<{ v: string }[]>(
    table === "show_artists"
      ? `select sa.show_id || ':' || sa.artist_id || ':' || sa.xmin as v from public.show_artists sa
         join public.artists a on a.id = sa.artist_id where a.ticketmaster_id like 'K8vSynth%' order by 1`
      : table === "shows"
      ? `select s.id || ':' || s.xmin as v from public.shows s join public.artists a on a.id = s.artist_id
         where a.ticketmaster_id like 'K8vSynth%' order by 1`
      : `select id || ':' || xmin as v from public.${table} where ticketmaster_id like '${
        table === "venues" ? "KovSynth" : "K8vSynth"
      }%' order by 1`,
  );
  return rows.map((r) => r.v);
}

async function lanternsId(): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select id::text from public.artists where ticketmaster_id = 'K8vSynthA01'`;
  return row.id;
}

/** Ticketmaster pages: written once, unchanged rows left alone, changes written exactly */
async function tourPageSteps(t: Deno.TestContext): Promise<void> {
  await t.step("a page is written once: artists, venues, shows, billing", async () => {
    const counts = await writeEventsPage(sql, mapEvents(page0._embedded!.events!));
    assertEquals(counts, {
      artists: { inserted: 5, updated: 0 },
      venues: { inserted: 3, updated: 0 },
      shows: { inserted: 5, updated: 0 },
      show_artists: { inserted: 8, updated: 0, deleted: 0 },
    });
    const [show] = await sql`
          select s.name, s.status::text, s.local_date::text, v.name as venue, a.name as headliner
          from public.shows s join public.artists a on a.id = s.artist_id left join public.venues v on v.id = s.venue_id
          where s.ticketmaster_id = 'vvSynth0003'`;
    assertEquals(show, {
      name: "Sÿnthetic Rós — Tónleikar",
      status: "cancelled",
      local_date: "2027-04-02",
      venue: "Théâtre Synthétique du Châtelet",
      headliner: "Sÿnthetic Rós",
    });
  });

  await t.step("the same page again changes no row at all", async () => {
    const before = await Promise.all([
      versions("artists"),
      versions("venues"),
      versions("shows"),
      versions("show_artists"),
    ]);
    const counts = await writeEventsPage(sql, mapEvents(page0._embedded!.events!));
    assertEquals(counts, {
      artists: { inserted: 0, updated: 0 },
      venues: { inserted: 0, updated: 0 },
      shows: { inserted: 0, updated: 0 },
      show_artists: { inserted: 0, updated: 0, deleted: 0 },
    });
    const after = await Promise.all([
      versions("artists"),
      versions("venues"),
      versions("shows"),
      versions("show_artists"),
    ]);
    assertEquals(after, before, "every row keeps its xmin");
  });

  await t.step(
    "last_seen_at is refreshed once it is older than the database's show_last_seen_refresh()",
    async () => {
      // the writer and sync_health read the one interval; a show seen inside it is left alone
      const setLastSeen = (offset: string) =>
        sql.unsafe(
          `update public.shows set last_seen_at = now() - public.show_last_seen_refresh() + interval '${offset}'
             where ticketmaster_id = 'vvSynth0001'`,
        );
      await setLastSeen("1 minute");
      const inside = await writeEventsPage(sql, mapEvents(page0._embedded!.events!));
      assertEquals(inside.shows, { inserted: 0, updated: 0 }, "seen within the interval: untouched");
      await setLastSeen("-1 minute");
      const outside = await writeEventsPage(sql, mapEvents(page0._embedded!.events!));
      assertEquals(outside.shows, { inserted: 0, updated: 1 }, "older than the interval: refreshed");
      const [{ fresh }] = await sql`
          select last_seen_at > now() - interval '1 minute' as fresh from public.shows where ticketmaster_id = 'vvSynth0001'`;
      assertEquals(fresh, true);
    },
  );

  await t.step(
    "an event seen again on the next page stays one show, and thinner venue data erases nothing",
    async () => {
      const counts = await writeEventsPage(sql, mapEvents(page1._embedded!.events!));
      assertEquals(counts.shows, { inserted: 1, updated: 0 }, "only vvSynth0008 is new");
      assertEquals(counts.venues, { inserted: 0, updated: 0 });
      const [{ n }] = await sql`select count(*)::int as n from public.shows where ticketmaster_id = 'vvSynth0005'`;
      assertEquals(n, 1);
      const [hall] = await sql`select state, latitude from public.venues where ticketmaster_id = 'KovSynthV01'`;
      assertEquals(hall, { state: "NY", latitude: 40.75 });
    },
  );

  await t.step("a changed detail rewrites exactly that row", async () => {
    const before = await versions("shows");
    const events = structuredClone(page0._embedded!.events!);
    events[3].dates!.status!.code = "cancelled";
    const counts = await writeEventsPage(sql, mapEvents(events));
    assertEquals(counts.shows, { inserted: 0, updated: 1 });
    const after = await versions("shows");
    assertEquals(after.filter((v) => !before.includes(v)).length, 1, "one show has a new version");
    const [row] = await sql`select status::text from public.shows where ticketmaster_id = 'vvSynth0004'`;
    assertEquals(row.status, "cancelled");
  });

  await t.step("a support act dropped from the billing is removed; the headliner stays first", async () => {
    const events = structuredClone(page1._embedded!.events!);
    events[0]._embedded!.attractions = events[0]._embedded!.attractions!.slice(0, 2);
    const counts = await writeEventsPage(sql, mapEvents(events));
    assertEquals(counts.show_artists, { inserted: 0, updated: 0, deleted: 1 });
    const billing = await sql`
          select a.ticketmaster_id, sa.billing_position from public.show_artists sa
          join public.shows s on s.id = sa.show_id join public.artists a on a.id = sa.artist_id
          where s.ticketmaster_id = 'vvSynth0005' order by sa.billing_position`;
    assertEquals(billing.map((b) => [b.ticketmaster_id, b.billing_position]), [["K8vSynthA05", 0], [
      "K8vSynthA04",
      1,
    ]]);
  });
}

/** Ticketmaster pages: completed shows, slug clashes, dry runs, a failing statement */
async function tourPageEdgeSteps(t: Deno.TestContext): Promise<void> {
  await t.step("a completed show stays completed when Ticketmaster still lists it", async () => {
    await sql`update public.shows set status = 'completed' where ticketmaster_id = 'vvSynth0001'`;
    const counts = await writeEventsPage(sql, mapEvents([page0._embedded!.events![0]]));
    assertEquals(counts.shows, { inserted: 0, updated: 0 });
    const [row] = await sql`select status::text from public.shows where ticketmaster_id = 'vvSynth0001'`;
    assertEquals(row.status, "completed");
  });

  await t.step("an artist whose name is taken gets a distinct, stable slug", async () => {
    const twin = mapEvents([{
      id: "vvSynthTwin",
      dates: { start: { localDate: "2027-09-09" } },
      _embedded: { attractions: [{ id: "K8vSynthTwin", name: "The Synthetic Lanterns" }] },
    }]);
    await writeEventsPage(sql, twin);
    const rows = await sql`
          select ticketmaster_id, slug from public.artists where ticketmaster_id in ('K8vSynthA01', 'K8vSynthTwin')
          order by ticketmaster_id`;
    assertEquals(rows[0].slug, "the-synthetic-lanterns");
    assert(rows[1].slug.startsWith("the-synthetic-lanterns-"), rows[1].slug);
    await writeEventsPage(sql, twin);
    const [again] = await sql`select slug from public.artists where ticketmaster_id = 'K8vSynthTwin'`;
    assertEquals(again.slug, rows[1].slug, "a re-run keeps the slug");
  });

  await t.step("a slug is public.slugify of the name; a name with nothing ASCII takes its provider id", async () => {
    const named = (id: string, name: string) => ({
      id: `vv${id}`,
      dates: { start: { localDate: "2027-09-10" } },
      _embedded: { attractions: [{ id, name }] },
    });
    await writeEventsPage(
      sql,
      mapEvents([named("K8vSynthSlugA", "Sÿnthetic Rós & Friends"), named("K8vSynthSlugB", "シンセティック")]),
    );
    const rows = await sql`
          select slug from public.artists where ticketmaster_id in ('K8vSynthSlugA', 'K8vSynthSlugB') order by ticketmaster_id`;
    assertEquals(rows.map((r) => r.slug), ["synthetic-ros-and-friends", "artist-k8vsynthslugb"]);
  });

  await t.step("a dry run reports what it would write and writes nothing", async () => {
    const fresh = mapEvents([{
      id: "vvSynthDry",
      dates: { start: { localDate: "2027-10-10" } },
      _embedded: { attractions: [{ id: "K8vSynthDry", name: "Synthetic Dry Run" }] },
    }]);
    const counts = await writeEventsPage(sql, fresh, { dryRun: true });
    assertEquals(counts.artists, { inserted: 1, updated: 0 });
    assertEquals(counts.shows, { inserted: 1, updated: 0 });
    const [{ n }] = await sql`select count(*)::int as n from public.artists where ticketmaster_id = 'K8vSynthDry'`;
    assertEquals(n, 0);
  });

  await t.step("a statement that fails rolls the whole page back", async () => {
    const broken: MappedEvents = {
      artists: [{
        ticketmaster_id: "K8vSynthHalf",
        name: "Synthetic Half Page",
        spotify_id: null,
        mbid: null,
        image_url: null,
        genres: [],
        synthetic: false,
      }],
      venues: [{
        ticketmaster_id: "KovSynthBad",
        name: "Synthetic Impossible Venue",
        city: null,
        state: null,
        country: null,
        latitude: 500,
        longitude: 0,
        timezone: null,
        street_address: null,
        postal_code: null,
      }],
      shows: [],
      skipped: [],
    };
    await assertRejects(() => writeEventsPage(sql, broken), /venues_latitude_check|check constraint/);
    const [{ n }] = await sql`select count(*)::int as n from public.artists where ticketmaster_id = 'K8vSynthHalf'`;
    assertEquals(n, 0, "the artist written before the failing statement is gone too");
  });
}

/** A Spotify catalog and setlist.fm setlists, for the artist the tour pages wrote */
async function catalogAndSetlistSteps(t: Deno.TestContext): Promise<void> {
  await t.step("a catalog is written once; the same catalog again changes nothing", async () => {
    const artistId = await lanternsId();
    const mapped = mapCatalog(catalog.artist_id, catalog.releases);
    const first = await writeCatalog(sql, artistId, mapped.tracks, { spotifyId: catalog.artist_id });
    assertEquals([first.counts.songs, first.songs], [{ inserted: 8, updated: 0 }, 8], "12 tracks, 8 songs");
    const before =
      await sql`select id || ':' || xmin as v from public.songs where artist_id = ${artistId}::uuid order by 1`;
    const second = await writeCatalog(sql, artistId, mapped.tracks, { spotifyId: catalog.artist_id });
    assertEquals(second.counts, { songs: { inserted: 0, updated: 0 }, artists: { inserted: 0, updated: 0 } });
    const after =
      await sql`select id || ':' || xmin as v from public.songs where artist_id = ${artistId}::uuid order by 1`;
    assertEquals(after, before);
  });

  await t.step(
    "setlists: past shows, a Ticketmaster show linked by date, tapes and covers kept apart",
    async () => {
      const artistId = await lanternsId();
      // Ticketmaster had listed the 2 August show before it happened
      await writeEventsPage(
        sql,
        mapEvents([{
          id: "vvSynthPast",
          name: "Synthetic Lanterns at the Hall",
          dates: { start: { localDate: "2026-08-02", dateTime: "2026-08-03T00:00:00Z" } },
          _embedded: {
            venues: [{ id: "KovSynthV01", name: "Synthetic Hall" }],
            attractions: [{ id: "K8vSynthA01", name: "The Synthetic Lanterns" }],
          },
        }]),
      );
      const mapped = mapSetlists(setlistPage.setlist!, LANTERNS_MBID);
      const result = await writeSetlistsPage(
        sql,
        { id: artistId, name: "The Synthetic Lanterns" },
        mapped.setlists,
      );
      assertEquals(result.counts.setlists, { inserted: 2, updated: 0 });
      assertEquals(result.counts.shows, { inserted: 1, updated: 1 }, "one past show created, one linked");
      assertEquals(result.changedShowIds.length, 2);
      const [linked] = await sql`
          select setlistfm_id, status::text, name from public.shows where ticketmaster_id = 'vvSynthPast'`;
      assertEquals(linked, {
        setlistfm_id: "53de4617",
        status: "completed",
        name: "Synthetic Lanterns at the Hall",
      });
      const tours = await sql`
          select setlistfm_id, tour_name, tour_slug from public.shows where setlistfm_id in ('63de4613', '53de4617')
          order by setlistfm_id desc`;
      assertEquals(tours.map((t) => [t.setlistfm_id, t.tour_name, t.tour_slug]), [
        ["63de4613", "Synthetic Night Tour", "synthetic-night-tour"],
        ["53de4617", null, null],
      ], "setlist.fm's tour name is kept on the show; a setlist without one leaves it empty");
      const songs = await sql`
          select ss.position, ss.title, ss.is_tape, ss.is_cover, so.title as catalog_title
          from public.setlist_songs ss join public.setlists sl on sl.id = ss.setlist_id
          left join public.songs so on so.id = ss.song_id
          where sl.setlistfm_id = '63de4613' order by ss.position`;
      assertEquals(songs.map((s) => [s.position, s.title, s.is_tape, s.is_cover, s.catalog_title]), [
        [1, "Intro", true, false, null],
        [2, "Paper Boats", false, false, "Paper Boats"],
        [3, "Café Lumière", false, false, "Café Lumière"],
        [4, "Harbour & Home", false, false, "Harbour & Home"],
        [5, "Dancing in the Synthetic Dark", false, true, null],
        [6, "Slow Tide", false, false, "Slow Tide"],
        [7, "Paper Boats", false, false, "Paper Boats"],
      ]);
      const [{ n }] = await sql`
          select count(*)::int as n from public.songs where artist_id = ${artistId}::uuid
            and title in ('Intro', 'Dancing in the Synthetic Dark')`;
      assertEquals(n, 0, "neither a tape nor a cover becomes one of the artist's songs");
      assertEquals(await venuePlaysOutOfStep(), 0, "venue_song_plays counted what the writer wrote");
      const [paperBoats] = await sql`
          select k.plays from public.venue_song_plays k
          join public.songs so on so.id = k.song_id and so.title = 'Paper Boats'
          join public.shows s on s.venue_id = k.venue_id and s.setlistfm_id = '63de4613'`;
      assertEquals(paperBoats?.plays, 1, "a song played twice in one setlist is one play at its venue");
    },
  );

  await t.step("setlists again change nothing; a corrected setlist is replaced, and only that one", async () => {
    const artistId = await lanternsId();
    const rows = () =>
      sql`select ss.id || ':' || ss.xmin as v, sl.setlistfm_id from public.setlist_songs ss
              join public.setlists sl on sl.id = ss.setlist_id
              where sl.setlistfm_id in ('63de4613', '53de4617') order by 1`;
    const before = await rows();
    const again = await writeSetlistsPage(
      sql,
      { id: artistId, name: "The Synthetic Lanterns" },
      mapSetlists(setlistPage.setlist!, LANTERNS_MBID).setlists,
    );
    assertEquals(again.changedShowIds, []);
    assertEquals(again.counts.setlist_songs, { inserted: 0, updated: 0, deleted: 0 });
    assertEquals(await rows(), before);

    const corrected = structuredClone(setlistPage.setlist!);
    corrected[1].sets!.set![0].song!.push({ name: "Night Swim" });
    const fixed = await writeSetlistsPage(
      sql,
      { id: artistId, name: "The Synthetic Lanterns" },
      mapSetlists(corrected, LANTERNS_MBID).setlists,
    );
    assertEquals(fixed.counts.setlist_songs, { inserted: 4, updated: 0, deleted: 3 });
    assertEquals(fixed.changedShowIds.length, 1);
    const untouched = (await rows()).filter((r) => r.setlistfm_id === "63de4613");
    assertEquals(untouched, before.filter((r) => r.setlistfm_id === "63de4613"));
    assertEquals(await venuePlaysOutOfStep(), 0, "venue_song_plays follows the replaced setlist");
  });
}

/** Rows where venue_song_plays and a live count of actual setlists per venue and song disagree, both ways. */
async function venuePlaysOutOfStep(): Promise<number> {
  const [{ n }] = await sql`
    with live as (
      select s.venue_id, ss.song_id, count(distinct sl.id)::int as plays
      from public.shows s
      join public.setlists sl on sl.show_id = s.id and sl.kind = 'actual'
      join public.setlist_songs ss on ss.setlist_id = sl.id and not ss.is_tape and ss.song_id is not null
      where s.venue_id is not null
      group by s.venue_id, ss.song_id
    ),
    kept as (select venue_id, song_id, plays from public.venue_song_plays)
    select (select count(*) from (select * from live except select * from kept) a)::int
         + (select count(*) from (select * from kept except select * from live) b)::int as n`;
  return n;
}

Deno.test({
  name: "writers",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await clean();
    try {
      await tourPageSteps(t);
      await tourPageEdgeSteps(t);
      await catalogAndSetlistSteps(t);
    } finally {
      await clean();
      await sql.end({ timeout: 2 });
    }
  },
});

Deno.test("the writer test connects to the stack it expects", async () => {
  const probe = postgres(DB_URL, { max: 1, onnotice: () => {} });
  try {
    const [{ ok }] = await probe`select to_regclass('public.api_usage') is not null as ok`;
    assertEquals(ok, true, "the sync migrations are applied");
  } finally {
    await probe.end({ timeout: 2 });
  }
});

Deno.test({
  name: "writers: artists.synthetic follows the attraction's flag, and an unchanged flag rewrites nothing",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const db = openSql(DB_URL, 1);
    const ids = ["K8vSynthY01", "K8vSynthY02"];
    const event = (flags: (boolean | undefined)[]) =>
      mapEvents([{
        id: "vvSynthY001",
        name: "Synthetic Flag Night",
        dates: { start: { localDate: "2027-06-01", dateTime: "2027-06-01T19:00:00Z" } },
        _embedded: {
          attractions: ids.map((id, i) => ({
            id,
            name: `Flag Act ${i + 1}`,
            ...(flags[i] === undefined ? {} : { synthetic: flags[i] }),
          })),
        },
      }]);
    const flags = async () => (await db<{ ticketmaster_id: string; synthetic: boolean; v: string }[]>`
        select ticketmaster_id, synthetic, xmin::text as v from public.artists
        where ticketmaster_id = any(${ids}::text[]) order by ticketmaster_id`);
    const cleanFlags = () => db`delete from public.artists where ticketmaster_id = any(${ids}::text[])`;
    await cleanFlags();
    try {
      const first = await writeEventsPage(db, event([true, undefined]));
      assertEquals(first.artists, { inserted: 2, updated: 0 });
      const written = await flags();
      assertEquals(written.map((r) => [r.ticketmaster_id, r.synthetic]), [["K8vSynthY01", true], [
        "K8vSynthY02",
        false,
      ]]);

      const again = await writeEventsPage(db, event([true, undefined]));
      assertEquals(again.artists, { inserted: 0, updated: 0 });
      assertEquals((await flags()).map((r) => r.v), written.map((r) => r.v), "no artist row rewritten");

      // the flag is what the attraction says now, both ways
      const flipped = await writeEventsPage(db, event([undefined, true]));
      assertEquals(flipped.artists, { inserted: 0, updated: 2 });
      assertEquals((await flags()).map((r) => [r.ticketmaster_id, r.synthetic]), [["K8vSynthY01", false], [
        "K8vSynthY02",
        true,
      ]]);
    } finally {
      await cleanFlags();
      await db.end({ timeout: 2 });
    }
  },
});
