// A show's setlists: the predicted one fans vote on (ranked by votes) and,
// after the show, the actual one from setlist.fm with the prediction's score.
// The cache entry queryKeys.setlists.forShow(showId) is what votes, realtime
// counts and suggestions patch.

import { type QueryClient, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import type { TableRow } from "../lib/database.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";
import { SETLISTS_SELECT } from "./selects.ts";

export type SetlistSong =
  & Pick<
    TableRow<"setlist_songs">,
    | "id"
    | "setlist_id"
    | "song_id"
    | "title"
    | "position"
    | "set_number"
    | "is_encore"
    | "is_tape"
    | "is_cover"
    | "cover_artist"
    | "info"
    | "suggested"
    | "upvotes"
    | "downvotes"
    | "probability"
    | "likelihood"
  >
  & {
    /** why the engine picked the song (predict_setlist), each reason with its words; null for suggestions */
    reasons: PredictionReason[] | null;
  };

/** One of predict_setlist's reasons: a stable code, the words fans read, and the numbers behind them. */
export interface PredictionReason {
  code: string;
  text: string;
}

/** score_prediction's stored result (prediction_scores): how good the fans' prediction was. */
export interface PredictionScore {
  /** 0..100: mostly how many songs were right (F1), partly whether in the right order */
  score: number;
  matched: number;
  predicted: number;
  played: number;
  /** the engine's own songs: how many it predicted and how many of them were played */
  engine: { songs: number; matched: number } | null;
  /** the fans' top songs by net votes, as many as the engine predicted; null when nobody voted */
  crowd: { songs: number; matched: number } | null;
}

export interface Setlist {
  id: string;
  kind: "predicted" | "actual";
  locked_at: string | null;
  songs: SetlistSong[];
}

export interface ShowSetlists {
  predicted: Setlist | null;
  actual: Setlist | null;
  /** present once the actual setlist arrived and the prediction was scored */
  score: PredictionScore | null;
  /** ensure_predicted_setlist queued a catalog sync instead of building one: it will appear shortly */
  predictionPending: boolean;
}

export function bySetOrder(
  a: Pick<SetlistSong, "set_number" | "position">,
  b: Pick<SetlistSong, "set_number" | "position">,
) {
  return a.set_number - b.set_number || a.position - b.position;
}

/** Prediction order: most net votes first, then most upvotes, then the order it was built in. */
export function rankPredicted(songs: SetlistSong[]): SetlistSong[] {
  return [...songs].sort((a, b) =>
    (b.upvotes - b.downvotes) - (a.upvotes - a.downvotes) || b.upvotes - a.upvotes || a.position - b.position
  );
}

export interface SetlistRow {
  id: string;
  kind: "predicted" | "actual";
  locked_at: string | null;
  songs: SetlistSong[] | null;
}

/** The predicted and the actual setlist among a show's setlist rows, songs in set order. */
export function setlistsOf(rows: SetlistRow[]): Pick<ShowSetlists, "predicted" | "actual"> {
  const toSetlist = (row: SetlistRow | undefined): Setlist | null =>
    row
      ? {
        id: row.id,
        kind: row.kind,
        locked_at: row.locked_at,
        songs: [...(row.songs ?? [])].sort(bySetOrder),
      }
      : null;
  return {
    predicted: toSetlist(rows.find((row) => row.kind === "predicted")),
    actual: toSetlist(rows.find((row) => row.kind === "actual")),
  };
}

async function readSetlists(client: TheSetClient, showId: string) {
  const { data, error } = await client.from("setlists").select(SETLISTS_SELECT).eq("show_id", showId);
  if (error) throw toAppError(error);
  const { predicted, actual } = setlistsOf((data ?? []) as unknown as SetlistRow[]);
  return { predicted, actual, score: actual && predicted ? await readScore(client, showId) : null };
}

async function readScore(client: TheSetClient, showId: string): Promise<PredictionScore | null> {
  const { data, error } = await client
    .from("prediction_scores")
    .select(
      "score, matched_songs, predicted_songs, played_songs, engine_songs, engine_matched, crowd_songs, crowd_matched",
    )
    .eq("show_id", showId)
    .maybeSingle();
  if (error) throw toAppError(error);
  if (!data) return null;
  const pair = (songs: number | null, matched: number | null) =>
    songs !== null && matched !== null ? { songs, matched } : null;
  return {
    score: data.score,
    matched: data.matched_songs,
    predicted: data.predicted_songs,
    played: data.played_songs,
    engine: pair(data.engine_songs, data.engine_matched),
    crowd: pair(data.crowd_songs, data.crowd_matched),
  };
}

/**
 * The show's setlists. When there is no prediction yet and the show can still
 * get one, asks ensure_predicted_setlist to build it (idempotent), which either
 * builds it from the artist's history and catalog or queues a catalog sync.
 */
export async function fetchShowSetlists(
  client: TheSetClient,
  showId: string,
  options: { buildPrediction: boolean },
): Promise<ShowSetlists> {
  const first = await readSetlists(client, showId);
  if (first.predicted || !options.buildPrediction) return { ...first, predictionPending: false };
  const { data: setlistId, error } = await client.rpc("ensure_predicted_setlist", { show_id: showId });
  if (error) throw toAppError(error);
  // null: the artist's catalog is being synced first; the prediction follows
  if (!setlistId) return { ...first, predictionPending: true };
  return { ...await readSetlists(client, showId), predictionPending: false };
}

/**
 * Polls of a pending prediction before giving up (3 s apart: about a minute). A
 * catalog job that is dead or an artist with nothing to sync keeps
 * ensure_predicted_setlist answering null, and polling it forever helps nobody.
 */
export const PREDICTION_POLLS = 20;
const PREDICTION_POLL_MS = 3_000;

export function useShowSetlistsQuery(showId: string, options: { buildPrediction: boolean }) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.setlists.forShow(showId),
    queryFn: () => fetchShowSetlists(client, showId, { buildPrediction: options.buildPrediction }),
    // while a catalog sync builds the prediction, look again every few seconds, for a while
    refetchInterval: (query) =>
      query.state.data?.predictionPending && query.state.dataUpdateCount < PREDICTION_POLLS
        ? PREDICTION_POLL_MS
        : false,
  });
}

