// The home page's market pick on a slow phone: the pressed button paints in a
// commit of its own, and the list below follows (scripts/bench phone: the
// pick's click-to-paint). Against the real stack, with a market of the test's own.

import { Profiler } from "react";
import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import HomePage from "./HomePage.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { appClient } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

describe("HomePage's market pick", () => {
  it("paints a market pick before it swaps the list below it (the list follows in a commit of its own)", async () => {
    // a market of the test's own, so at least two are listed
    const artist = await world.artist();
    const venue = await world.venue({ city: world.name("City"), country: "NZ", timezone: "Pacific/Auckland" });
    for (const hour of [0, 1, 2]) {
      await world.show(artist, venue, { startsAt: new Date(Date.now() + (3 + hour) * 3_600_000) });
    }
    // what each commit of the page showed: the pressed market and the list's market
    const commits: { pressed: string | null; list: string | null }[] = [];
    const snapshot = () =>
      commits.push({
        pressed: document.querySelector('.segmented [aria-pressed="true"]')?.textContent ?? null,
        list: document.querySelector('ul[aria-label^="Upcoming shows in "]')?.getAttribute("aria-label") ?? null,
      });
    const client = world.trackClient(appClient());
    renderWithApp(
      <Profiler id="home" onRender={snapshot}>
        <HomePage />
      </Profiler>,
      { client, route: "/", path: "/" },
    );
    const markets = await screen.findByRole("group", { name: "Market" });
    const firstList = await screen.findByRole("list", { name: /^Upcoming shows in / });
    const before = firstList.getAttribute("aria-label");
    const other = within(markets).getAllByRole("button", { pressed: false })[0];
    commits.length = 0;
    await userEvent.click(other);
    expect(other).toHaveAttribute("aria-pressed", "true");
    const picked = other.textContent;
    // the first commit after the click pressed the button and left the list as it was
    expect(commits[0]).toEqual({ pressed: picked, list: before });
    // then the list moved on to the picked market
    await waitFor(() => expect(screen.queryByRole("list", { name: before! })).toBeNull());
  });
});
