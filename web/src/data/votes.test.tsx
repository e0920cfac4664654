// useCastVote through renderHook, against the real stack: the vote shows in the
// cache before the database has it, the server's answer replaces the guess, a
// refusal rolls back exactly the refused vote, a guest's refusal offers an
// account and a retry, and two quick votes on one show reach cast_vote one
// after the other in click order. A wire fetch holds a cast_vote request before
// it leaves, so a test can look at the cache in between. Fans are real users
// signed in through /auth/v1; every vote goes through cast_vote.

import { describe, expect, it } from "vitest";
import { act, waitFor } from "@testing-library/react";
import { renderHookWithApp } from "../../test/render.tsx";
import { appClient, type Wire, wireFetch } from "../../test/stack.ts";
import {
  type FixtureSetlist,
  type FixtureShow,
  type FixtureWorld,
  freshWorldEachTest,
  LIVE_DELIVERY,
} from "../../test/fixtures.ts";
import type { TheSetClient } from "../lib/supabase.ts";
import { createAccount } from "./auth.tsx";
import { useShowLive } from "./live.ts";
import { useShowSetlistsQuery } from "./setlists.ts";
import { useCastVote, useMyVotesQuery, type VoteValue } from "./votes.ts";

const SONGS = ["Opening Signal", "Second Wave", "Quiet Static"];
const CAST_VOTE = "/rest/v1/rpc/cast_vote";
const LIVE = LIVE_DELIVERY;

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

/** An upcoming show whose prediction is the artist's three songs, with no votes yet. */
const votableShow = () => world.votableShow(SONGS);

/** An app client talking through `wire`, signed in as a fan with an account (guests get only one vote). */
async function signedInFan(wire: Wire) {
  const fan = await world.fan("email");
  const client = world.trackClient(appClient({ fetch: wire.fetch }));
  const { error } = await client.auth.signInWithPassword({ email: fan.email!, password: "test fixture password" });
  if (error) throw error;
  return { client, userId: fan.userId };
}

/** The hooks the show page combines: the setlists, the fan's own votes, voting, and optionally live counts. */
function renderVoting(client: TheSetClient, show: FixtureShow, setlist: FixtureSetlist, options: {
  live?: boolean;
  onNeedsAccount?: (retry: () => void) => void;
} = {}) {
  const songIds = setlist.songs.map((song) => song.id);
  return renderHookWithApp(() => ({
    setlists: useShowSetlistsQuery(show.id, { buildPrediction: false }),
    myVotes: useMyVotesQuery(setlist.id, songIds),
    voting: useCastVote(show.id, setlist.id, { onNeedsAccount: options.onNeedsAccount }),
    live: useShowLive(show.id, options.live ?? false),
  }), { client });
}

type Voting = ReturnType<typeof renderVoting>["result"]["current"];

/**
 * Votes with the cast_vote request held at the wire before it leaves: resolves
 * once it is held (with what it would send); `release` lets it go and waits for
 * the vote to settle.
 */
async function voteHeld(wire: Wire, result: { current: Voting }, songId: string, value: VoteValue) {
  const held = wire.holdNext(CAST_VOTE);
  let voted!: Promise<void>;
  act(() => {
    voted = result.current.voting.vote(songId, value);
  });
  const sent = await held.arrived;
  const release = () =>
    act(async () => {
      held.release();
      await voted;
    });
  return { sent, release };
}

/** A song's [upvotes, downvotes] as the hook hands them to the page. */
function counts(current: Voting, songId: string): [number, number] {
  const song = current.setlists.data?.predicted?.songs.find((entry) => entry.id === songId);
  if (!song) throw new Error(`song ${songId} is not in the cached prediction`);
  return [song.upvotes, song.downvotes];
}

async function storedCounts(songId: string): Promise<[number, number]> {
  const [row] = await world.sql<{ upvotes: number; downvotes: number }[]>`
    select upvotes, downvotes from public.setlist_songs where id = ${songId}`;
  return [row.upvotes, row.downvotes];
}

async function storedVotes(userId: string) {
  return [...await world.sql`select setlist_song_id, value from public.votes where user_id = ${userId}`];
}

/** The cast_vote requests as they left and were answered, e.g. "sent 1", "answered 1". */
function castVoteTrail(wire: Wire): string[] {
  return wire.events
    .filter((event) => event.path === CAST_VOTE)
    .map((event) => `${event.step} ${(event.body as { value: number }).value}`);
}