/**
 * Whether the show's prediction is still on its way: pending, and the polls above
 * have not run out (after that the page says there is no prediction).
 */
export function usePredictionPending(
  showId: string,
  setlists: Pick<UseQueryResult<ShowSetlists>, "data" | "dataUpdatedAt">,
): boolean {
  const queryClient = useQueryClient();
  // reading dataUpdatedAt re-renders on every answer, even an unchanged one, so the count read
  // from the cache is the one refetchInterval just saw
  if (!setlists.data?.predictionPending || !setlists.dataUpdatedAt) return false;
  return (queryClient.getQueryState(queryKeys.setlists.forShow(showId))?.dataUpdateCount ?? 0) < PREDICTION_POLLS;
}

// ---- cache patches (votes, realtime, suggestions) ----

export interface VoteCounts {
  setlist_song_id: string;
  upvotes: number;
  downvotes: number;
}

function patchPredicted(
  queryClient: QueryClient,
  showId: string,
  patch: (songs: SetlistSong[], setlist: Setlist) => SetlistSong[] | null,
): boolean {
  let changed = false;
  queryClient.setQueryData<ShowSetlists>(queryKeys.setlists.forShow(showId), (current) => {
    if (!current?.predicted) return current;
    const songs = patch(current.predicted.songs, current.predicted);
    if (!songs) return current;
    changed = true;
    return { ...current, predicted: { ...current.predicted, songs } };
  });
  return changed;
}

/** Sets one song's counts (from the server: a vote answer or a realtime broadcast). */
export function applyVoteCounts(queryClient: QueryClient, showId: string, counts: VoteCounts): boolean {
  return patchPredicted(queryClient, showId, (songs) => {
    const index = songs.findIndex((song) => song.id === counts.setlist_song_id);
    if (index < 0) return null;
    const song = songs[index];
    if (song.upvotes === counts.upvotes && song.downvotes === counts.downvotes) return null;
    const next = [...songs];
    next[index] = { ...song, upvotes: counts.upvotes, downvotes: counts.downvotes };
    return next;
  });
}

export type AddedSong =
  & Pick<SetlistSong, "id" | "setlist_id" | "song_id" | "title" | "position" | "suggested">
  & Partial<SetlistSong>;

/** Adds a song to the prediction unless it is already there (the suggester sees both the answer and the broadcast). */
export function applySongAdded(queryClient: QueryClient, showId: string, added: AddedSong): boolean {
  return patchPredicted(queryClient, showId, (songs, setlist) => {
    if (added.setlist_id !== setlist.id || songs.some((song) => song.id === added.id)) return null;
    const song: SetlistSong = {
      set_number: 1,
      is_encore: false,
      is_tape: false,
      is_cover: false,
      cover_artist: null,
      info: null,
      upvotes: 0,
      downvotes: 0,
      probability: null,
      likelihood: null,
      reasons: null,
      ...added,
    };
    return [...songs, song].sort(bySetOrder);
  });
}
