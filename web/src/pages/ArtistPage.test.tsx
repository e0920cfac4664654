// The artist page against the real stack: past shows newest first, each with
// what was actually played (setlist.fm's setlist, written as the setlist sync
// writes it), and the songs played most across those setlists. Every artist,
// show and setlist is created by the test and removed afterwards.

import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import ArtistPage from "./ArtistPage.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { appClient } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";

const DAY = 86_400_000;

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

/** The past show's entry in the list, found by its link to the show. */
function pastShowEntry(pastShows: HTMLElement, showId: string): HTMLElement {
  const link = within(pastShows).getAllByRole("link", { name: "Open the show" })
    .find((candidate) => candidate.getAttribute("href") === `/shows/${showId}`);
  if (!link) throw new Error(`show ${showId} is not among the past shows`);
  return link.closest("li")!;
}

function playedTitles(entry: HTMLElement): string[] {
  return [...entry.querySelectorAll(".played-list > li")].map((li) => li.textContent!);
}

describe("ArtistPage", () => {
  it("lists past shows newest first with their actual setlists, and the songs played most", async () => {
    const artist = await world.artist({ songs: ["Anthem", "Bridge Song", "Coda"] });
    const [anthem, bridge, coda] = artist.songs;
    const venue = await world.venue();
    const recent = await world.show(artist, venue, { startsAt: new Date(Date.now() - 20 * DAY), status: "completed" });
    const older = await world.show(artist, venue, { startsAt: new Date(Date.now() - 50 * DAY), status: "completed" });
    const unrecorded = await world.show(artist, venue, {
      startsAt: new Date(Date.now() - 80 * DAY),
      status: "completed",
    });
    const upcoming = await world.show(artist, venue, { startsAt: new Date(Date.now() + 30 * DAY) });
    await world.actualSetlist(recent, [
      { songId: anthem.id, title: anthem.title },
      { songId: bridge.id, title: bridge.title },
    ]);
    // a song off the catalog (no song id) is listed with the show but counts toward no catalog song
    await world.actualSetlist(older, [
      { songId: coda.id, title: coda.title },
      { songId: null, title: world.name("Unreleased Jam") },
      { songId: anthem.id, title: anthem.title },
    ]);

    const client = world.trackClient(appClient());
    renderWithApp(<ArtistPage />, { client, route: `/artists/${artist.slug}`, path: "/artists/:slug" });
    expect(await screen.findByRole("heading", { level: 1, name: artist.name })).toBeInTheDocument();

    const upcomingShows = screen.getByRole("region", { name: "Upcoming shows" });
    expect(await within(upcomingShows).findByRole("link", { name: new RegExp(upcoming.name) })).toBeInTheDocument();

    const pastShows = screen.getByRole("region", { name: "Past shows" });
    await within(pastShows).findByText("no setlist");
    expect(within(pastShows).getAllByRole("link", { name: "Open the show" }).map((link) => link.getAttribute("href")))
      .toEqual([recent, older, unrecorded].map((show) => `/shows/${show.id}`));
    const recentEntry = pastShowEntry(pastShows, recent.id);
    expect(within(recentEntry).getByText("2 songs")).toBeInTheDocument();
    expect(playedTitles(recentEntry)).toEqual(["Anthem", "Bridge Song"]);
    const olderEntry = pastShowEntry(pastShows, older.id);
    expect(within(olderEntry).getByText("3 songs")).toBeInTheDocument();
    expect(playedTitles(olderEntry)).toEqual(["Coda", world.name("Unreleased Jam"), "Anthem"]);
    const unrecordedEntry = pastShowEntry(pastShows, unrecorded.id);
    expect(within(unrecordedEntry).getByText("no setlist")).toBeInTheDocument();
    expect(within(unrecordedEntry).getByText("setlist.fm has no setlist for this show.")).toBeInTheDocument();
    expect(playedTitles(unrecordedEntry)).toEqual([]);

    // played in both setlists first; of the songs played once, the one played more recently
    const mostPlayed = within(screen.getByRole("region", { name: "Most played" }));
    const rows = (await mostPlayed.findAllByRole("listitem"))
      .map((li) => [li.firstElementChild!.textContent, li.querySelector(".count")!.textContent]);
    expect(rows).toEqual([["Anthem", "2 of 2 shows"], ["Bridge Song", "1 of 2 shows"], ["Coda", "1 of 2 shows"]]);
  });

  it("says so when the artist has no past shows and nothing to count", async () => {
    const artist = await world.artist({ songs: ["Only Song"] });
    await world.show(artist, await world.venue(), { startsAt: new Date(Date.now() + 30 * DAY) });

    const client = world.trackClient(appClient());
    renderWithApp(<ArtistPage />, { client, route: `/artists/${artist.slug}`, path: "/artists/:slug" });
    const pastShows = within(await screen.findByRole("region", { name: "Past shows" }));
    expect(await pastShows.findByText("No past shows yet")).toBeInTheDocument();
    const mostPlayed = within(screen.getByRole("region", { name: "Most played" }));
    expect(await mostPlayed.findByText("No setlists to count yet")).toBeInTheDocument();
  });
});
