// Artists: the artist by slug, their catalog, the actual setlists of their
// past shows, and the songs they played most in those setlists.

import type { QueryClient } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import type { TableRow } from "../lib/database.ts";
import { toAppError } from "../lib/refusals.ts";
import { type Polling, useClientQuery } from "./client.tsx";
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
  | "synthetic"
>;

export type CatalogSong = Pick<
  TableRow<"songs">,
  "id" | "title" | "album" | "release_date" | "duration_ms" | "is_live" | "is_remix"
>;

const ARTIST_COLUMNS =
  "id, name, slug, image_url, genres, ticketmaster_id, spotify_id, mbid, shows_synced_at, songs_synced_at, setlists_synced_at, synthetic";

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
  songId: string;
  title: string;
  /** the song page's :song (songs.slug, generated, so typed nullable; never null in practice) */
  slug: string | null;
  /** shows it was played in (a repeat within one show counts once; tapes never) */
  plays: number;
  /** shows with a setlist this artist has in TheSet */
  outOf: number;
  lastPlayedOn: string | null;
}

/** The artist's most played songs, from song_play_stats (actual setlists from setlist.fm). */
export async function fetchMostPlayed(client: TheSetClient, artistId: string, limit = 10): Promise<MostPlayed[]> {
  const stats = await client
    .from("song_play_stats")
    .select("song_id, times_played, shows_with_setlist, last_played_on")
    .eq("artist_id", artistId)
    .order("times_played", { ascending: false })
    .order("last_played_on", { ascending: false, nullsFirst: false })
    .limit(limit);
  if (stats.error) throw toAppError(stats.error);
  const rows = (stats.data ?? []).filter((row) => row.song_id && row.times_played);
  if (rows.length === 0) return [];
  const songs = await client.from("songs").select("id, title, slug").in("id", rows.map((row) => row.song_id!));
  if (songs.error) throw toAppError(songs.error);
  const byId = new Map((songs.data ?? []).map((song) => [song.id, song]));
  return rows.flatMap((row) => {
    const song = byId.get(row.song_id!);
    return song
      ? [{
        songId: row.song_id!,
        title: song.title,
        slug: song.slug,
        plays: row.times_played!,
        outOf: row.shows_with_setlist ?? 0,
        lastPlayedOn: row.last_played_on,
      }]
      : [];
  });
}

export function useMostPlayedQuery(artistId: string | undefined, polling: Polling = {}) {
  const key = queryKeys.artists.mostPlayed(artistId ?? "");
  return useClientQuery(key, (client) => fetchMostPlayed(client, artistId!), {
    enabled: Boolean(artistId),
    ...polling,
  });
}

export function useArtistQuery(slug: string, polling: Polling = {}) {
  return useClientQuery(queryKeys.artists.detail(slug), (client) => fetchArtistBySlug(client, slug), polling);
}

/** The artist by id: the import page names the artist its job stores, before any slug is known to it. */
export function useArtistByIdQuery(artistId: string | null) {
  const key = queryKeys.artists.byId(artistId ?? "");
  return useClientQuery(key, (client) => fetchArtistById(client, artistId!), { enabled: Boolean(artistId) });
}

/**
 * Marks everything the artist's page reads as stale (active queries refetch):
 * an import's last rows land between two polls, which stop when it finishes.
 */
export function invalidateArtist(queryClient: QueryClient, artistId: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.artists.byId(artistId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.artists.catalog(artistId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.artists.mostPlayed(artistId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.artists.pastSetlistsOf(artistId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.shows.byArtist(artistId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.browse.historyOf(artistId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.browse.years(artistId) }),
  ]).then(() => undefined);
}

export function useCatalogQuery(artistId: string | undefined, polling: Polling = {}) {
  const key = queryKeys.artists.catalog(artistId ?? "");
  return useClientQuery(key, (client) => fetchCatalog(client, artistId!), { enabled: Boolean(artistId), ...polling });
}

/**
 * The actual setlists of the artist's past shows on the page. A setlist can
 * land for a show already listed (the import's setlists stage), which changes
 * no key: the import page passes a refetch interval so it still appears.
 */
export function usePastSetlistsQuery(
  artistId: string | undefined,
  pastShowIds: string[] | undefined,
  polling: Polling = {},
) {
  return useClientQuery(
    queryKeys.artists.pastSetlists(artistId ?? "", pastShowIds ?? []),
    (client) => fetchActualSetlists(client, pastShowIds!),
    { enabled: Boolean(artistId && pastShowIds), ...polling },
  );
}
