// Voting: the fan's own votes on a setlist (RLS lets them read only their own
// rows) and cast_vote with an optimistic update that is rolled back, with a
// readable message, when the database refuses it.

import { useCallback, useState } from "react";
import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import type { Json } from "../lib/database.ts";
import { AppError, toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { ensureSignedIn, useSession } from "./auth.tsx";
import { queryKeys } from "./keys.ts";
import { applyVoteCounts, type SetlistSong, type ShowSetlists, type VoteCounts } from "./setlists.ts";

export type VoteValue = -1 | 0 | 1;
/** setlist_song_id -> the fan's vote; absent means no vote */
export type MyVotes = Record<string, -1 | 1>;

export interface VoteResult {
  setlist_song_id: string;
  upvotes: number;
  downvotes: number;
  my_vote: VoteValue;
}

export async function fetchMyVotes(client: TheSetClient, songIds: string[]): Promise<MyVotes> {
  const votes: MyVotes = {};
  // a long in.(...) list would outgrow a URL; a setlist is a few dozen songs, so chunks are rare
  for (let start = 0; start < songIds.length; start += 100) {
    const { data, error } = await client
      .from("votes")
      .select("setlist_song_id, value")
      .in("setlist_song_id", songIds.slice(start, start + 100));
    if (error) throw toAppError(error);
    for (const row of data ?? []) if (row.value === 1 || row.value === -1) votes[row.setlist_song_id] = row.value;
  }
  return votes;
}

export function useMyVotesQuery(setlistId: string | null, songIds: string[]) {
  const client = useSupabase();
  const { user } = useSession();
  const userId = user?.id ?? null;
  return useQuery({
    queryKey: queryKeys.votes.mine(userId, setlistId),
    queryFn: () => fetchMyVotes(client, songIds),
    enabled: Boolean(userId && setlistId && songIds.length),
    placeholderData: {} as MyVotes,
  });
}

export function parseVoteResult(data: Json): VoteResult {
  const row = (typeof data === "object" && data !== null && !Array.isArray(data) ? data : {}) as Record<string, Json>;
  const { setlist_song_id, upvotes, downvotes, my_vote } = row;
  if (
    typeof setlist_song_id !== "string" || typeof upvotes !== "number" || typeof downvotes !== "number" ||
    (my_vote !== -1 && my_vote !== 0 && my_vote !== 1)
  ) {
    throw new AppError("unexpected", "The vote was counted but its answer was unreadable. Reload to see it.");
  }
  return { setlist_song_id, upvotes, downvotes, my_vote };
}

export async function castVote(client: TheSetClient, setlistSongId: string, value: VoteValue): Promise<VoteResult> {
  const { data, error } = await client.rpc("cast_vote", { setlist_song_id: setlistSongId, value });
  if (error) throw toAppError(error);
  return parseVoteResult(data);
}

/** The value a click sends: clicking the vote you already gave takes it back. */
export function nextVote(current: VoteValue, clicked: -1 | 1): VoteValue {
  return current === clicked ? 0 : clicked;
}

/** The counts after changing one fan's vote from `from` to `to`. */
export function countsAfter(
  song: Pick<SetlistSong, "upvotes" | "downvotes">,
  from: VoteValue,
  to: VoteValue,
): Pick<SetlistSong, "upvotes" | "downvotes"> {
  return {
    upvotes: Math.max(0, song.upvotes - (from === 1 ? 1 : 0) + (to === 1 ? 1 : 0)),
    downvotes: Math.max(0, song.downvotes - (from === -1 ? 1 : 0) + (to === -1 ? 1 : 0)),
  };
}

function setMyVote(queryClient: QueryClient, key: readonly unknown[], songId: string, value: VoteValue) {
  queryClient.setQueryData<MyVotes>(key, (current) => {
    const next = { ...current };
    if (value === 0) delete next[songId];
    else next[songId] = value;
    return next;
  });
}

interface VoteVariables {
  userId: string;
  songId: string;
  value: VoteValue;
  /** a visitor's vote: the optimistic update was made at the click, before the guest sign-in */
  shownBeforeSignIn?: VoteContext;
}

/** What one song looked like before the optimistic update: the rollback restores just this. */
interface VoteContext {
  previousCounts: VoteCounts | null;
  previousVote: VoteValue;
}

/** The optimistic update: the song's counts and the fan's vote as they will be; returns what to roll back to. */
function showVote(
  queryClient: QueryClient,
  showId: string,
  votesKey: readonly unknown[],
  songId: string,
  value: VoteValue,
): VoteContext {
  const previousVote: VoteValue = queryClient.getQueryData<MyVotes>(votesKey)?.[songId] ?? 0;
  const song = queryClient.getQueryData<ShowSetlists>(queryKeys.setlists.forShow(showId))?.predicted?.songs
    .find((s) => s.id === songId);
  const previousCounts = song ? { setlist_song_id: songId, upvotes: song.upvotes, downvotes: song.downvotes } : null;
  if (song) {
    applyVoteCounts(queryClient, showId, { setlist_song_id: songId, ...countsAfter(song, previousVote, value) });
  }
  setMyVote(queryClient, votesKey, songId, value);
  return { previousCounts, previousVote };
}

export interface UseCastVote {
  /** votes (signing a visitor in as a guest first); refusals land in `error` */
  vote: (songId: string, value: VoteValue) => Promise<void>;
  error: AppError | null;
  /** the song the refused vote was for */
  errorSongId: string | null;
  clearError: () => void;
  pendingSongIds: ReadonlySet<string>;
}

export function useCastVote(
  showId: string,
  setlistId: string | null,
  options: { onNeedsAccount?: (retry: () => void) => void } = {},
): UseCastVote {
  const client = useSupabase();
  const queryClient = useQueryClient();
  const [error, setError] = useState<{ error: AppError; songId: string } | null>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const { onNeedsAccount } = options;
  const session = useSession();
  // known to have no session (not merely not read yet): the next vote signs in as a guest
  const isVisitor = session.ready && !session.user;

  const mutation = useMutation<VoteResult, AppError, VoteVariables, VoteContext>({
    // one at a time per show, in click order: two quick clicks on a song (vote, then take it back) must
    // reach cast_vote in that order, or the database could end on the first click while the page shows the second
    scope: { id: `cast_vote:${showId}` },
    mutationFn: ({ songId, value }) => castVote(client, songId, value),
    onMutate: async ({ userId, songId, value, shownBeforeSignIn }) => {
      const votesKey = queryKeys.votes.mine(userId, setlistId);
      await Promise.all([
        queryClient.cancelQueries({ queryKey: queryKeys.setlists.forShow(showId) }),
        queryClient.cancelQueries({ queryKey: votesKey }),
      ]);
      if (shownBeforeSignIn) {
        // the counts already show it; the new guest's own votes learn it now
        setMyVote(queryClient, votesKey, songId, value);
        return shownBeforeSignIn;
      }
      return showVote(queryClient, showId, votesKey, songId, value);
    },
    onError: (_error, { userId, songId }, context) => {
      // undo exactly this vote; other songs' counts may have moved live meanwhile and stay as they are
      if (!context) return;
      if (context.previousCounts) applyVoteCounts(queryClient, showId, context.previousCounts);
      setMyVote(queryClient, queryKeys.votes.mine(userId, setlistId), songId, context.previousVote);
    },
    onSuccess: (result, { userId }) => {
      applyVoteCounts(queryClient, showId, result);
      setMyVote(queryClient, queryKeys.votes.mine(userId, setlistId), result.setlist_song_id, result.my_vote);
    },
  });
  const { mutateAsync } = mutation;

  const vote = useCallback(async (songId: string, value: VoteValue) => {
    setError(null);
    setPending((current) => new Set(current).add(songId));
    // A visitor's first vote signs them in as a guest first, a round trip (about half a second on a
    // phone's slow network: scripts/bench phone): the vote shows at the click, not after it.
    let shownBeforeSignIn: VoteContext | undefined;
    if (isVisitor) {
      void queryClient.cancelQueries({ queryKey: queryKeys.setlists.forShow(showId) });
      shownBeforeSignIn = showVote(queryClient, showId, queryKeys.votes.mine(null, setlistId), songId, value);
    }
    let mutating = false;
    try {
      const user = await ensureSignedIn(client);
      mutating = true;
      await mutateAsync({ userId: user.id, songId, value, shownBeforeSignIn });
    } catch (thrown) {
      // a sign-in that failed never reached the mutation, whose onError rolls back
      if (shownBeforeSignIn && !mutating) {
        if (shownBeforeSignIn.previousCounts) applyVoteCounts(queryClient, showId, shownBeforeSignIn.previousCounts);
        setMyVote(queryClient, queryKeys.votes.mine(null, setlistId), songId, shownBeforeSignIn.previousVote);
      }
      const appError = toAppError(thrown);
      setError({ error: appError, songId });
      if (appError.needsAccount && onNeedsAccount) onNeedsAccount(() => void vote(songId, value));
    } finally {
      setPending((current) => {
        const next = new Set(current);
        next.delete(songId);
        return next;
      });
    }
  }, [client, queryClient, showId, setlistId, isVisitor, mutateAsync, onNeedsAccount]);

  return {
    vote,
    error: error?.error ?? null,
    errorSongId: error?.songId ?? null,
    clearError: useCallback(() => setError(null), []),
    pendingSongIds: pending,
  };
}
