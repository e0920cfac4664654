// Artists: the artist by slug, their catalog, the actual setlists of their
// past shows, and the songs they played most in those setlists.

import { useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import type { TableRow } from "../lib/database.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";
import { bySetOrder, type SetlistSong } from "./setlists.ts";

export type Artist = Pick<
  TableRow<"artists">,
  | "id"
  | "name"
  | "slug"
  | "image_url"
  | "genres"
  | "ticketmaster_id"
  | "spotify_id"
  | "mbid"
  | "shows_synced_at"
  | "songs_synced_at"
  | "setlists_synced_at"
>;

export type CatalogSong = Pick<
  TableRow<"songs">,
  "id" | "title" | "album" | "release_date" | "duration_ms" | "is_live" | "is_remix"
>;

const ARTIST_COLUMNS =
  "id, name, slug, image_url, genres, ticketmaster_id, spotify_id, mbid, shows_synced_at, songs_synced_at, setlists_synced_at";

export async function fetchArtistBySlug(client: TheSetClient, slug: string): Promise<Artist | null> {
  const { data, error } = await client.from("artists").select(ARTIST_COLUMNS).eq("slug", slug).maybeSingle();
  if (error) throw toAppError(error);
  return data;
}

export async function fetchArtistById(client: TheSetClient, artistId: string): Promise<Artist | null> {
  const { data, error } = await client.from("artists").select(ARTIST_COLUMNS).eq("id", artistId).maybeSingle();
  if (error) throw toAppError(error);
  return data;
}

/** The catalog, newest release first. Capped: a page shows a catalog, it does not page through thousands. */
export async function fetchCatalog(client: TheSetClient, artistId: string, limit = 500): Promise<CatalogSong[]> {
  const { data, error } = await client
    .from("songs")
    .select("id, title, album, release_date, duration_ms, is_live, is_remix")
    .eq("artist_id", artistId)
    .order("release_date", { ascending: false, nullsFirst: false })
    .order("title", { ascending: true })
    .limit(limit);
  if (error) throw toAppError(error);
  return data ?? [];
}

export type PlayedSong = Pick<
  SetlistSong,
  "song_id" | "title" | "position" | "set_number" | "is_encore" | "is_tape" | "is_cover" | "cover_artist"
>;

export interface ActualSetlist {
  id: string;
  show_id: string;
  songs: PlayedSong[];
}

/** The actual (setlist.fm) setlists of the given shows, keyed by show id. */
export async function fetchActualSetlists(
  client: TheSetClient,
  showIds: string[],
): Promise<Map<string, ActualSetlist>> {
  const byShow = new Map<string, ActualSetlist>();
  if (showIds.length === 0) return byShow;
  const { data, error } = await client
    .from("setlists")
    .select(
      "id, show_id, songs:setlist_songs(song_id, title, position, set_number, is_encore, is_tape, is_cover, cover_artist)",
    )
    .eq("kind", "actual")
    .in("show_id", showIds);
  if (error) throw toAppError(error);
  for (const row of (data ?? []) as unknown as ActualSetlist[]) {
    byShow.set(row.show_id, { ...row, songs: [...(row.songs ?? [])].sort(bySetOrder) });
  }
  return byShow;
}

export interface MostPlayed {
  key: string;
  title: string;
  plays: number;
}

/**
 * How often each song was played across the given actual setlists. Tapes
 * (intro music) are not performances; a song is keyed by its catalog id, or
 * by its title when setlist.fm named something the catalog does not have.
 */
export function mostPlayed(setlists: Iterable<ActualSetlist>, limit = 10): MostPlayed[] {
  const counts = new Map<string, MostPlayed>();
  for (const setlist of setlists) {
    const seenInThisShow = new Set<string>();
    for (const song of setlist.songs) {
      if (song.is_tape) continue;
      const key = song.song_id ?? `title:${song.title.trim().toLowerCase()}`;
      if (seenInThisShow.has(key)) continue;
      seenInThisShow.add(key);
      const entry = counts.get(key) ?? { key, title: song.title, plays: 0 };
      entry.plays += 1;
      counts.set(key, entry);
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.plays - a.plays || a.title.localeCompare(b.title))
    .slice(0, limit);
}

export function useArtistQuery(slug: string, options: { refetchInterval?: number | false } = {}) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.artists.detail(slug),
    queryFn: () => fetchArtistBySlug(client, slug),
    refetchInterval: options.refetchInterval,
  });
}

export function useCatalogQuery(artistId: string | undefined, options: { refetchInterval?: number | false } = {}) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.artists.catalog(artistId ?? ""),
    queryFn: () => fetchCatalog(client, artistId!),
    enabled: Boolean(artistId),
    refetchInterval: options.refetchInterval,
  });
}

export function usePastSetlistsQuery(artistId: string | undefined, pastShowIds: string[] | undefined) {
  const client = useSupabase();
  return useQuery({
    queryKey: [...queryKeys.artists.pastSetlists(artistId ?? ""), pastShowIds ?? []],
    queryFn: () => fetchActualSetlists(client, pastShowIds!),
    enabled: Boolean(artistId && pastShowIds),
  });
}
