// The data layer's query hooks through renderHook, against the real stack and
// with the app's own QueryClient: each caches what it read under its key from
// keys.ts (the key cache patches address), a row that does not exist is "not
// found" rather than an error, refusals are errors with their code and are not
// asked again, network trouble is retried, and a hook without what it needs
// asks nothing. Rows are fixtures named "Test Fixture ..." and removed after.

import { describe, expect, it } from "vitest";
import { waitFor } from "@testing-library/react";
import { renderHookWithApp } from "../../test/render.tsx";
import { appClient, wireFetch } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";
import { AppError } from "../lib/refusals.ts";
import { createTheSetClient, readSupabaseEnv } from "../lib/supabase.ts";
import { localDateIn } from "../lib/time.ts";
import { useArtistQuery, useCatalogQuery } from "./artists.ts";
import { useSession } from "./auth.tsx";
import { useImportJobQuery } from "./imports.ts";
import { queryKeys } from "./keys.ts";
import { useDatabaseSearch } from "./search.ts";
import { useShowSetlistsQuery } from "./setlists.ts";
import { useTrendingArtistsQuery, useTrendingShowsQuery } from "./trending.ts";
import { useArtistShowsQuery, useShowQuery } from "./shows.ts";
import { useMyVotesQuery } from "./votes.ts";

const SONGS = ["Opening Signal", "Second Wave", "Quiet Static"];
const DAY = 86_400_000;

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

/** The code of a query's error: the data layer throws only AppError (lib/refusals.ts). */
function codeOf(error: Error | null): string | undefined {
  return error instanceof AppError ? error.code : undefined;
}

