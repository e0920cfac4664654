// Venue details the mappers derive (issue 15, and issue 14's event time zone):
// region names instead of setlist.fm's numeric codes, and a time zone for
// every venue that can be placed: Ticketmaster's for the venue, else the
// event's dates.timezone, else the zone at the venue's point (tz-lookup).

import { assertEquals } from "../../../scripts/test/assert.ts";
import { mapEvents, mapVenue, streetAddress } from "../_shared/mappers/ticketmaster.ts";
import { mapSetlists, regionName } from "../_shared/mappers/setlistfm.ts";
import { knownTimeZone, timeZoneAt } from "../_shared/mappers/timezone.ts";
import type { TmEvent } from "../_shared/providers/ticketmaster_types.ts";
import type { SfmSetlist } from "../_shared/providers/setlistfm_types.ts";

const MBID = "5b11f4ce-a62d-471e-81fc-a69a8278c7da";

function event(id: string, venue: Record<string, unknown>, timezone?: string): TmEvent {
  return {
    id,
    name: "Synthetic Night",
    dates: { start: { localDate: "2027-03-14", dateTime: "2027-03-14T20:00:00Z" }, timezone },
    _embedded: {
      venues: [venue],
      attractions: [{ id: "K8vSynthTZ1", name: "The Synthetic Zones" }],
    },
  } as TmEvent;
}

function setlist(id: string, city: Record<string, unknown>): SfmSetlist {
  return {
    id,
    eventDate: "14-09-2026",
    artist: { mbid: MBID, name: "The Synthetic Zones" },
    venue: { id: `v${id}`, name: "Synthetic Hall", city },
    sets: { set: [{ song: [{ name: "Paper Boats" }] }] },
  } as SfmSetlist;
}

Deno.test("setlist.fm: the region is its name; a numeric code alone gives no region, a letter code stands in", () => {
  assertEquals(regionName("Capital Region", "1"), "Capital Region");
  assertEquals(regionName("Tokyo", "13"), "Tokyo");
  assertEquals(regionName(undefined, "13"), null, "a bare GeoNames number means nothing to a fan");
  assertEquals(regionName(undefined, "NY"), "NY");
  assertEquals(regionName("  ", undefined), null);
  const mapped = mapSetlists([
    setlist("1", { name: "Reykjavík", state: "Capital Region", stateCode: "1", country: { code: "is" } }),
    setlist("2", { name: "Tokyo", stateCode: "13", country: { code: "JP" } }),
  ], MBID);
  assertEquals(mapped.setlists.map((s) => [s.venue?.city, s.venue?.state, s.venue?.country]), [
    ["Reykjavík", "Capital Region", "IS"],
    ["Tokyo", null, "JP"],
  ]);
});

Deno.test("setlist.fm: a venue's zone comes from its city's point; without a point it stays empty", () => {
  const mapped = mapSetlists([
    setlist("1", { name: "Tokyo", coords: { lat: 35.69, long: 139.69 }, country: { code: "JP" } }),
    setlist("2", { name: "Reykjavík", coords: { lat: 64.14, long: -21.9 }, country: { code: "IS" } }),
    setlist("3", { name: "Nowhere", country: { code: "US" } }),
    setlist("4", { name: "Null Island", coords: { lat: 0, long: 0 }, country: { code: "XX" } }),
  ], MBID);
  assertEquals(mapped.setlists.map((s) => s.venue?.timezone), [
    "Asia/Tokyo",
    "Atlantic/Reykjavik",
    null,
    null,
  ]);
});

Deno.test("ticketmaster: the venue's own zone wins, then the event's dates.timezone, then the zone at its point", () => {
  const own = mapVenue({ id: "V1", name: "Hall", timezone: "America/Chicago" }, "America/New_York");
  assertEquals(own?.timezone, "America/Chicago");
  const fromEvent = mapVenue({ id: "V2", name: "Hall" }, "Europe/Berlin");
  assertEquals(fromEvent?.timezone, "Europe/Berlin");
  const fromPoint = mapVenue({ id: "V3", name: "Hall", location: { latitude: "47.37", longitude: "8.55" } });
  assertEquals(fromPoint?.timezone, "Europe/Zurich");
  const bogusEvent = mapVenue(
    { id: "V4", name: "Hall", location: { latitude: "35.69", longitude: "139.69" } },
    "Mars/Olympus",
  );
  assertEquals(bogusEvent?.timezone, "Asia/Tokyo", "a zone name nothing knows is skipped, not stored");
  assertEquals(mapVenue({ id: "V5", name: "Hall" })?.timezone, null, "nothing to place it by: no zone");
});

Deno.test("ticketmaster: the street address joins address lines 1 to 3; no address or a blank one is none", () => {
  const full = mapVenue({
    id: "VA1",
    name: "Hall",
    address: { line1: " 12 Synthetic Street ", line2: "Building C", line3: "" },
    postalCode: " 60601 ",
  });
  assertEquals([full?.street_address, full?.postal_code], ["12 Synthetic Street, Building C", "60601"]);
  const blank = mapVenue({ id: "VA2", name: "Hall", address: { line1: "  " }, postalCode: "" });
  assertEquals([blank?.street_address, blank?.postal_code], [null, null]);
  const none = mapVenue({ id: "VA3", name: "Hall" });
  assertEquals([none?.street_address, none?.postal_code], [null, null]);
  assertEquals(
    streetAddress({ line1: "x".repeat(400) })?.length,
    300,
    "longer than the column allows: cut, not refused",
  );
});

Deno.test("ticketmaster: mapEvents hands each event's dates.timezone to a venue that has none", () => {
  const mapped = mapEvents([
    event("E1", { id: "VNZ1", name: "Synthetic Hall", city: { name: "Berlin" } }, "Europe/Berlin"),
    event("E2", { id: "VNZ2", name: "Synthetic Club", city: { name: "Nowhere" } }),
  ]);
  assertEquals(mapped.venues.map((v) => [v.ticketmaster_id, v.timezone]), [["VNZ1", "Europe/Berlin"], ["VNZ2", null]]);
});

Deno.test("time zones: only names the runtime knows, only points on land get a place's zone", () => {
  assertEquals(knownTimeZone("Asia/Tokyo"), "Asia/Tokyo");
  assertEquals(knownTimeZone("Nowhere/Special"), null);
  assertEquals(knownTimeZone(""), null);
  assertEquals(timeZoneAt(40.75, -73.99), "America/New_York");
  assertEquals(timeZoneAt(-23.55, -46.63), "America/Sao_Paulo");
  assertEquals(timeZoneAt(0, -140), null, "mid-Pacific: an Etc/ offset, not a place");
  assertEquals(timeZoneAt(91, 0), null);
  assertEquals(timeZoneAt(null, 10), null);
});
