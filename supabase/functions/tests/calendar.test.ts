// The calendar function (issue 15): one show's .ics and an artist's feed,
// parsed back with a real iCalendar parser (ical.js): each event sits at the
// venue's local time in its zone (TZID with the zone's VTIMEZONE) and at the
// right instant, a time TBA is an all-day event, a venue without a zone gives
// UTC, a cancelled show says so, and bad requests get clear errors. Against
// the stack's Postgres with rows of its own, removed afterwards.

import ICAL from "ical.js";
import { assert, assertEquals } from "../../../scripts/test/assert.ts";
import { handler } from "../calendar/handler.ts";
import { closeSql, openSql } from "../_shared/db.ts";
import { DB_URL, ownRowsTest } from "./support/world.ts";

Deno.env.set("SUPABASE_DB_URL", DB_URL);
const sql = openSql(DB_URL, 2);
const SLUG = "synthetic-calendar-artist";

async function clean() {
  await sql`delete from public.artists where slug = ${SLUG}`;
  await sql`delete from public.venues where name like 'Synthetic Calendar %'`;
}

async function seed() {
  const [artist] = await sql<{ id: string }[]>`
    insert into public.artists (name, slug) values ('Synthetic Calendar Artist', ${SLUG}) returning id::text`;
  const [hall] = await sql<{ id: string }[]>`
    insert into public.venues (name, city, country, timezone) values ('Synthetic Calendar Hall', 'Chicago', 'US',
      'America/Chicago') returning id::text`;
  const [shed] = await sql<{ id: string }[]>`
    insert into public.venues (name, city, country) values ('Synthetic Calendar Shed', 'Nowhere', 'US') returning id::text`;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const rows = [
    // 20:00 in Chicago on a winter date: 02:00Z the next day
    { name: "Timed", venue: hall.id, starts_at: "2027-01-15T02:00:00Z", local_date: "2027-01-14", time_tba: false },
    { name: "Time TBA", venue: hall.id, starts_at: null, local_date: day(20), time_tba: true },
    { name: "No zone", venue: shed.id, starts_at: "2027-01-20T01:30:00Z", local_date: "2027-01-19", time_tba: false },
    { name: "Cancelled", venue: hall.id, starts_at: "2027-01-25T02:00:00Z", local_date: "2027-01-24", time_tba: false },
    { name: "Long ago", venue: hall.id, starts_at: null, local_date: day(-90), time_tba: true },
  ];
  const ids: Record<string, string> = {};
  for (const row of rows) {
    const [show] = await sql<{ id: string }[]>`
      insert into public.shows (artist_id, venue_id, name, starts_at, local_date, time_tba, status)
      values (${artist.id}, ${row.venue}, ${row.name}, ${row.starts_at}, ${row.local_date}, ${row.time_tba},
              ${row.name === "Cancelled" ? "cancelled" : row.name === "Long ago" ? "completed" : "scheduled"})
      returning id::text`;
    ids[row.name] = show.id;
  }
  await sql`insert into public.shows (artist_id, name, date_tba, status) values (${artist.id}, 'Date TBA', true, 'scheduled')`;
  return ids;
}

function get(query: string) {
  return handler(new Request(`http://127.0.0.1/functions/v1/calendar?${query}`));
}

function events(text: string): ICAL.Event[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // the zones the events name are defined in the file itself
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents("vevent").map((event) => new ICAL.Event(event));
}

/** This file's connection, and the pool the handler opened. */
async function closeConnections() {
  await sql.end();
  await closeSql();
}

ownRowsTest("calendar", { clean, close: closeConnections }, async (t) => {
  const ids = await seed();

  await t.step(
    "a show's .ics: one event at the venue's local time, in its zone, at the right instant",
    async () => {
      const response = await get(`show=${ids["Timed"]}`);
      assertEquals(response.status, 200);
      assertEquals(response.headers.get("content-type"), "text/calendar; charset=utf-8");
      assert(response.headers.get("content-disposition")?.startsWith("attachment"));
      const [event] = events(await response.text());
      assertEquals(event.summary, "Timed");
      assertEquals(event.uid, `${ids["Timed"]}@theset`);
      assertEquals(event.startDate.toString(), "2027-01-14T20:00:00");
      assertEquals(event.startDate.zone.tzid, "America/Chicago");
      assertEquals(event.startDate.toJSDate().toISOString(), "2027-01-15T02:00:00.000Z");
      assertEquals(event.location, "Synthetic Calendar Hall, Chicago, US");
    },
  );

  await t.step("the artist's feed: upcoming and recent shows, TBA times all-day, no zone in UTC", async () => {
    const response = await get(`artist=${SLUG}`);
    assertEquals(response.status, 200);
    const feed = events(await response.text());
    assertEquals(feed.map((e) => e.summary).sort(), ["Cancelled", "No zone", "Time TBA", "Timed"]);
    const tba = feed.find((e) => e.summary === "Time TBA")!;
    assert(tba.startDate.isDate, "a show without a time is an all-day event");
    const noZone = feed.find((e) => e.summary === "No zone")!;
    assertEquals(noZone.startDate.zone.tzid, "UTC");
    assertEquals(noZone.startDate.toJSDate().toISOString(), "2027-01-20T01:30:00.000Z");
    const cancelled = feed.find((e) => e.summary === "Cancelled")!;
    assertEquals(cancelled.component.getFirstPropertyValue("status"), "CANCELLED");
  });

  await t.step("bad requests are clear errors", async () => {
    const cases: [string, number, string][] = [
      ["", 400, "invalid_request"],
      [`show=${ids["Timed"]}&artist=${SLUG}`, 400, "invalid_request"],
      ["show=not-a-uuid", 400, "invalid_request"],
      ["show=00000000-0000-4000-8000-000000000000", 404, "show_not_found"],
      ["artist=no-such-artist-here", 404, "artist_not_found"],
      ["artist=Bad%20Slug", 400, "invalid_request"],
    ];
    for (const [query, status, code] of cases) {
      const response = await get(query);
      assertEquals([response.status, (await response.json()).code], [status, code], query);
    }
    const post = await handler(new Request("http://127.0.0.1/functions/v1/calendar?artist=x", { method: "POST" }));
    assertEquals([post.status, (await post.json()).code], [405, "method_not_allowed"]);
  });
});