describe("useCastVote: optimistic counts and refusals", () => {
  it("shows the vote and the fan's choice before the database has it, then keeps the counts cast_vote answered", async () => {
    const { show, setlist, songId } = await votableShow();
    const quietStatic = songId("Quiet Static");
    await world.vote(await world.fan("guest"), quietStatic, 1);
    const wire = wireFetch();
    const { client, userId } = await signedInFan(wire);
    const { result } = renderVoting(client, show, setlist);
    await waitFor(() => expect(result.current.myVotes.isFetched).toBe(true));
    expect(counts(result.current, quietStatic)).toEqual([1, 0]);
    expect(result.current.myVotes.data).toEqual({});

    const held = await voteHeld(wire, result, quietStatic, 1);
    expect(held.sent).toEqual({ setlist_song_id: quietStatic, value: 1 });
    await waitFor(() => expect(counts(result.current, quietStatic)).toEqual([2, 0]));
    expect(result.current.myVotes.data).toEqual({ [quietStatic]: 1 });
    expect([...result.current.voting.pendingSongIds]).toEqual([quietStatic]);
    // nothing has reached the database yet
    expect(await storedCounts(quietStatic)).toEqual([1, 0]);
    expect(await storedVotes(userId)).toEqual([]);

    await held.release();
    expect(counts(result.current, quietStatic)).toEqual([2, 0]);
    expect(result.current.myVotes.data).toEqual({ [quietStatic]: 1 });
    expect(result.current.voting.pendingSongIds.size).toBe(0);
    expect(result.current.voting.error).toBeNull();
    expect(await storedCounts(quietStatic)).toEqual([2, 0]);
    expect(await storedVotes(userId)).toEqual([{ setlist_song_id: quietStatic, value: 1 }]);
  });

  it("replaces the optimistic guess with the counts the server answered", async () => {
    const { show, setlist, songId } = await votableShow();
    const secondWave = songId("Second Wave");
    const wire = wireFetch();
    const { client } = await signedInFan(wire);
    const { result } = renderVoting(client, show, setlist);
    await waitFor(() => expect(result.current.myVotes.isFetched).toBe(true));
    expect(counts(result.current, secondWave)).toEqual([0, 0]);
    // another fan votes after the page loaded; with no live updates the cache does not know
    await world.vote(await world.fan("guest"), secondWave, -1);

    const held = await voteHeld(wire, result, secondWave, -1);
    await waitFor(() => expect(counts(result.current, secondWave)).toEqual([0, 1]));

    await held.release();
    expect(counts(result.current, secondWave)).toEqual([0, 2]);
    expect(result.current.myVotes.data).toEqual({ [secondWave]: -1 });
    expect(await storedCounts(secondWave)).toEqual([0, 2]);
  });

  it("rolls back only the refused vote, keeps counts that moved live meanwhile, and says why", async () => {
    const { show, setlist, songId } = await votableShow();
    const [openingSignal, secondWave] = [songId("Opening Signal"), songId("Second Wave")];
    const wire = wireFetch();
    const { client, userId } = await signedInFan(wire);
    const { result } = renderVoting(client, show, setlist, { live: true });
    await waitFor(() => {
      expect(result.current.myVotes.isFetched).toBe(true);
      expect(result.current.live.status).toBe("live");
    });

    const held = await voteHeld(wire, result, openingSignal, -1);
    await waitFor(() => expect(counts(result.current, openingSignal)).toEqual([0, 1]));
    expect(result.current.myVotes.data).toEqual({ [openingSignal]: -1 });

    // while the vote is on its way, another fan's vote on another song arrives live ...
    await world.vote(await world.fan("guest"), secondWave, 1);
    await waitFor(() => expect(counts(result.current, secondWave)).toEqual([1, 0]), LIVE);
    // ... and the show starts, so the database refuses the held vote
    await world.sql`update public.shows set starts_at = now() - interval '1 minute' where id = ${show.id}`;
    await held.release();

    expect(result.current.voting.error?.code).toBe("voting_closed");
    expect(result.current.voting.error?.message).toBe("Voting is closed: this show has started.");
    expect(result.current.voting.errorSongId).toBe(openingSignal);
    expect(counts(result.current, openingSignal)).toEqual([0, 0]);
    expect(counts(result.current, secondWave)).toEqual([1, 0]);
    expect(result.current.myVotes.data).toEqual({});
    expect(result.current.voting.pendingSongIds.size).toBe(0);
    expect(await storedVotes(userId)).toEqual([]);
    expect(await storedCounts(openingSignal)).toEqual([0, 0]);

    act(() => result.current.voting.clearError());
    expect(result.current.voting.error).toBeNull();
    expect(result.current.voting.errorSongId).toBeNull();
  });
});

