// A show that is over, against the real stack: one that never had a
// prediction says so, rather than promising a score that will never come; one
// whose prediction is waiting for its score still says it is waiting.

import { describe, expect, it } from "vitest";
import { screen } from "@testing-library/react";
import ShowPage from "./ShowPage.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { appClient } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";

const DAY = 86_400_000;

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

async function pastShowWithActualSetlist(options: { predicted: boolean }) {
  const artist = await world.artist({ songs: ["Opening Signal", "Second Wave"] });
  const show = await world.show(artist, await world.venue(), {
    startsAt: new Date(Date.now() - 10 * DAY),
    status: "completed",
  });
  if (options.predicted) await world.predictedSetlist(show, artist.songs);
  await world.actualSetlist(show, [{ songId: artist.songs[1].id, title: "Second Wave" }]);
  return show;
}

function renderShow(showId: string) {
  const client = world.trackClient(appClient());
  return renderWithApp(<ShowPage />, { client, route: `/shows/${showId}`, path: "/shows/:showId" });
}

describe("ShowPage after the show", () => {
  it("says no prediction was made for a past show that never had one", async () => {
    const show = await pastShowWithActualSetlist({ predicted: false });
    renderShow(show.id);
    expect(await screen.findByRole("heading", { name: "What was played" }, { timeout: 5_000 })).toBeInTheDocument();
    expect(screen.getByText("No prediction was made for this show")).toBeInTheDocument();
    expect(screen.queryByText("The prediction has not been scored yet.")).not.toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Actual setlist" })).toHaveTextContent("Second Wave");
  });

  it("says a past show's prediction has not been scored yet while its score is missing", async () => {
    const show = await pastShowWithActualSetlist({ predicted: true });
    renderShow(show.id);
    expect(await screen.findByRole("heading", { name: "What was played" }, { timeout: 5_000 })).toBeInTheDocument();
    expect(screen.getByText("The prediction has not been scored yet.")).toBeInTheDocument();
    expect(screen.queryByText("No prediction was made for this show")).not.toBeInTheDocument();
  });
});
