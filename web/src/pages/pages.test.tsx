// Search with import, the import page filling in, the account page and the
// home page with its search box, against the real stack. Each test makes its
// own rows (named "Test Fixture ... <tag>") and removes them; Ticketmaster is
// the stack's synthetic upstream (demo mode), the only part that stands in for
// a real API.

import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import SearchPage from "./SearchPage.tsx";
import ImportPage from "./ImportPage.tsx";
import AccountPage from "./AccountPage.tsx";
import HomePage from "./HomePage.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { appClient, ticketmasterSearch, upstreamUrl, wireFetch } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";
import type { TicketmasterArtist } from "../data/search.ts";
import { queryKeys } from "../data/keys.ts";
import { fetchMyVotes } from "../data/votes.ts";

const DAY = 86_400_000;
let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

function render(ui: ReactElement, route: string, path: string, options: {
  fetch?: typeof fetch;
  extraRoutes?: { path: string; element: ReactElement }[];
} = {}) {
  const client = world.trackClient(appClient({ fetch: options.fetch }));
  return { client, ...renderWithApp(ui, { client, route, path, extraRoutes: options.extraRoutes }) };
}

/** A running import of a fixture artist, at its setlists stage with `counts` found so far. */
function runningImport(artist: { id: string; name: string }, counts: { shows: number; songs: number }) {
  return world.importJob({
    kind: "artist_import",
    ticketmasterId: `fixture-${world.tag}`,
    name: artist.name,
    status: "running",
    progress: { step: "setlists", artist_id: artist.id, ...counts },
  });
}

// The synthetic Ticketmaster's acts that tour outside its markets: only an
// on-demand import brings them into TheSet, so some are normally absent.
const OUTSIDE_MARKETS = ["Distant Harbors", "Kōri no Uta", "Plaza Mayor Collective", "Fjordlight"];

/** A Ticketmaster artist TheSet lacks and is not importing, as the search page lists it. */
async function importableArtists(): Promise<TicketmasterArtist[]> {
  const found: TicketmasterArtist[] = [];
  for (const name of OUTSIDE_MARKETS) {
    const match = (await ticketmasterSearch<TicketmasterArtist>(name)).find((a) => a.name === name);
    if (match && match.artist === null && match.import_job_id === null) found.push(match);
  }
  if (found.length === 0) {
    throw new Error(`every one of ${OUTSIDE_MARKETS.join(", ")} is imported already: delete one to run this test`);
  }
  return found;
}

/**
 * Takes the test's fault off the upstream again, spent or not (a failed test
 * may not have used it up). The control API clears all faults at once, so it
 * does so only when no one else's fault is still waiting.
 */
async function clearFaultFor(ticketmasterId: string): Promise<void> {
  const faults = await (await fetch(`${upstreamUrl()}/__control/faults`)).json() as {
    path?: string;
    hits: number;
    times?: number;
  }[];
  const othersPending = faults.some((fault) =>
    !fault.path?.includes(ticketmasterId) && fault.hits < (fault.times ?? Infinity)
  );
  if (!othersPending) {
    const cleared = await fetch(`${upstreamUrl()}/__control/faults`, { method: "DELETE" });
    expect(cleared.status).toBe(200);
    await cleared.body?.cancel();
  }
}

