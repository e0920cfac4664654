// Writes one artist's mapped Spotify catalog in one transaction: the tracks
// collapse into songs in SQL (public.collapse_spotify_tracks: one row per
// song, the most original copy), which upsert on (artist_id, normalized_title)
// so a song first seen in a setlist gains its Spotify track, changed rows
// only; then the artist's Spotify id and catalog timestamp. A re-run of an
// unchanged catalog changes no row.

import type { Sql, Tx } from "../db.ts";
import type { CatalogTrack, SongRow } from "../mappers/spotify.ts";
import { type CountRow, inTransaction, SYNCED_AT_REFRESH, type WriteCounts } from "./common.ts";

/** The songs an artist's tracks collapse into, without writing them (the spotify function's artist_catalog). */
export async function catalogSongs(sql: Sql, tracks: CatalogTrack[]): Promise<SongRow[]> {
  return await sql<SongRow[]>`
    select spotify_id, title, normalized_title, album, album_spotify_id, release_date::text as release_date,
           duration_ms, is_live, is_remix
    from public.collapse_spotify_tracks(${sql.json(tracks as never)}::jsonb)
    order by normalized_title`;
}

export function upsertSongs(tx: Tx, artistId: string, tracks: CatalogTrack[]) {
  return tx<(CountRow & { songs: number })[]>`
    with incoming as (
      select * from public.collapse_spotify_tracks(${tx.json(tracks as never)}::jsonb)
    ),
    usable as (
      -- a track another song already holds (a collaboration in both artists' catalogs) stays with it
      select i.* from incoming i
      where not exists (
        select 1 from public.songs o
        where o.spotify_id = i.spotify_id
          and not (o.artist_id = ${artistId}::uuid and o.normalized_title = i.normalized_title))
    ),
    changed as (
      -- an unchanged song never reaches the insert, so it is not even locked
      select u.* from usable u
      left join public.songs s on s.artist_id = ${artistId}::uuid and s.normalized_title = u.normalized_title
      where s.id is null
         or (s.spotify_id, s.title, s.album, s.album_spotify_id, s.release_date, s.duration_ms, s.is_live, s.is_remix)
            is distinct from
            (u.spotify_id, u.title, u.album, u.album_spotify_id, u.release_date, u.duration_ms, u.is_live, u.is_remix)
    ),
    written as (
      insert into public.songs as s (
        artist_id, spotify_id, title, normalized_title, album, album_spotify_id, release_date, duration_ms, is_live, is_remix)
      select ${artistId}::uuid, spotify_id, title, normalized_title, album, album_spotify_id, release_date, duration_ms,
             is_live, is_remix
      from changed
      on conflict (artist_id, normalized_title) do update set
        spotify_id = excluded.spotify_id,
        title = excluded.title,
        album = excluded.album,
        album_spotify_id = excluded.album_spotify_id,
        release_date = excluded.release_date,
        duration_ms = excluded.duration_ms,
        is_live = excluded.is_live,
        is_remix = excluded.is_remix,
        updated_at = now()
      where (s.spotify_id, s.title, s.album, s.album_spotify_id, s.release_date, s.duration_ms, s.is_live, s.is_remix)
            is distinct from
            (excluded.spotify_id, excluded.title, excluded.album, excluded.album_spotify_id, excluded.release_date,
             excluded.duration_ms, excluded.is_live, excluded.is_remix)
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
           (select count(*) from incoming)::int as songs
    from written`;
}

/** Records the artist's Spotify id (when newly resolved) and that its catalog was synced. */
export function markSongsSynced(tx: Tx, artistId: string, spotifyId: string | null) {
  return tx<CountRow[]>`
    with written as (
      update public.artists a set
        spotify_id = coalesce(a.spotify_id, ${spotifyId}),
        songs_synced_at = now(),
        updated_at = case when a.spotify_id is distinct from coalesce(a.spotify_id, ${spotifyId}) then now()
                          else a.updated_at end
      where a.id = ${artistId}::uuid
        and (a.songs_synced_at is null
             or a.songs_synced_at < now() - ${SYNCED_AT_REFRESH}::interval
             or a.spotify_id is distinct from coalesce(a.spotify_id, ${spotifyId}))
        and not exists (select 1 from public.artists o where o.spotify_id = ${spotifyId} and o.id <> a.id)
      returning 1
    )
    select 0 as inserted, count(*)::int as updated from written`;
}

export interface CatalogWrite {
  counts: WriteCounts;
  /** songs the tracks collapsed into (tracks.length - songs were copies of another track's song) */
  songs: number;
}

export async function writeCatalog(
  sql: Sql,
  artistId: string,
  tracks: CatalogTrack[],
  options: { spotifyId: string | null; dryRun?: boolean },
): Promise<CatalogWrite> {
  return await inTransaction(sql, options.dryRun ?? false, async (tx) => {
    const [[written], [artist]] = await Promise.all([
      upsertSongs(tx, artistId, tracks),
      markSongsSynced(tx, artistId, options.spotifyId),
    ]);
    return {
      counts: { songs: { inserted: written.inserted, updated: written.updated }, artists: artist },
      songs: written.songs,
    };
  });
}
