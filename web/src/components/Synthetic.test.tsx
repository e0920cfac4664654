// Demo labelling against the real stack: the artist page and the show page of
// an artist the sync marked synthetic (artists.synthetic, read through the
// app's own queries) carry a "Synthetic demo data" note; a real artist's pages
// do not. The rows are the test's own, the flag set as the tour sync sets it.

import { describe, expect, it } from "vitest";
import { cleanup, screen } from "@testing-library/react";
import ArtistPage from "../pages/ArtistPage.tsx";
import ShowPage from "../pages/ShowPage.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { appClient } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";
import { anySynthetic, isSynthetic } from "./Synthetic.tsx";

const DAY = 86_400_000;
let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

/** A fixture artist with an upcoming show and its prediction; synthetic as the sync would have marked it. */
async function artistWithShow(synthetic: boolean) {
  const artist = await world.artist({ songs: ["Fixture Anthem", "Fixture Ballad"] });
  await world.sql`update public.artists set synthetic = ${synthetic} where id = ${artist.id}`;
  const show = await world.show(artist, await world.venue(), { startsAt: new Date(Date.now() + 12 * DAY) });
  await world.predictedSetlist(show, artist.songs);
  return { artist, show };
}

function renderPage(page: "artist" | "show", id: string) {
  const client = world.trackClient(appClient());
  return page === "artist"
    ? renderWithApp(<ArtistPage />, { client, route: `/artists/${id}`, path: "/artists/:slug" })
    : renderWithApp(<ShowPage />, { client, route: `/shows/${id}`, path: "/shows/:showId" });
}

describe("Synthetic demo data labels", () => {
  it("the artist page of a synthetic artist says so, next to the name", async () => {
    const { artist } = await artistWithShow(true);
    renderPage("artist", artist.slug);
    const heading = await screen.findByRole("heading", { level: 1, name: artist.name });
    const note = screen.getByRole("note");
    expect(note).toHaveTextContent("Synthetic demo data");
    expect(note).toHaveAttribute("title", expect.stringMatching(/not a real artist/));
    expect(heading.parentElement).toContainElement(note);
  });

  it("a real artist's page has no such label", async () => {
    const { artist } = await artistWithShow(false);
    renderPage("artist", artist.slug);
    await screen.findByRole("heading", { level: 1, name: artist.name });
    expect(await screen.findByRole("heading", { level: 2, name: "Upcoming shows" })).toBeInTheDocument();
    expect(screen.queryByRole("note")).toBeNull();
    expect(screen.queryByText("Synthetic demo data")).toBeNull();
  });

  it("the show page of a synthetic artist says so; a real artist's show does not", async () => {
    const invented = await artistWithShow(true);
    const real = await artistWithShow(false);

    renderPage("show", invented.show.id);
    await screen.findByRole("heading", { level: 1, name: invented.show.name });
    expect(screen.getByRole("note")).toHaveTextContent("Synthetic demo data");

    cleanup();
    renderPage("show", real.show.id);
    await screen.findByRole("heading", { level: 1, name: real.show.name });
    expect(await screen.findByRole("list", { name: /Predicted setlist/ })).toBeInTheDocument();
    expect(screen.queryByText("Synthetic demo data")).toBeNull();
  });
});

describe("isSynthetic", () => {
  it("is the one decision: true only for synthetic: true", () => {
    expect(isSynthetic({ synthetic: true })).toBe(true);
    for (const artist of [undefined, null, {}, { synthetic: false }, { synthetic: null }]) {
      expect(isSynthetic(artist)).toBe(false);
    }
  });
});

describe("anySynthetic", () => {
  it("is true only when an artist carries synthetic: true", () => {
    expect(anySynthetic(undefined)).toBe(false);
    expect(anySynthetic([])).toBe(false);
    expect(anySynthetic([{ synthetic: false }, {}, { synthetic: null }])).toBe(false);
    expect(anySynthetic([{ synthetic: false }, { synthetic: true }])).toBe(true);
  });
});
