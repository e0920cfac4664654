// "Upcoming" and "past" on the artist page as the database decides them (show_has_started through
// shows.voting_closes_at), against the real stack. The edge the old filter (local_date compared with the
// browser's UTC date) got wrong at any hour: a show at a UTC+14 venue that started an hour ago has a
// venue-local date of today or tomorrow in UTC, so it stayed "upcoming" while voting on it was closed.

import { describe, expect, it } from "vitest";
import { waitFor } from "@testing-library/react";
import { renderHookWithApp } from "../../test/render.tsx";
import { appClient } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";
import { localDateIn } from "../lib/time.ts";
import { useArtistHistoryQuery, useArtistYearsQuery } from "./browse.ts";
import { useArtistShowsQuery } from "./shows.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

describe("the artist page's upcoming and past shows", () => {
  it("a show that started an hour ago at a UTC+14 venue is past, though its local date is not before UTC today", async () => {
    const artist = await world.artist();
    const kiritimati = await world.venue({ timezone: "Pacific/Kiritimati", country: "KI" });
    const started = await world.show(artist, kiritimati, { startsAt: new Date(Date.now() - HOUR) });
    const upcoming = await world.show(artist, kiritimati, { startsAt: new Date(Date.now() + 2 * DAY) });
    const old = await world.show(artist, kiritimati, {
      startsAt: new Date(Date.now() - 30 * DAY),
      status: "completed",
    });
    const [row] = await world.sql<{ local_date: string; started: boolean }[]>`
      select local_date::text, public.show_has_started(status, voting_closes_at) as started
      from public.shows where id = ${started.id}`;
    // what made it an edge: the old filter kept every show dated UTC today or later as upcoming
    expect(row.local_date >= localDateIn("UTC", new Date())).toBe(true);
    expect(row.started).toBe(true);

    const client = appClient();
    const shows = renderHookWithApp(() => useArtistShowsQuery(artist.id), { client });
    await waitFor(() => expect(shows.result.current.isSuccess).toBe(true));
    expect(shows.result.current.data!.upcoming.map((show) => show.id)).toEqual([upcoming.id]);
    expect(shows.result.current.data!.past.map((show) => show.id)).toEqual([started.id, old.id]);

    // the history list and its year counts (artist_show_years) agree with that split
    const history = renderHookWithApp(() => useArtistHistoryQuery(artist.id, null, 0), { client });
    await waitFor(() => expect(history.result.current.isSuccess).toBe(true));
    expect(history.result.current.data!.shows.map((show) => show.id)).toEqual([started.id, old.id]);
    expect(history.result.current.data!.total).toBe(2);
    const years = renderHookWithApp(() => useArtistYearsQuery(artist.id), { client });
    await waitFor(() => expect(years.result.current.isSuccess).toBe(true));
    expect(years.result.current.data!.reduce((n, y) => n + y.shows, 0)).toBe(2);
  });

  it("a date-TBA show is upcoming and a cancelled one ahead stays listed, as before", async () => {
    const artist = await world.artist();
    const venue = await world.venue();
    const cancelled = await world.show(artist, venue, {
      startsAt: new Date(Date.now() + 5 * DAY),
      status: "cancelled",
    });
    const tba = await world.show(artist, venue, { startsAt: new Date(Date.now() + 9 * DAY) });
    await world.sql`update public.shows set date_tba = true, starts_at = null, local_date = null where id = ${tba.id}`;
    const shows = renderHookWithApp(() => useArtistShowsQuery(artist.id), { client: appClient() });
    await waitFor(() => expect(shows.result.current.isSuccess).toBe(true));
    expect(shows.result.current.data!.upcoming.map((show) => show.id)).toEqual([cancelled.id, tba.id]);
    expect(shows.result.current.data!.past).toEqual([]);
  });
});