describe("SearchPage typo tolerance (search_catalog)", () => {
  it("finds an artist and its upcoming show through a typo, and leaves out a past show", async () => {
    const artist = await world.artist();
    const venue = await world.venue();
    const upcoming = await world.show(artist, venue, { startsAt: new Date(Date.now() + 9 * DAY) });
    await world.show(artist, venue, { startsAt: new Date(Date.now() - 9 * DAY), status: "completed" });
    await world.snapshotTicketmasterCache();
    // one letter of the tag dropped: a substring search (ILIKE) finds nothing, search_catalog does
    const typo = world.tag.slice(0, 4) + world.tag.slice(5);
    render(<SearchPage />, `/search?q=${encodeURIComponent(typo)}`, "/search");

    const inTheSet = within(await screen.findByRole("region", { name: "In TheSet" }));
    await waitFor(() =>
      expect(inTheSet.getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual([
        `/artists/${artist.slug}`,
        `/shows/${upcoming.id}`,
      ])
    );
    expect(inTheSet.getAllByRole("link")[0]).toHaveTextContent(artist.name);
  });
});

describe("SearchPage", () => {
  it("finds artists and shows in the database as you type", async () => {
    const artist = await world.artist({ songs: ["Fixture Song"] });
    const show = await world.show(artist, await world.venue(), { startsAt: new Date(Date.now() + 20 * DAY) });
    await world.snapshotTicketmasterCache();
    render(<SearchPage />, "/search", "/search");

    await userEvent.type(screen.getByLabelText("Search artists and shows"), world.tag);
    const inTheSet = within(await screen.findByRole("region", { name: "In TheSet" }));
    await waitFor(() =>
      expect(inTheSet.getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual([
        `/artists/${artist.slug}`,
        `/shows/${show.id}`,
      ])
    );
    const [artistLink, showLink] = inTheSet.getAllByRole("link");
    expect(artistLink).toHaveTextContent(artist.name);
    expect(showLink).toHaveTextContent(show.name);
    // Ticketmaster was asked too, and knows no such artist
    expect(await screen.findByText(`Ticketmaster has no artist matching “${world.tag}”`)).toBeInTheDocument();
  });

  it("waits for the database's shortest query before searching", async () => {
    const { fetch, events } = wireFetch();
    render(<SearchPage />, "/search", "/search", { fetch });
    await userEvent.type(screen.getByLabelText("Search artists and shows"), "s");
    // the 2 is public.search_rules.min_query_length, the only request the page makes
    expect(await screen.findByText("Type at least 2 characters.")).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(events.filter((event) => event.step === "sent").map((event) => event.path)).toEqual([
      "/rest/v1/search_rules",
    ]);
  });

  it.skipIf(!upstreamUrl())(
    "offers Ticketmaster-only artists for import, opens the live import, then shows it as importing",
    async () => {
      await world.snapshotTicketmasterCache();
      const [artist] = await importableArtists();
      render(<SearchPage />, `/search?q=${encodeURIComponent(artist.name)}`, "/search", {
        extraRoutes: [{ path: "/imports/:jobId", element: <ImportPage /> }],
      });
      const onTicketmaster = within(await screen.findByRole("region", { name: "On Ticketmaster" }));
      const row = (await onTicketmaster.findByText(artist.name)).closest("li")!;
      const meta = [
        artist.genres.slice(0, 2).join(" · "),
        artist.upcoming_events !== null ? `${artist.upcoming_events} upcoming events` : "",
      ].filter(Boolean).join(" · ");
      expect(row.querySelector(".card-meta")!.textContent).toBe(meta);

      // a live job for this artist, not yet due: the function joins it as it joins any live
      // import, and pg_cron's import-artist leaves it alone while the test runs
      const jobId = await world.importJob({
        kind: "artist_import",
        ticketmasterId: artist.ticketmaster_id,
        name: artist.name,
      });
      await userEvent.click(within(row).getByRole("button", { name: `Import ${artist.name}` }));
      expect(await screen.findByRole("heading", { level: 2, name: "Waiting for the importer" })).toBeInTheDocument();
      expect(screen.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("value", "0");
      const live = await world.sql`
        select id::int from public.import_jobs
        where dedupe_key = ${`tm:${artist.ticketmaster_id}`} and status in ('queued', 'running')`;
      expect(live).toEqual([{ id: jobId }]);

      cleanup();
      render(<SearchPage />, `/search?q=${encodeURIComponent(artist.name)}`, "/search");
      const again = (await screen.findByRole("link", { name: "Importing…" })).closest("li")!;
      expect(again).toHaveTextContent(artist.name);
      expect(within(again).getByRole("link", { name: "Importing…" })).toHaveAttribute("href", `/imports/${jobId}`);
    },
  );

  it.skipIf(!upstreamUrl())("shows an import refusal in words and stays on the page", async () => {
    await world.snapshotTicketmasterCache();
    const [artist] = await importableArtists();
    render(<SearchPage />, `/search?q=${encodeURIComponent(artist.name)}`, "/search", {
      extraRoutes: [{ path: "/imports/:jobId", element: <p>an import page</p> }],
    });
    const button = await screen.findByRole("button", { name: `Import ${artist.name}` });

    // Ticketmaster drops the attraction between the search and the click: its next lookup is a 404
    await world.sql`
      delete from public.api_cache
      where provider = 'ticketmaster' and cache_key like ${`%/attractions/${artist.ticketmaster_id}.json%`}`;
    const fault = await fetch(`${upstreamUrl()}/__control/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        provider: "ticketmaster",
        path: `/attractions/${artist.ticketmaster_id}.json`,
        kind: "status",
        status: 404,
        times: 1,
      }),
    });
    expect(fault.status).toBe(201);
    try {
      await userEvent.click(button);
      expect(await screen.findByRole("alert")).toHaveTextContent(
        "Ticketmaster no longer lists this artist, so it can't be imported.",
      );
    } finally {
      await clearFaultFor(artist.ticketmaster_id);
    }
    expect(screen.queryByText("an import page")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: `Import ${artist.name}` })).toBeEnabled();
    expect(await world.sql`select 1 from public.import_jobs where dedupe_key = ${`tm:${artist.ticketmaster_id}`}`)
      .toHaveLength(0);
  });
});

describe("ImportPage", () => {
  it("shows the job's progress and the artist's page filling in as rows land", async () => {
    const artist = await world.artist({ songs: ["Landing Song"] });
    const show = await world.show(artist, await world.venue(), { startsAt: new Date(Date.now() + 40 * DAY) });
    const jobId = await runningImport(artist, { shows: 4, songs: 12 });
    render(<ImportPage />, `/imports/${jobId}`, "/imports/:jobId");
    expect(await screen.findByRole("heading", { level: 2, name: "Importing setlists" })).toBeInTheDocument();
    expect(screen.getByText("4 shows, 12 songs")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("value", "3");
    expect(await screen.findByRole("heading", { level: 1, name: artist.name })).toBeInTheDocument();
    expect(await screen.findByText("Landing Song")).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: new RegExp(show.name) })).toBeInTheDocument();

    // a song lands while the page is open
    await world.sql`insert into public.songs (artist_id, title) values (${artist.id}, 'Second Landing')`;
    expect(await screen.findByText("Second Landing", {}, { timeout: 6_000 })).toBeInTheDocument();
  });

  it("fills in the setlist of a past show already on the page as it lands, and stops asking once done", async () => {
    const artist = await world.artist({ songs: ["Landed Opener", "Landed Closer"] });
    const [opener, closer] = artist.songs;
    const past = await world.show(artist, await world.venue(), {
      startsAt: new Date(Date.now() - 30 * DAY),
      status: "completed",
    });
    const jobId = await runningImport(artist, { shows: 1, songs: 2 });
    const { fetch, sent } = wireFetch();
    render(<ImportPage />, `/imports/${jobId}`, "/imports/:jobId", { fetch });
    const pastShows = await screen.findByRole("region", { name: "Past shows" });
    expect(await within(pastShows).findByText("no setlist")).toBeInTheDocument();

    // setlist.fm's setlist of that show lands while the page is open
    await world.actualSetlist(past, [
      { songId: opener.id, title: opener.title },
      { songId: closer.id, title: closer.title },
    ]);
    expect(await within(pastShows).findByText("2 songs", {}, { timeout: 6_000 })).toBeInTheDocument();
    expect(within(pastShows).getByText("Landed Opener")).toBeInTheDocument();
    expect(within(pastShows).getByText("Landed Closer")).toBeInTheDocument();
    expect(within(pastShows).queryByText("no setlist")).not.toBeInTheDocument();

    await world.sql`update public.import_jobs set status = 'done', finished_at = now() where id = ${jobId}`;
    expect(await screen.findByRole("heading", { level: 2, name: "Import finished" }, { timeout: 4_000 }))
      .toBeInTheDocument();
    // the finished job's render has swapped the queries' options (their timers) by the next macrotask
    await new Promise((resolve) => setTimeout(resolve, 100));
    const setlistReads = () => sent("/rest/v1/setlists").length;
    const readsWhenDone = setlistReads();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(setlistReads()).toBe(readsWhenDone);
  });

  it("says an unknown import is unknown, without polling forever", async () => {
    const [{ next }] = await world.sql<{ next: number }[]>`
      select coalesce(max(id), 0)::int + 1000000 as next from public.import_jobs`;
    const { fetch, sent } = wireFetch();
    render(<ImportPage />, `/imports/${next}`, "/imports/:jobId", { fetch });
    expect(await screen.findByRole("alert")).toHaveTextContent("There is no such import.");
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(sent("/rest/v1/rpc/import_job_status")).toHaveLength(1);
  });
});

describe("AccountPage", () => {
  it("signs in with email and password, refuses a wrong password, and signs out again, forgetting their votes", async () => {
    const fan = await world.fan("email", "right password");
    const artist = await world.artist({ songs: ["Voted Song"] });
    const show = await world.show(artist, null, { startsAt: new Date(Date.now() + 20 * DAY) });
    const setlist = await world.predictedSetlist(show, artist.songs);
    const [voted] = setlist.songs;
    await world.vote(fan, voted.id, 1);
    const { client, queryClient } = render(<AccountPage />, "/account", "/account");
    await userEvent.click(await screen.findByRole("button", { name: "I already have an account" }));
    await userEvent.type(screen.getByLabelText("Email"), fan.email!);
    await userEvent.type(screen.getByLabelText("Password"), "wrong password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong email or password.");
    expect((await client.auth.getSession()).data.session).toBeNull();

    await userEvent.clear(screen.getByLabelText("Password"));
    await userEvent.type(screen.getByLabelText("Password"), "right password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText(fan.email!)).toBeInTheDocument();
    expect((await client.auth.getSession()).data.session?.user.id).toBe(fan.userId);
    // their votes in the cache, read as the show page reads them
    const votesKey = queryKeys.votes.mine(fan.userId, setlist.id);
    expect(await queryClient.fetchQuery({ queryKey: votesKey, queryFn: () => fetchMyVotes(client, [voted.id]) }))
      .toEqual({ [voted.id]: 1 });

    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByText("You're signed out.")).toBeInTheDocument();
    expect((await client.auth.getSession()).data.session).toBeNull();
    expect(queryClient.getQueryData(votesKey)).toBeUndefined();
  });

  it("says an email is taken when creating an account with it", async () => {
    const fan = await world.fan("email");
    const { client } = render(<AccountPage />, "/account", "/account");
    await userEvent.type(await screen.findByLabelText("Email"), fan.email!);
    await userEvent.type(screen.getByLabelText("Password"), "another password");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "An account with this email already exists: sign in instead.",
    );
    expect((await client.auth.getSession()).data.session).toBeNull();
    expect(await world.sql`select 1 from auth.users where email = ${fan.email}`).toHaveLength(1);
  });

  it("refuses a malformed email before sending anything", async () => {
    const { fetch, events } = wireFetch();
    render(<AccountPage />, "/account", "/account", { fetch });
    await userEvent.type(await screen.findByLabelText("Email"), "not-an-email");
    await userEvent.type(screen.getByLabelText("Password"), "long enough");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That email address doesn't look right.");
    expect(events.filter((event) => event.path.startsWith("/auth/v1"))).toEqual([]);
  });
});

/**
 * Both trending views, keyed the way the cards link: show id, artist slug.
 * Only rows whose show or artist still exists: other test files delete theirs
 * while the views keep them until the next refresh, and a page cannot list them.
 */
async function trendingNow() {
  const shows = await world.sql<{ key: string; score: number }[]>`
    select t.show_id::text as key, t.score from public.trending_shows t join public.shows s on s.id = t.show_id`;
  const artists = await world.sql<{ key: string; score: number }[]>`
    select a.slug as key, t.score from public.trending_artists t join public.artists a on a.id = t.artist_id`;
  return { shows, artists };
}

/** Whether `keys` is the first 8 of `rows` by score, highest first (ties in any order). */
function isTopByScore(keys: string[], rows: { key: string; score: number }[]): boolean {
  const score = new Map(rows.map((row) => [row.key, Number(row.score)]));
  if (keys.length !== Math.min(8, rows.length) || keys.some((key) => !score.has(key))) return false;
  const listedScores = keys.map((key) => score.get(key)!);
  const inOrder = listedScores.every((value, index) => index === 0 || value <= listedScores[index - 1]);
  const lowestListed = Math.min(...listedScores);
  const unlisted = rows.filter((row) => !keys.includes(row.key)).map((row) => Number(row.score));
  return inOrder && unlisted.every((value) => value <= lowestListed);
}

describe("HomePage", () => {
  it("groups upcoming shows by market and shows what is trending", async () => {
    // three shows today in a market of the test's own, so it ranks among the markets listed
    const artist = await world.artist();
    const venue = await world.venue({ city: world.name("City"), country: "NZ", timezone: "Pacific/Auckland" });
    const soon = Date.now() + 3 * 3_600_000;
    const shows = [];
    for (const [index, hour] of [0, 1, 2].entries()) {
      shows.push(
        await world.show(artist, venue, {
          startsAt: new Date(soon + hour * 60_000),
          name: world.name(`Night ${index + 1}`),
        }),
      );
    }
    const before = await trendingNow();
    render(<HomePage />, "/", "/");
    const markets = await screen.findByRole("group", { name: "Market" });
    const ours = within(markets).getByRole("button", { name: `${venue.city}, NZ 3` });
    await userEvent.click(ours);
    expect(ours).toHaveAttribute("aria-pressed", "true");
    const list = await screen.findByRole("list", { name: `Upcoming shows in ${venue.city}, NZ` });
    expect(within(list).getAllByRole("listitem").map((li) => li.querySelector(".card-title")?.textContent)).toEqual(
      shows.map((show) => show.name),
    );

    // trending reads the materialized views: the page lists a top 8 by score of
    // what they hold (scores can tie), or says nothing trends. A refresh may
    // land while the test reads, so either snapshot around the page will do.
    await waitFor(() => expect(screen.queryAllByText(/Loading trending/)).toHaveLength(0));
    const after = await trendingNow();
    const listed = (region: string, prefix: string) =>
      within(screen.getByRole("region", { name: region })).queryAllByRole("link").map((link) =>
        link.getAttribute("href")!.slice(prefix.length)
      );
    const shown = { shows: listed("Trending shows", "/shows/"), artists: listed("Trending artists", "/artists/") };
    expect(
      [before, after].some((snapshot) =>
        isTopByScore(shown.shows, snapshot.shows) && isTopByScore(shown.artists, snapshot.artists)
      ),
    ).toBe(true);
    if (shown.shows.length === 0) expect(screen.getByText("Nothing trending yet")).toBeInTheDocument();
    if (shown.artists.length === 0) expect(screen.getByText("No trending artists yet")).toBeInTheDocument();
  });

  it("opens the search page with what was typed in the search box, trimmed", async () => {
    const artist = await world.artist();
    await world.snapshotTicketmasterCache();
    render(<HomePage />, "/", "/", { extraRoutes: [{ path: "/search", element: <SearchPage /> }] });
    await userEvent.type(screen.getByRole("searchbox", { name: "Search artists and shows" }), `  ${artist.name} `);
    await userEvent.click(screen.getByRole("button", { name: "Search" }));

    expect(await screen.findByRole("heading", { level: 1, name: "Search" })).toBeInTheDocument();
    expect(screen.getByRole("searchbox", { name: "Search artists and shows" })).toHaveValue(artist.name);
    const inTheSet = within(await screen.findByRole("region", { name: "In TheSet" }));
    expect(await inTheSet.findByRole("link", { name: new RegExp(artist.name) })).toHaveAttribute(
      "href",
      `/artists/${artist.slug}`,
    );
  });

  it('says "Synthetic demo data" once when a trending artist is synthetic, and not otherwise', async () => {
    // eight real fixture artists, each with a show in a few hours that three fans voted on,
    // rank above anything without votes: they are the trending artists the page lists
    const fans = [await world.fan("email"), await world.fan("email"), await world.fan("email")];
    const venue = await world.venue();
    const artists = [];
    for (let index = 0; index < 8; index++) {
      const artist = await world.artist({ songs: ["Trending Song"], name: world.name(`Trending Band ${index}`) });
      const show = await world.show(artist, venue, { startsAt: new Date(Date.now() + 3 * 3_600_000) });
      const setlist = await world.predictedSetlist(show, artist.songs);
      for (const fan of fans) await world.vote(fan, setlist.songs[0].id, 1);
      artists.push(artist);
    }
    try {
      await world.sql`select public.refresh_trending()`;
      const top = await world.sql<{ id: string }[]>`
        select artist_id::text as id from public.trending_artists order by rank limit 8`;
      expect(new Set(top.map((row) => row.id))).toEqual(new Set(artists.map((artist) => artist.id)));

      render(<HomePage />, "/", "/");
      const trending = within(await screen.findByRole("region", { name: "Trending artists" }));
      expect(await trending.findAllByRole("link")).toHaveLength(8);
      expect(screen.queryByText(/Synthetic demo data/)).toBeNull();

      // the sync marks one of them synthetic, as it does every artist of the demo upstream
      await world.sql`update public.artists set synthetic = true where id = ${artists[5].id}`;
      cleanup();
      render(<HomePage />, "/", "/");
      const banner = await screen.findByRole("note");
      expect(banner).toHaveTextContent(/^Synthetic demo data: .*not real\.$/);
      expect(screen.getAllByText(/Synthetic demo data/)).toHaveLength(1);
    } finally {
      // the views must not keep listing artists the cleanup removes
      await world.sql`delete from public.artists where id = any(${artists.map((artist) => artist.id)}::uuid[])`;
      await world.sql`select public.refresh_trending()`;
    }
  });
});
