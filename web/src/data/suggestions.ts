// Suggesting a song: search the show's artist's catalog, then suggest_song.
// The new row lands in the setlist cache right away (and again, harmlessly,
// through the 'setlist_song_added' broadcast every viewer receives).

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import type { Json } from "../lib/database.ts";
import { AppError, toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { ensureSignedIn } from "./auth.tsx";
import { queryKeys } from "./keys.ts";
import { type AddedSong, applySongAdded } from "./setlists.ts";
import type { CatalogSong } from "./artists.ts";

/** Escapes LIKE's wildcards so a fan typing "100%" searches for "100%". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export async function searchArtistSongs(
  client: TheSetClient,
  artistId: string,
  text: string,
  limit = 20,
): Promise<CatalogSong[]> {
  let query = client
    .from("songs")
    .select("id, title, album, release_date, duration_ms, is_live, is_remix")
    .eq("artist_id", artistId);
  const trimmed = text.trim();
  if (trimmed) query = query.ilike("title", likePattern(trimmed));
  const { data, error } = await query.order("title").limit(limit);
  if (error) throw toAppError(error);
  return data ?? [];
}

export function useSongSearchQuery(artistId: string | undefined, text: string, enabled: boolean) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.songs.search(artistId ?? "", text.trim().toLowerCase()),
    queryFn: () => searchArtistSongs(client, artistId!, text),
    enabled: enabled && Boolean(artistId),
    staleTime: 60_000,
    // while the next letter's answer is on its way the last list stays (no skeleton per keystroke): on a
    // phone each answer takes a round trip, and a row the fan is about to press must not vanish under them
    placeholderData: keepPreviousData,
  });
}

export function parseSuggestion(data: Json): AddedSong {
  const row = (Array.isArray(data) ? data[0] : data) as Record<string, Json> | null;
  if (
    !row || typeof row !== "object" || typeof row.id !== "string" || typeof row.setlist_id !== "string" ||
    typeof row.title !== "string" || typeof row.position !== "number"
  ) {
    throw new AppError("unexpected", "The song was suggested but the answer was unreadable. Reload to see it.");
  }
  return row as unknown as AddedSong;
}

export async function suggestSong(client: TheSetClient, showId: string, songId: string): Promise<AddedSong> {
  await ensureSignedIn(client);
  const { data, error } = await client.rpc("suggest_song", { show_id: showId, song_id: songId });
  if (error) throw toAppError(error);
  return parseSuggestion(data);
}

export function useSuggestSong(showId: string) {
  const client = useSupabase();
  const queryClient = useQueryClient();
  return useMutation<AddedSong, AppError, string>({
    // suggestSong already throws AppError only
    mutationFn: (songId) => suggestSong(client, showId, songId),
    onSuccess: (added) => {
      applySongAdded(queryClient, showId, added);
    },
  });
}
