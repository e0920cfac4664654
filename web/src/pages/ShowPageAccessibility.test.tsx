// The show page as a screen reader and a keyboard meet it, against the real
// stack: each song's counts are text in the row (not a label the arrows hide),
// a pending vote keeps its button focusable and ignores repeated presses, and
// the live region speaks the fan's own vote and other fans' votes on that song
// but not the votes on songs the fan left alone. (Focus across a real
// browser's reordering and the sign-up prompt: web/e2e/keyboard.e2e.test.ts.)

import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import ShowPage from "./ShowPage.tsx";
import { ANNOUNCE_EVERY_MS } from "../components/CountAnnouncer.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { appClient, wireFetch } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";

const SONGS = ["Opening Signal", "Second Wave", "Quiet Static"];
const DAY = 86_400_000;
// delivery time is the benchmarks' business; here a broadcast (and the announcement after it) only has to arrive
const LIVE = { timeout: 5_000 };

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

async function votableShow() {
  const artist = await world.artist({ songs: SONGS });
  const show = await world.show(artist, await world.venue(), { startsAt: new Date(Date.now() + 30 * DAY) });
  const setlist = await world.predictedSetlist(show, artist.songs);
  const entry = (title: string) => setlist.songs.find((song) => song.title === title)!;
  return { show, entry };
}

function renderShow(showId: string, options: { fetch?: typeof fetch } = {}) {
  const client = world.trackClient(appClient(options));
  return renderWithApp(<ShowPage />, { client, route: `/shows/${showId}`, path: "/shows/:showId" });
}

function rowOf(title: string): HTMLElement {
  return within(screen.getByRole("list", { name: /Predicted setlist/ })).getByText(title).closest("li")!;
}

/** The prediction's polite live region. */
function liveRegion(): HTMLElement {
  return within(screen.getByRole("region", { name: "Predicted setlist" })).getByRole("status");
}

describe("ShowPage for screen readers and keyboards", () => {
  it("puts each song's counts in the row as text, with the arrows and the net number hidden", async () => {
    const { show, entry } = await votableShow();
    await world.vote(await world.fan("guest"), entry("Second Wave").id, 1);
    await world.vote(await world.fan("guest"), entry("Second Wave").id, -1);
    await world.vote(await world.fan("guest"), entry("Second Wave").id, 1);
    renderShow(show.id);
    await screen.findByRole("list", { name: /Predicted setlist/ });

    const row = rowOf("Second Wave");
    expect(within(row).getByText("2 up, 1 down")).toHaveClass("visually-hidden");
    // what is read in the row, in order: the title, the counts, the two buttons
    const tally = row.querySelector(".tally")!;
    expect(tally).not.toHaveAttribute("aria-label");
    expect(
      [...tally.children].filter((child) => child.getAttribute("aria-hidden") !== "true").map((c) => c.textContent),
    )
      .toEqual(["2 up, 1 down"]);
    expect(within(rowOf("Quiet Static")).getByText("0 up, 0 down")).toBeInTheDocument();
  });

  it("keeps a pending vote's button focusable and ignores presses until the database answers", async () => {
    const { show, entry } = await votableShow();
    const wire = wireFetch();
    renderShow(show.id, { fetch: wire.fetch });
    const up = await screen.findByRole("button", { name: "Vote up Quiet Static" });
    const held = wire.holdNext("/rest/v1/rpc/cast_vote");

    await userEvent.click(up);
    expect(await held.arrived).toEqual({ setlist_song_id: entry("Quiet Static").id, value: 1 });
    expect(up).toHaveAttribute("aria-disabled", "true");
    expect(up).toBeEnabled();
    expect(up).toHaveFocus();
    // a second press while the first is on its way would take the vote back; it is ignored
    await userEvent.click(up);
    await userEvent.keyboard("{Enter}");
    held.release();

    await waitFor(() => expect(up).not.toHaveAttribute("aria-disabled"));
    expect(up).toHaveAttribute("aria-pressed", "true");
    expect(up).toHaveFocus();
    expect(wire.sent("/rest/v1/rpc/cast_vote")).toHaveLength(1);
    expect(await world.sql`select value from public.votes where setlist_song_id = ${entry("Quiet Static").id}`)
      .toEqual([{ value: 1 }]);
  });

  it("announces the fan's vote and other fans' votes on that song, and keeps quiet about other songs", async () => {
    const { show, entry } = await votableShow();
    renderShow(show.id);
    await waitFor(() => expect(screen.getByText("Live")).toBeInTheDocument(), LIVE);
    expect(liveRegion()).toHaveAttribute("aria-live", "polite");
    expect(liveRegion()).toHaveTextContent(/^$/);

    await userEvent.click(screen.getByRole("button", { name: "Vote up Quiet Static" }));
    // said once the region's second has passed
    await waitFor(() => expect(liveRegion()).toHaveTextContent("Quiet Static: 1 up, 0 down."), LIVE);

    // another fan's vote on a song this fan left alone: the list changes, the region does not
    await world.vote(await world.fan("guest"), entry("Second Wave").id, 1);
    await waitFor(() => expect(within(rowOf("Second Wave")).getByTestId("upvotes")).toHaveTextContent("1"), LIVE);
    await new Promise((resolve) => setTimeout(resolve, ANNOUNCE_EVERY_MS * 2));
    expect(liveRegion()).toHaveTextContent("Quiet Static: 1 up, 0 down.");

    // another fan's vote on the song this fan voted on is said
    await world.vote(await world.fan("guest"), entry("Quiet Static").id, -1);
    await waitFor(() => expect(liveRegion()).toHaveTextContent("Quiet Static: 1 up, 1 down."), LIVE);
  });
});
