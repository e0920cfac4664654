// Spotify albums and their tracks -> one catalog row per song. The same song
// appears as the album track, the single, the remaster, the deluxe bonus
// copy and the live version; they collapse on the normalised title and the
// most original copy represents the song. Pure, tested on fixtures.

import type { SpotifyAlbum, SpotifyArtist, SpotifyTrack } from "../providers/spotify_types.ts";
import type { WriteShape } from "../tables.ts";
import { NAME_CONFIDENCE_THRESHOLD, nameConfidence, parseTitle } from "./normalize.ts";

/** A songs row from one track (the artist_id is the writer's); columns from the generated types. */
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

export interface MappedCatalog {
  songs: SongRow[];
  /** tracks folded into another copy of the same song */
  collapsed: number;
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

const ALBUM_TYPE_RANK: Record<string, number> = { album: 0, single: 1, compilation: 2 };

interface Candidate {
  row: SongRow;
  /** the track title carried version qualifiers ("- Remastered", "(Live)") */
  qualified: boolean;
  /** the album itself is a deluxe/live/remaster edition */
  reissue: boolean;
  albumRank: number;
  popularity: number | null;
}

const REISSUE_RE = /\b(deluxe|remaster(ed)?|anniversary|expanded|edition|live)\b/i;
/** "Live in X", "Live at X", "X (Live)", "X - Live", "MTV Unplugged": a concert recording, not "Live Forever" */
const LIVE_ALBUM_RE = /\b(live (at|in|from|on)\b|unplugged\b)|[([]live\b|-\s*live\b/i;

/** Lower is more original: studio before live, original before remix, plain title, album, earliest, most popular. */
function compare(a: Candidate, b: Candidate): number {
  return Number(a.row.is_live) - Number(b.row.is_live) ||
    Number(a.row.is_remix) - Number(b.row.is_remix) ||
    Number(a.qualified) - Number(b.qualified) ||
    Number(a.reissue) - Number(b.reissue) ||
    a.albumRank - b.albumRank ||
    (a.row.release_date ?? "9999").localeCompare(b.row.release_date ?? "9999") ||
    // richer field, used only when Spotify sends it for both
    (a.popularity !== null && b.popularity !== null ? b.popularity - a.popularity : 0) ||
    a.row.spotify_id.localeCompare(b.row.spotify_id);
}

export function mapCatalog(artistSpotifyId: string, releases: AlbumWithTracks[]): MappedCatalog {
  const bySong = new Map<string, Candidate[]>();
  let skipped = 0;
  let considered = 0;
  for (const { album, tracks } of releases) {
    const albumParts = parseTitle(album.name);
    for (const track of tracks) {
      const credited = (track.artists ?? []).some((a) => a.id === artistSpotifyId);
      if (!track.id || track.is_local || !credited || track.name.trim() === "") {
        skipped++;
        continue;
      }
      considered++;
      const parts = parseTitle(track.name);
      const row: SongRow = {
        spotify_id: track.id,
        title: parts.display,
        normalized_title: parts.normalized,
        album: album.name,
        album_spotify_id: album.id,
        release_date: releaseDate(album),
        duration_ms: typeof track.duration_ms === "number" && track.duration_ms > 0
          ? Math.round(track.duration_ms)
          : null,
        // a live album makes its tracks live recordings even without "(Live)" on each title
        is_live: parts.is_live || albumParts.is_live || LIVE_ALBUM_RE.test(album.name),
        is_remix: parts.is_remix,
      };
      const candidate: Candidate = {
        row,
        qualified: parts.display !== track.name.trim(),
        reissue: REISSUE_RE.test(album.name),
        albumRank: ALBUM_TYPE_RANK[album.album_type ?? ""] ?? 3,
        popularity: typeof track.popularity === "number" ? track.popularity : null,
      };
      const list = bySong.get(row.normalized_title) ?? [];
      list.push(candidate);
      bySong.set(row.normalized_title, list);
    }
  }
  const songs = [...bySong.values()]
    .map((candidates) => candidates.sort(compare)[0].row)
    .sort((a, b) => a.normalized_title.localeCompare(b.normalized_title));
  return { songs, collapsed: considered - songs.length, skipped };
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
