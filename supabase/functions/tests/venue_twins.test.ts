// One venue per place (issue 15): the tour writer and the setlist writer find
// the row the other provider already wrote for the same place (normalised
// name, city and country, and at most 50 km apart where both have a point),
// so one row carries both provider ids and every show. Against the stack's
// Postgres; every row here is named "Synthetic Twin ..." and removed after.

import { assertEquals } from "../../../scripts/test/assert.ts";
import { openSql } from "../_shared/db.ts";
import { mapEvents } from "../_shared/mappers/ticketmaster.ts";
import { mapSetlists } from "../_shared/mappers/setlistfm.ts";
import type { TmEvent } from "../_shared/providers/ticketmaster_types.ts";
import type { SfmSetlist } from "../_shared/providers/setlistfm_types.ts";
import { writeEventsPage } from "../_shared/writers/tours.ts";
import { writeSetlistsPage } from "../_shared/writers/setlists.ts";
import { DB_URL, ownRowsTest } from "./support/world.ts";

const sql = openSql(DB_URL, 2);
const MBID = "7e1a0000-0000-4000-8000-00000000beef";
const ARTIST_TM = "K8vTwinArtist";

interface Place {
  name: string;
  city: string;
  country: string;
  lat?: number;
  long?: number;
  timezone?: string;
  /** Ticketmaster's address.line1 and postalCode; setlist.fm has none */
  address?: string;
  postalCode?: string;
}

function tmEvent(id: string, venueId: string, place: Place, localDate: string): TmEvent {
  return {
    id,
    name: "Synthetic Twin Night",
    dates: { start: { localDate, dateTime: `${localDate}T20:00:00Z` }, status: { code: "onsale" } },
    _embedded: {
      venues: [{
        id: venueId,
        name: place.name,
        city: { name: place.city },
        state: { name: "New York", stateCode: "NY" },
        country: { countryCode: place.country },
        timezone: place.timezone,
        address: place.address === undefined ? undefined : { line1: place.address },
        postalCode: place.postalCode,
        location: place.lat === undefined ? undefined : { latitude: String(place.lat), longitude: String(place.long) },
      }],
      attractions: [{ id: ARTIST_TM, name: "The Synthetic Twins", externalLinks: { musicbrainz: [{ id: MBID }] } }],
    },
  } as TmEvent;
}

function sfmSetlist(id: string, venueId: string, place: Place, eventDate: string): SfmSetlist {
  return {
    id,
    eventDate,
    artist: { mbid: MBID, name: "The Synthetic Twins" },
    venue: {
      id: venueId,
      name: place.name,
      city: {
        name: place.city,
        state: "Synthetic Region",
        stateCode: "7",
        country: { code: place.country },
        coords: place.lat === undefined ? undefined : { lat: place.lat, long: place.long },
      },
    },
    sets: { set: [{ song: [{ name: "Mirror Song" }] }] },
  } as SfmSetlist;
}

async function artist(): Promise<{ id: string; name: string }> {
  const [row] = await sql<{ id: string; name: string }[]>`
    select id::text, name from public.artists where ticketmaster_id = ${ARTIST_TM}`;
  return row;
}

async function venuesNamed(pattern: string) {
  const rows = await sql<
    { name: string; ticketmaster_id: string | null; setlistfm_id: string | null; state: string | null; shows: number }[]
  >`
    select v.name, v.ticketmaster_id, v.setlistfm_id, v.state,
           (select count(*)::int from public.shows s where s.venue_id = v.id) as shows
    from public.venues v where v.name ilike ${pattern} order by v.name, v.ticketmaster_id nulls last, v.setlistfm_id`;
  return rows.map((row) => ({ ...row }));
}

async function addressOf(ticketmasterId: string) {
  const [row] = await sql<{ street_address: string | null; postal_code: string | null }[]>`
    select street_address, postal_code from public.venues where ticketmaster_id = ${ticketmasterId}`;
  return row ? { ...row } : null;
}

async function clean() {
  await sql`delete from public.artists where ticketmaster_id = ${ARTIST_TM}`;
  await sql`delete from public.venues where name ilike '%synthetic twin%'`;
}

type Artist = Awaited<ReturnType<typeof artist>>;