describe("show queries", () => {
  it("useShowQuery caches the show with its venue and headliner under shows.detail", async () => {
    const artist = await world.artist();
    const venue = await world.venue();
    const show = await world.show(artist, venue, { startsAt: new Date("2099-06-01T18:30:00Z") });
    const { result, queryClient } = renderHookWithApp(() => useShowQuery(show.id), { client: appClient() });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toMatchObject({
      id: show.id,
      name: show.name,
      starts_at: "2099-06-01T18:30:00+00:00",
      local_date: "2099-06-01",
      voting_closes_at: "2099-06-01T18:30:00+00:00",
      status: "scheduled",
      artist: { id: artist.id, name: artist.name, slug: artist.slug },
      venue: { id: venue.id, name: venue.name, city: venue.city, timezone: "Europe/Berlin" },
      support: [],
    });
    expect(queryClient.getQueryData(queryKeys.shows.detail(show.id))).toBe(result.current.data);
  });

  it("useShowQuery: a show that does not exist is not found, not an error, and a malformed id asks nothing", async () => {
    const wire = wireFetch();
    const client = appClient({ fetch: wire.fetch });
    const missing = crypto.randomUUID();
    const { result } = renderHookWithApp(() => useShowQuery(missing), { client });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toBeNull();
    expect(result.current.error).toBeNull();
    expect(wire.sent("/rest/v1/shows")).toHaveLength(1);

    const malformed = renderHookWithApp(() => useShowQuery("not-a-show"), { client });
    await waitFor(() => expect(malformed.result.current.isSuccess).toBe(true));
    expect(malformed.result.current.data).toBeNull();
    expect(wire.sent("/rest/v1/shows")).toHaveLength(1);
  });

  it("useShowSetlistsQuery: a show that does not exist fails with show_not_found, asked once", async () => {
    const wire = wireFetch();
    const missing = crypto.randomUUID();
    const { result, queryClient } = renderHookWithApp(
      () => useShowSetlistsQuery(missing, { buildPrediction: true }),
      { client: appClient({ fetch: wire.fetch }) },
    );

    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(codeOf(result.current.error)).toBe("show_not_found");
    expect(result.current.error?.message).toBe("This show no longer exists.");
    expect(queryClient.getQueryState(queryKeys.setlists.forShow(missing))?.status).toBe("error");
    // a refusal will not change by asking again: the app's QueryClient does not retry it
    expect(result.current.failureCount).toBe(1);
    expect(wire.sent("/rest/v1/rpc/ensure_predicted_setlist")).toHaveLength(1);
  });

  it("useShowSetlistsQuery builds a missing prediction only when asked to", async () => {
    const artist = await world.artist({ songs: SONGS });
    const show = await world.show(artist, await world.venue(), { startsAt: new Date(Date.now() + 30 * DAY) });
    const wire = wireFetch();
    const client = appClient({ fetch: wire.fetch });

    const reading = renderHookWithApp(
      () => useShowSetlistsQuery(show.id, { buildPrediction: false }),
      { client },
    );
    await waitFor(() => expect(reading.result.current.isSuccess).toBe(true));
    expect(reading.result.current.data).toEqual({
      predicted: null,
      actual: null,
      score: null,
      predictionPending: false,
    });
    expect(wire.sent("/rest/v1/rpc/ensure_predicted_setlist")).toHaveLength(0);

    const building = renderHookWithApp(
      () => useShowSetlistsQuery(show.id, { buildPrediction: true }),
      { client },
    );
    await waitFor(() => expect(building.result.current.isSuccess).toBe(true));
    const predicted = building.result.current.data!.predicted!;
    expect(predicted.kind).toBe("predicted");
    expect(predicted.songs.length).toBeGreaterThan(0);
    // built from the artist's catalog: nothing invented
    for (const song of predicted.songs) expect(SONGS).toContain(song.title);
    expect(wire.sent("/rest/v1/rpc/ensure_predicted_setlist")).toHaveLength(1);
    expect(building.queryClient.getQueryData(queryKeys.setlists.forShow(show.id))).toBe(
      building.result.current.data,
    );
  });

  it("fails with the network code when the platform cannot be reached, after the app's two retries", async () => {
    const { fetch, events } = wireFetch();
    // fetch refuses port 1 of the loopback at once, as it would any unreachable host
    const unreachable = createTheSetClient(
      { url: "http://127.0.0.1:1", key: readSupabaseEnv(import.meta.env).key },
      { storageKey: `theset-test-${crypto.randomUUID()}`, fetch },
    );
    const showId = crypto.randomUUID();
    const { result } = renderHookWithApp(() => useShowQuery(showId), { client: unreachable });

    // the QueryClient waits 1 s, then 2 s between attempts; supabase-js itself retries nothing
    await waitFor(() => expect(result.current.isError).toBe(true), { timeout: 8_000 });
    expect(codeOf(result.current.error)).toBe("network");
    expect(result.current.error?.message).toBe("Can't reach TheSet right now. Check your connection and try again.");
    expect(result.current.failureCount).toBe(3);
    expect(events.filter((event) => event.step === "sent" && event.path === "/rest/v1/shows")).toHaveLength(3);
  });
});

