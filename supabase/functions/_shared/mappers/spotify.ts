// Spotify albums and their tracks -> the artist's tracks as the catalog
// collapse reads them. The same song appears as the album track, the single,
// the remaster, the deluxe bonus copy and the live version; the database
// collapses them (public.collapse_spotify_tracks, called by the songs writer
// and the spotify function), parsing each title with parse_song_title. Pure,
// tested on fixtures.

import type { SpotifyAlbum, SpotifyArtist, SpotifyTrack } from "../providers/spotify_types.ts";
import type { WriteShape } from "../tables.ts";
import { NAME_CONFIDENCE_THRESHOLD, nameConfidence } from "./artist_names.ts";

/** A songs row as collapse_spotify_tracks returns it (the artist_id is the writer's); columns from the generated types. */
export type SongRow =
  & WriteShape<
    "songs",
    | "spotify_id"
    | "title"
    | "normalized_title"
    | "album"
    | "album_spotify_id"
    | "release_date"
    | "duration_ms"
    | "is_live"
    | "is_remix"
  >
  & { spotify_id: string };

/** One track of the artist's releases, its title as Spotify wrote it: what collapse_spotify_tracks reads. */
export interface CatalogTrack {
  spotify_id: string;
  name: string;
  album: string;
  album_spotify_id: string;
  album_type: string | null;
  release_date: string | null;
  duration_ms: number | null;
  /** a richer field, used only when Spotify sends it */
  popularity: number | null;
}

export interface MappedCatalog {
  tracks: CatalogTrack[];
  /** tracks on the artist's releases that are not credited to the artist, local files, tracks without an id */
  skipped: number;
}

export interface AlbumWithTracks {
  album: SpotifyAlbum;
  tracks: SpotifyTrack[];
}

/** "2014", "2014-06" and "2014-06-09" as a date; null when unreadable. */
export function releaseDate(album: SpotifyAlbum): string | null {
  const raw = album.release_date ?? "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
  if (/^\d{4}-\d{2}$/.test(raw)) return `${raw}-01`;
  if (/^\d{4}$/.test(raw)) return `${raw}-01-01`;
  return null;
}

export function mapCatalog(artistSpotifyId: string, releases: AlbumWithTracks[]): MappedCatalog {
  const tracks: CatalogTrack[] = [];
  let skipped = 0;
  for (const { album, tracks: albumTracks } of releases) {
    for (const track of albumTracks) {
      const credited = (track.artists ?? []).some((a) => a.id === artistSpotifyId);
      if (!track.id || track.is_local || !credited || track.name.trim() === "") {
        skipped++;
        continue;
      }
      tracks.push({
        spotify_id: track.id,
        name: track.name,
        album: album.name,
        album_spotify_id: album.id,
        album_type: album.album_type ?? null,
        release_date: releaseDate(album),
        duration_ms: typeof track.duration_ms === "number" && track.duration_ms > 0
          ? Math.round(track.duration_ms)
          : null,
        popularity: typeof track.popularity === "number" ? track.popularity : null,
      });
    }
  }
  return { tracks, skipped };
}

export interface ArtistMatch {
  artist: SpotifyArtist;
  confidence: number;
}

/**
 * The search result that is confidently the artist we mean, or null. Ties on
 * the name are broken by followers or popularity when Spotify sends them,
 * else by Spotify's own ranking (the order of the results).
 */
export function pickArtistMatch(wantedName: string, results: SpotifyArtist[]): ArtistMatch | null {
  const scored = results
    .map((artist, rank) => ({ artist, rank, confidence: nameConfidence(wantedName, artist.name) }))
    .filter((s) => s.confidence >= NAME_CONFIDENCE_THRESHOLD);
  if (scored.length === 0) return null;
  const weight = (a: SpotifyArtist) => a.followers?.total ?? a.popularity ?? null;
  scored.sort((a, b) => {
    if (b.confidence !== a.confidence) return b.confidence - a.confidence;
    const wa = weight(a.artist);
    const wb = weight(b.artist);
    if (wa !== null && wb !== null && wa !== wb) return wb - wa;
    return a.rank - b.rank;
  });
  return { artist: scored[0].artist, confidence: scored[0].confidence };
}
