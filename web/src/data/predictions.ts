// What the prediction engine says beyond the setlist itself: the artist's
// recent show habits (show_habits: set length, encores) for the show page, and
// how the engine and the crowd did at past shows (prediction_accuracy, real
// scores only) for the artist page's chart.

import { toAppError } from "../lib/refusals.ts";
import type { TheSetClient } from "../lib/supabase.ts";
import { useClientQuery } from "./client.tsx";
import { queryKeys } from "./keys.ts";

export interface ShowHabits {
  /** how many recent shows the numbers come from (at most 10) */
  shows: number;
  setLength: number;
  /** share of those shows with an encore, 0..1 */
  encoreShare: number;
  encoreLength: number;
}

export async function fetchShowHabits(client: TheSetClient, artistId: string): Promise<ShowHabits | null> {
  const { data, error } = await client.rpc("show_habits", { p_artist_id: artistId, p_as_of: new Date().toISOString() });
  if (error) throw toAppError(error);
  const row = data?.[0];
  if (!row || row.shows === 0) return null;
  return {
    shows: row.shows,
    setLength: Number(row.set_length),
    encoreShare: Number(row.encore_share),
    encoreLength: Number(row.encore_length),
  };
}

export function useShowHabitsQuery(artistId: string | null) {
  const key = queryKeys.predictions.habits(artistId ?? "");
  return useClientQuery(key, (client) => fetchShowHabits(client, artistId!), { enabled: Boolean(artistId) });
}

export interface ScoredShow {
  showId: string;
  playedOn: string;
  played: number;
  engine: { songs: number; matched: number; f1: number };
  crowd: { songs: number; matched: number; f1: number } | null;
}

export async function fetchPredictionAccuracy(client: TheSetClient, artistId: string): Promise<ScoredShow[]> {
  const { data, error } = await client
    .from("prediction_accuracy")
    .select(
      "show_id, played_on, played_songs, engine_songs, engine_matched, engine_f1, crowd_songs, crowd_matched, crowd_f1",
    )
    .eq("artist_id", artistId)
    .order("played_on", { ascending: true })
    .limit(100);
  if (error) throw toAppError(error);
  return (data ?? []).map((row) => ({
    showId: row.show_id!,
    playedOn: row.played_on!,
    played: row.played_songs!,
    engine: { songs: row.engine_songs!, matched: row.engine_matched!, f1: Number(row.engine_f1) },
    crowd: row.crowd_songs !== null && row.crowd_matched !== null
      ? { songs: row.crowd_songs, matched: row.crowd_matched, f1: Number(row.crowd_f1) }
      : null,
  }));
}

export function usePredictionAccuracyQuery(artistId: string) {
  return useClientQuery(
    queryKeys.predictions.accuracy(artistId),
    (client) => fetchPredictionAccuracy(client, artistId),
  );
}
