// Fans come back, against the real stack: following an artist (a visitor
// becomes a guest), the profile form and its refusals, a notification that
// arrives live when the tour sync (service role) adds a show in the fan's
// city, and points on /me and the leaderboard once the show is scored.

import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import ArtistPage from "./ArtistPage.tsx";
import MePage from "./MePage.tsx";
import LeaderboardPage from "./LeaderboardPage.tsx";
import NotificationsPage from "./NotificationsPage.tsx";
import { NotificationBell } from "../components/NotificationBell.tsx";
import { ProfileForm } from "../components/ProfileForm.tsx";
import { renderWithApp } from "../../test/render.tsx";
import { appClient } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";
import type { TheSetClient } from "../lib/supabase.ts";

const DAY = 86_400_000;

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

/** An app client signed in with a fresh email account, removed at cleanup. */
async function signedInAppClient(): Promise<{ client: TheSetClient; userId: string }> {
  const client = world.trackClient(appClient());
  const email = `fixture-fan-${world.tag}-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const { data, error } = await client.auth.signUp({ email, password: "test fixture password" });
  if (error || !data.user) throw new Error(`could not sign up: ${error?.message}`);
  return { client, userId: data.user.id };
}

function uniqueHandle(): string {
  return `fx${world.tag}`.slice(0, 20);
}

describe("following an artist", () => {
  it("a visitor follows as a guest, the real count moves, and unfollowing takes it back", async () => {
    const artist = await world.artist({ songs: ["Anthem"] });
    const client = world.trackClient(appClient());
    renderWithApp(<ArtistPage />, { client, route: `/artists/${artist.slug}`, path: "/artists/:slug" });

    const follow = await screen.findByRole("button", { name: `Follow ${artist.name}` }, { timeout: 5000 });
    await waitFor(() => expect(screen.getByTestId("follower-count")).toHaveTextContent("0 followers"), {
      timeout: 5000,
    });
    fireEvent.click(follow);
    await waitFor(
      () => expect(screen.getByRole("button", { name: "Following" })).toHaveAttribute("aria-pressed", "true"),
      { timeout: 5000 },
    );
    await waitFor(() => expect(screen.getByTestId("follower-count")).toHaveTextContent("1 follower"), {
      timeout: 5000,
    });
    // the optimistic answer first, then the database's (the button is enabled again once it is in)
    await waitFor(() => expect(screen.getByRole("button", { name: "Following" })).toBeEnabled(), { timeout: 5000 });

    const { data } = await client.auth.getSession();
    expect(data.session?.user.is_anonymous).toBe(true);
    const rows = await world.sql`select user_id from public.follows where artist_id = ${artist.id}`;
    expect(rows.map((row) => row.user_id)).toEqual([data.session!.user.id]);

    fireEvent.click(await screen.findByRole("button", { name: "Following" }));
    await screen.findByRole("button", { name: `Follow ${artist.name}` }, { timeout: 5000 });
    await waitFor(() => expect(screen.getByTestId("follower-count")).toHaveTextContent("0 followers"), {
      timeout: 5000,
    });
    await waitFor(() => expect(screen.getByRole("button", { name: `Follow ${artist.name}` })).toBeEnabled(), {
      timeout: 5000,
    });
    expect(await world.sql`select 1 from public.follows where artist_id = ${artist.id}`).toHaveLength(0);
  });
});

describe("the profile form", () => {
  it("shows the database's refusal for a reserved handle and saves a valid one", async () => {
    const { client, userId } = await signedInAppClient();
    renderWithApp(<ProfileForm />, { client });

    const handle = await screen.findByLabelText("Handle");
    // the stored profile (none yet) has loaded once Save is enabled
    await waitFor(() => expect(screen.getByRole("button", { name: "Save profile" })).toBeEnabled());
    fireEvent.change(handle, { target: { value: "Admin" } });
    fireEvent.change(screen.getByLabelText("Home city"), { target: { value: "Testville" } });
    fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That handle is reserved. Pick another one.");
    expect(await world.sql`select 1 from public.profiles where user_id = ${userId}`).toHaveLength(0);

    fireEvent.change(handle, { target: { value: uniqueHandle() } });
    fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Profile saved.");
    const [row] = await world.sql`select handle, home_city from public.profiles where user_id = ${userId}`;
    expect(row).toEqual({ handle: uniqueHandle(), home_city: "Testville" });
  });

  it("keeps the home point saved from /near while the city stays, and drops it with a new city", async () => {
    const { client, userId } = await signedInAppClient();
    const saved = await client.rpc("set_profile", {
      handle: "",
      home_city: "Testville",
      home_latitude: 51.5,
      home_longitude: -0.12,
    });
    expect(saved.error).toBeNull();
    renderWithApp(<ProfileForm />, { client });
    await waitFor(() => expect(screen.getByLabelText("Home city")).toHaveValue("Testville"));
    fireEvent.change(screen.getByLabelText("Handle"), { target: { value: uniqueHandle() } });
    fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Profile saved.");
    const point = async () =>
      (await world.sql`select home_latitude, home_longitude from public.profiles where user_id = ${userId}`)[0];
    expect(await point()).toEqual({ home_latitude: 51.5, home_longitude: -0.12 });

    fireEvent.change(screen.getByLabelText("Home city"), { target: { value: "Othertown" } });
    fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    await waitFor(async () => expect(await point()).toEqual({ home_latitude: null, home_longitude: null }));
  });
});

describe("notifications and points", () => {
  it("a show announced in the fan's city rings the bell live; marking all read clears it", async () => {
    const artist = await world.artist({ songs: ["Anthem"] });
    const venue = await world.venue();
    const { client, userId } = await signedInAppClient();
    expect((await client.rpc("set_profile", { handle: "", home_city: venue.city })).error).toBeNull();
    expect((await client.rpc("follow_artist", { artist_id: artist.id })).error).toBeNull();

    renderWithApp(
      <>
        <NotificationBell />
        <NotificationsPage />
      </>,
      { client },
    );
    expect(await screen.findByText("Nothing yet", undefined, { timeout: 5000 })).toBeInTheDocument();
    // the private channel is joined before the event, so only live delivery can bring it
    await waitFor(() =>
      expect(screen.getByRole("link", { name: "Notifications" })).toHaveAttribute("data-live", "true")
    );

    // the tour sync writes shows as the service role
    await world.sql.begin(async (tx) => {
      await tx`set local role service_role`;
      await tx`insert into public.shows (artist_id, venue_id, name, starts_at, local_date)
        values (${artist.id}, ${venue.id}, ${world.name("Announced Night")}, now() + interval '40 days',
                (now() + interval '40 days')::date)`;
    });

    expect(await screen.findByRole("link", { name: "Notifications, 1 unread" }, { timeout: 5000 }))
      .toBeInTheDocument();
    const said = `${artist.name} announced a show in ${venue.city} at ${venue.name}.`;
    // read out by the bell's live region, and at the top of the list
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent(said));
    const list = await screen.findByRole("list", { name: "1 unread" });
    expect(within(list).getByText(said)).toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Mark all read" }));
    expect(await screen.findByRole("link", { name: "Notifications" })).toBeInTheDocument();
    const [row] = await world.sql`select read_at from public.notifications where user_id = ${userId}`;
    expect(row.read_at).not.toBeNull();
    await world.sql`delete from realtime.messages where topic = ${"user:" + userId}`;
  });

  it("after scoring, /me shows the fan's points and the artist leaderboard ranks them by handle", async () => {
    const artist = await world.artist({ songs: ["Anthem", "Ballad"] });
    const [anthem, ballad] = artist.songs;
    const show = await world.show(artist, await world.venue(), { startsAt: new Date(Date.now() + 10 * DAY) });
    const prediction = await world.predictedSetlist(show, [anthem, ballad]);
    const { client, userId } = await signedInAppClient();
    expect((await client.rpc("set_profile", { handle: uniqueHandle(), home_city: "" })).error).toBeNull();
    expect((await client.rpc("cast_vote", { setlist_song_id: prediction.songs[0].id, value: 1 })).error).toBeNull();
    expect((await client.rpc("cast_vote", { setlist_song_id: prediction.songs[1].id, value: -1 })).error).toBeNull();

    // the show happens; setlist.fm has Anthem only; the setlist sync scores it
    await world.sql`update public.shows set starts_at = now() - interval '1 day', local_date = current_date - 1
      where id = ${show.id}`;
    await world.actualSetlist(show, [{ songId: anthem.id, title: anthem.title }]);
    await world.sql`select public.score_prediction(${show.id})`;

    const me = renderWithApp(<MePage />, { client });
    expect(await screen.findByTestId("my-points")).toHaveTextContent("15 points");
    const past = within(screen.getByRole("region", { name: "My past shows" }));
    expect(past.getByText("15 points")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Total points after each scored show" })).toBeInTheDocument();
    me.unmount();

    renderWithApp(<LeaderboardPage />, {
      client,
      route: `/leaderboard/artists/${artist.slug}`,
      path: "/leaderboard/artists/:slug",
    });
    const table = await screen.findByRole("table");
    const [, first] = within(table).getAllByRole("row");
    expect(first).toHaveTextContent(uniqueHandle());
    expect(first).toHaveTextContent("you");
    expect(within(first).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(
      expect.arrayContaining(["1", "15"]),
    );
    await world.sql`delete from realtime.messages where topic = ${"user:" + userId}`;
  });
});