/** One place under two providers' names and ids: joined into one venue row, whichever came first */
async function sameVenueSteps(t: Deno.TestContext, twins: Artist): Promise<void> {
  await t.step("Ticketmaster first: setlist.fm's venue of the same place joins that row", async () => {
    const hall = {
      name: "Synthetic Twin Hall",
      city: "New York",
      country: "US",
      lat: 40.75,
      long: -73.99,
      address: "1 Synthetic Twin Plaza",
      postalCode: "10001",
    };
    await writeEventsPage(
      sql,
      mapEvents([tmEvent("vvTwin0001", "KovTwin01", { ...hall, timezone: "America/New_York" }, "2027-02-01")]),
    );
    const sfm = mapSetlists([
      sfmSetlist(
        "twin0001",
        "sfmtwin01",
        { ...hall, name: "The Synthetic Twin-Hall", lat: 40.71, long: -74.01 },
        "01-03-2026",
      ),
    ], MBID);
    const result = await writeSetlistsPage(sql, twins, sfm.setlists);
    assertEquals(result.counts.venues, { inserted: 0, updated: 1 }, "linked; Ticketmaster's details lack nothing");
    assertEquals(await venuesNamed("%twin hall%"), [
      // Ticketmaster's name and region stay; both ids, both shows on one row
      {
        name: "Synthetic Twin Hall",
        ticketmaster_id: "KovTwin01",
        setlistfm_id: "sfmtwin01",
        state: "NY",
        shows: 2,
      },
    ]);
    assertEquals(
      await addressOf("KovTwin01"),
      { street_address: "1 Synthetic Twin Plaza", postal_code: "10001" },
      "setlist.fm, which has no address, leaves Ticketmaster's",
    );
    const again = await writeSetlistsPage(sql, twins, sfm.setlists);
    assertEquals(again.counts.venues, { inserted: 0, updated: 0 }, "a re-run rewrites nothing");
    const tmAgain = await writeEventsPage(
      sql,
      mapEvents([tmEvent("vvTwin0001", "KovTwin01", { ...hall, timezone: "America/New_York" }, "2027-02-01")]),
    );
    assertEquals(tmAgain.venues, { inserted: 0, updated: 0 }, "nor does Ticketmaster's page again");
  });

  await t.step(
    "setlist.fm first: Ticketmaster's venue of the same place takes that row and its shows",
    async () => {
      const club = { name: "Synthetic Twin Club", city: "Chicago", country: "US", lat: 41.85, long: -87.65 };
      const sfm = mapSetlists([sfmSetlist("twin0002", "sfmtwin02", club, "02-03-2026")], MBID);
      await writeSetlistsPage(sql, twins, sfm.setlists);
      assertEquals((await venuesNamed("%twin club%"))[0].state, "Synthetic Region", "setlist.fm's region name");
      const counts = await writeEventsPage(
        sql,
        mapEvents([
          tmEvent(
            "vvTwin0002",
            "KovTwin02",
            { ...club, lat: 41.88, long: -87.63, address: "2 Synthetic Twin Way", postalCode: "60601" },
            "2027-02-02",
          ),
        ]),
      );
      assertEquals(counts.venues, { inserted: 0, updated: 2 });
      assertEquals(await venuesNamed("%twin club%"), [
        {
          name: "Synthetic Twin Club",
          ticketmaster_id: "KovTwin02",
          setlistfm_id: "sfmtwin02",
          state: "NY",
          shows: 2,
        },
      ]);
      const [zone] = await sql`select timezone from public.venues where ticketmaster_id = 'KovTwin02'`;
      assertEquals(zone.timezone, "America/Chicago", "from the point, through tz-lookup");
      assertEquals(
        await addressOf("KovTwin02"),
        { street_address: "2 Synthetic Twin Way", postal_code: "60601" },
        "the row setlist.fm wrote takes Ticketmaster's address",
      );
      // a later event embedding the venue without its address does not erase it
      const bare = await writeEventsPage(
        sql,
        mapEvents([tmEvent("vvTwin0002", "KovTwin02", { ...club, lat: 41.88, long: -87.63 }, "2027-02-02")]),
      );
      assertEquals(bare.venues, { inserted: 0, updated: 0 });
      assertEquals((await addressOf("KovTwin02"))?.street_address, "2 Synthetic Twin Way");
    },
  );
}

/** Places that only look alike stay apart; a venue with no zone gets its city's */
async function otherVenueSteps(t: Deno.TestContext, twins: Artist): Promise<void> {
  await t.step("the same name far away, or in another country, stays another venue", async () => {
    const arena = { name: "Synthetic Twin Arena", city: "Springfield", country: "US", lat: 39.8, long: -89.64 };
    await writeEventsPage(sql, mapEvents([tmEvent("vvTwin0003", "KovTwin03", arena, "2027-02-03")]));
    const sfm = mapSetlists([
      // Springfield, Massachusetts: same name, same city name, 1,400 km away
      sfmSetlist("twin0003", "sfmtwin03", { ...arena, lat: 42.1, long: -72.59 }, "03-03-2026"),
      sfmSetlist("twin0004", "sfmtwin04", { ...arena, country: "CA", lat: 39.8, long: -89.64 }, "04-03-2026"),
    ], MBID);
    const result = await writeSetlistsPage(sql, twins, sfm.setlists);
    assertEquals(result.counts.venues, { inserted: 2, updated: 0 });
    assertEquals((await venuesNamed("%twin arena%")).map((v) => [v.ticketmaster_id, v.setlistfm_id]), [
      ["KovTwin03", null],
      [null, "sfmtwin03"],
      [null, "sfmtwin04"],
    ]);
  });

  await t.step("a venue with no zone and no point takes its city's zone", async () => {
    /** The zone a setlist.fm-only venue (no zone, no point) is written with. */
    const zoneWritten = async (n: number, venue: { name: string; city: string; country: string }) => {
      const sfm = mapSetlists([sfmSetlist(`twin000${n}`, `sfmtwin0${n}`, venue, `0${n}-03-2026`)], MBID);
      await writeSetlistsPage(sql, twins, sfm.setlists);
      const [row] = await sql`select timezone from public.venues where setlistfm_id = ${`sfmtwin0${n}`}`;
      return row.timezone;
    };
    const bare = { name: "Synthetic Twin Basement", city: "new york", country: "us" };
    assertEquals(await zoneWritten(5, bare), "America/New_York");
    const nowhere = { name: "Synthetic Twin Shed", city: "Nowhere Special", country: "US" };
    assertEquals(await zoneWritten(6, nowhere), null, "nothing to place it by: the zone stays empty, never guessed");
  });
}

ownRowsTest("venue twins", { clean, close: () => sql.end() }, async (t) => {
  // an artist to hang shows on: a Ticketmaster event far from the twins' cities
  await writeEventsPage(
    sql,
    mapEvents([
      tmEvent(
        "vvTwin0000",
        "KovTwin00",
        { name: "Synthetic Twin Depot", city: "Anchorage", country: "US" },
        "2027-01-01",
      ),
    ]),
  );
  const twins = await artist();

  await sameVenueSteps(t, twins);
  await otherVenueSteps(t, twins);
});