describe("useCastVote: guests and quick votes", () => {
  it("signs a visitor in as a guest, offers an account on the second vote, and the retry counts it", async () => {
    const { show, setlist, songId } = await votableShow();
    const [openingSignal, secondWave] = [songId("Opening Signal"), songId("Second Wave")];
    const client = world.trackClient(appClient());
    const retries: (() => void)[] = [];
    const { result } = renderVoting(client, show, setlist, { onNeedsAccount: (retry) => retries.push(retry) });
    await waitFor(() => expect(result.current.setlists.isSuccess).toBe(true));
    expect((await client.auth.getSession()).data.session).toBeNull();

    await act(() => result.current.voting.vote(openingSignal, 1));
    const guest = (await client.auth.getSession()).data.session!.user;
    expect(guest.is_anonymous).toBe(true);
    expect(result.current.voting.error).toBeNull();
    expect(await storedVotes(guest.id)).toEqual([{ setlist_song_id: openingSignal, value: 1 }]);

    await act(() => result.current.voting.vote(secondWave, 1));
    expect(result.current.voting.error?.code).toBe("guest_vote_limit");
    expect(result.current.voting.error?.needsAccount).toBe(true);
    expect(retries).toHaveLength(1);
    expect(counts(result.current, secondWave)).toEqual([0, 0]);
    expect(await storedVotes(guest.id)).toHaveLength(1);

    await act(async () => {
      await createAccount(client, { email: `fixture-fan-${world.tag}-hook@example.test`, password: "correct horse" });
    });
    act(() => retries[0]());
    await waitFor(async () => {
      expect(await storedVotes(guest.id)).toEqual(
        expect.arrayContaining([{ setlist_song_id: secondWave, value: 1 }]),
      );
    });
    await waitFor(() => expect(result.current.voting.pendingSongIds.size).toBe(0));
    expect(result.current.voting.error).toBeNull();
    expect(counts(result.current, secondWave)).toEqual([1, 0]);
    expect((await client.auth.getSession()).data.session!.user.id).toBe(guest.id);
  });

  it("makes one guest of a visitor who clicks two songs before the sign-in answers", async () => {
    const { show, setlist, songId } = await votableShow();
    const [openingSignal, secondWave] = [songId("Opening Signal"), songId("Second Wave")];
    const wire = wireFetch();
    const client = world.trackClient(appClient({ fetch: wire.fetch }));
    const retries: (() => void)[] = [];
    const { result } = renderVoting(client, show, setlist, { onNeedsAccount: (retry) => retries.push(retry) });
    await waitFor(() => expect(result.current.setlists.isSuccess).toBe(true));

    await act(async () => {
      await Promise.all([
        result.current.voting.vote(openingSignal, 1),
        result.current.voting.vote(secondWave, 1),
      ]);
    });
    expect(wire.sent("/auth/v1/signup")).toHaveLength(1);
    const guest = (await client.auth.getSession()).data.session!.user;
    // one guest, one vote: the second click is the one that asks for an account
    expect(await storedVotes(guest.id)).toEqual([{ setlist_song_id: openingSignal, value: 1 }]);
    expect(result.current.voting.error?.code).toBe("guest_vote_limit");
    expect(result.current.voting.errorSongId).toBe(secondWave);
    expect(retries).toHaveLength(1);
  });

  it("sends two quick votes on one show to cast_vote one after the other, in click order", async () => {
    const { show, setlist, songId } = await votableShow();
    const quietStatic = songId("Quiet Static");
    const wire = wireFetch();
    const { client, userId } = await signedInFan(wire);
    const { result, queryClient } = renderVoting(client, show, setlist);
    await waitFor(() => expect(result.current.myVotes.isFetched).toBe(true));

    // the first click's request is slow to leave; the second click takes the vote back
    const held = wire.holdNext(CAST_VOTE);
    let first!: Promise<void>;
    let second!: Promise<void>;
    act(() => {
      first = result.current.voting.vote(quietStatic, 1);
    });
    await held.arrived;
    act(() => {
      second = result.current.voting.vote(quietStatic, 0);
    });
    // go on once the second vote waits for its turn, or (were votes not queued) has overtaken the first
    const secondWaits = () =>
      queryClient.getMutationCache().getAll().some((mutation) =>
        mutation.state.isPaused && (mutation.state.variables as { value: number }).value === 0
      );
    await waitFor(() => expect(secondWaits() || castVoteTrail(wire).includes("answered 0")).toBe(true));
    await act(async () => {
      held.release();
      await Promise.all([first, second]);
    });

    expect(castVoteTrail(wire)).toEqual(["sent 1", "answered 1", "sent 0", "answered 0"]);
    expect(await storedVotes(userId)).toEqual([]);
    expect(await storedCounts(quietStatic)).toEqual([0, 0]);
    expect(counts(result.current, quietStatic)).toEqual([0, 0]);
    expect(result.current.myVotes.data).toEqual({});
    expect(result.current.voting.error).toBeNull();
  });
});