describe("artist queries", () => {
  it("useArtistQuery caches the artist by slug, and an unknown slug is not found", async () => {
    const artist = await world.artist({ songs: SONGS });
    const client = appClient();
    const { result, queryClient } = renderHookWithApp(() => useArtistQuery(artist.slug), { client });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toMatchObject({ id: artist.id, name: artist.name, slug: artist.slug });
    expect(queryClient.getQueryData(queryKeys.artists.detail(artist.slug))).toBe(result.current.data);

    const unknown = renderHookWithApp(() => useArtistQuery(`${artist.slug}-nobody`), { client });
    await waitFor(() => expect(unknown.result.current.isSuccess).toBe(true));
    expect(unknown.result.current.data).toBeNull();
  });

  it("useCatalogQuery waits for the artist's id, then caches the catalog newest first", async () => {
    const artist = await world.artist({ songs: SONGS });
    const wire = wireFetch();
    const client = appClient({ fetch: wire.fetch });
    const { result, rerender, queryClient } = renderHookWithApp(
      ({ artistId }: { artistId?: string }) => useCatalogQuery(artistId),
      { client, initialProps: {} },
    );
    expect(result.current.fetchStatus).toBe("idle");
    expect(result.current.data).toBeUndefined();
    expect(wire.sent("/rest/v1/songs")).toHaveLength(0);

    rerender({ artistId: artist.id });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    // the fixture releases song n on 2024-01-0n
    expect(result.current.data!.map((song) => song.title)).toEqual([...SONGS].reverse());
    expect(queryClient.getQueryData(queryKeys.artists.catalog(artist.id))).toBe(result.current.data);
    expect(wire.sent("/rest/v1/songs")).toHaveLength(1);
  });

  it("useArtistShowsQuery splits the artist's shows into upcoming and past", async () => {
    const artist = await world.artist();
    const venue = await world.venue();
    const past = await world.show(artist, venue, { startsAt: new Date(Date.now() - 20 * DAY), status: "completed" });
    const upcoming = await world.show(artist, venue, { startsAt: new Date(Date.now() + 20 * DAY) });
    const { result, queryClient } = renderHookWithApp(() => useArtistShowsQuery(artist.id), {
      client: appClient(),
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data!.upcoming.map((show) => show.id)).toEqual([upcoming.id]);
    expect(result.current.data!.past.map((show) => show.id)).toEqual([past.id]);
    expect(result.current.data!.past[0].local_date).toBe(
      localDateIn(venue.timezone, new Date(Date.now() - 20 * DAY)),
    );
    expect(queryClient.getQueryData(queryKeys.shows.byArtist(artist.id))).toBe(result.current.data);
  });
});

describe("trending queries", () => {
  it("list the top trending shows and artists that still exist, skipping ones deleted since the refresh", async () => {
    // two shows tonight, three fans voting on each: far above anything without votes
    const venue = await world.venue();
    const trending = [];
    for (const band of ["Band Kept", "Band Deleted"]) {
      const artist = await world.artist({ name: world.name(band), songs: SONGS });
      const show = await world.show(artist, venue, { startsAt: new Date(Date.now() + 3 * 3_600_000) });
      const setlist = await world.predictedSetlist(show, artist.songs);
      for (const song of setlist.songs) await world.vote(await world.fan("guest"), song.id, 1);
      trending.push({ artist, show });
    }
    const [kept, deleted] = trending;
    await world.sql`select public.refresh_trending()`;
    // the views keep the deleted artist and show until their next refresh
    await world.sql`delete from public.artists where id = ${deleted.artist.id}`;
    const [{ shows, artists }] = await world.sql<{ shows: number; artists: number }[]>`
      select (select count(*)::int from public.trending_shows t join public.shows s on s.id = t.show_id) as shows,
             (select count(*)::int from public.trending_artists t join public.artists a on a.id = t.artist_id)
               as artists`;

    const client = appClient();
    const { result } = renderHookWithApp(() => ({
      shows: useTrendingShowsQuery(),
      artists: useTrendingArtistsQuery(),
    }), { client });
    await waitFor(() => {
      expect(result.current.shows.isSuccess).toBe(true);
      expect(result.current.artists.isSuccess).toBe(true);
    });
    const showIds = result.current.shows.data!.map((show) => show.id);
    const artistIds = result.current.artists.data!.map((artist) => artist.id);
    expect(showIds).toHaveLength(Math.min(8, shows));
    expect(showIds).toContain(kept.show.id);
    expect(showIds).not.toContain(deleted.show.id);
    expect(artistIds).toHaveLength(Math.min(8, artists));
    expect(artistIds).toContain(kept.artist.id);
    expect(artistIds).not.toContain(deleted.artist.id);
  });
});

describe("useMyVotesQuery", () => {
  it("asks nothing for a visitor, and for a fan reads only their own votes under (user, setlist)", async () => {
    const artist = await world.artist({ songs: SONGS });
    const show = await world.show(artist, await world.venue(), { startsAt: new Date(Date.now() + 30 * DAY) });
    const setlist = await world.predictedSetlist(show, artist.songs);
    const songIds = setlist.songs.map((song) => song.id);
    const [first, second, third] = songIds;
    const fan = await world.fan("email");
    await world.vote(fan, first, 1);
    await world.vote(fan, third, -1);
    await world.vote(await world.fan("guest"), second, 1);

    const wire = wireFetch();
    const client = world.trackClient(appClient({ fetch: wire.fetch }));
    const { result, queryClient } = renderHookWithApp(() => ({
      session: useSession(),
      myVotes: useMyVotesQuery(setlist.id, songIds),
    }), { client });
    await waitFor(() => expect(result.current.session.ready).toBe(true));
    expect(result.current.session.user).toBeNull();
    expect(result.current.myVotes.fetchStatus).toBe("idle");
    expect(result.current.myVotes.data).toEqual({});
    expect(wire.sent("/rest/v1/votes")).toHaveLength(0);

    const { error } = await client.auth.signInWithPassword({ email: fan.email!, password: "test fixture password" });
    expect(error).toBeNull();
    await waitFor(() => expect(result.current.myVotes.isFetched).toBe(true));
    expect(result.current.myVotes.data).toEqual({ [first]: 1, [third]: -1 });
    expect(queryClient.getQueryData(queryKeys.votes.mine(fan.userId, setlist.id))).toBe(result.current.myVotes.data);
    expect(wire.sent("/rest/v1/votes")).toHaveLength(1);
  });
});

describe("useDatabaseSearch", () => {
  it("waits for two characters, and text differing only in case and spaces shares one cached answer", async () => {
    const artist = await world.artist();
    const wire = wireFetch();
    const { result, rerender, queryClient } = renderHookWithApp((text: string) => useDatabaseSearch(text), {
      client: appClient({ fetch: wire.fetch }),
      initialProps: "T",
    });
    expect(result.current.fetchStatus).toBe("idle");
    expect(wire.sent("/rest/v1/rpc/search_catalog")).toHaveLength(0);

    rerender(`  ${artist.name.toUpperCase()}  `);
    await waitFor(() => expect(result.current.isFetched).toBe(true));
    // the name itself ranks first (other test fixtures' names are alike, and typo-tolerant search finds them too)
    expect(result.current.data!.artists[0].id).toBe(artist.id);
    const key = queryKeys.search.database(artist.name.toLowerCase());
    expect(queryClient.getQueryData(key)).toBe(result.current.data);

    rerender(artist.name.toLowerCase());
    expect(result.current.data!.artists[0].id).toBe(artist.id);
    expect(wire.sent("/rest/v1/rpc/search_catalog")).toHaveLength(1);
  });
});

describe("useImportJobQuery", () => {
  it("fails with import_not_found for a malformed id without asking, and for an unknown one after asking", async () => {
    const wire = wireFetch();
    const client = appClient({ fetch: wire.fetch });
    const malformed = renderHookWithApp(() => useImportJobQuery("not-a-job"), { client });
    await waitFor(() => expect(malformed.result.current.isError).toBe(true));
    expect(codeOf(malformed.result.current.error)).toBe("import_not_found");
    expect(malformed.result.current.error?.message).toBe("There is no such import.");
    expect(wire.sent("/rest/v1/rpc/import_job_status")).toHaveLength(0);

    const unknown = renderHookWithApp(() => useImportJobQuery("2147483000"), { client });
    await waitFor(() => expect(unknown.result.current.isError).toBe(true));
    expect(codeOf(unknown.result.current.error)).toBe("import_not_found");
    expect(unknown.queryClient.getQueryState(queryKeys.imports.job("2147483000"))?.status).toBe("error");
    expect(wire.sent("/rest/v1/rpc/import_job_status")).toHaveLength(1);
  });
});
