// sync-artist-songs: catalogs for up to N artists whose catalog is missing or
// older than 3 days. An artist without a Spotify id is searched by name and
// adopted only on a confident match; its albums and singles and their tracks
// become songs (copies collapsed by the writer's SQL), written in one
// transaction per artist.

import type { Sql } from "../../db.ts";
import { type AlbumWithTracks, mapCatalog, pickArtistMatch } from "../../mappers/spotify.ts";
import { writeCatalog } from "../../writers/songs.ts";
import { type ArtistRef, type JobContext, scopedArtists } from "../context.ts";
import { errorProvider } from "../run.ts";

/** A catalog older than this is synced again. */
export const CATALOG_MAX_AGE = "3 days";

export async function staleCatalogArtists(sql: Sql, limit: number, artistIds?: string[]): Promise<ArtistRef[]> {
  if (artistIds) return await scopedArtists(sql, artistIds, limit);
  return await sql<ArtistRef[]>`
    select id::text, name, ticketmaster_id, spotify_id, mbid::text
    from public.artists
    where songs_synced_at is null or songs_synced_at < now() - ${CATALOG_MAX_AGE}::interval
    order by songs_synced_at nulls first, name, id
    limit ${limit}`;
}

export interface CatalogOutcome {
  songs: number;
  spotifyId: string | null;
}

/** One artist's catalog; throws on failure (the caller records it). */
export async function syncArtistCatalog(ctx: JobContext, artist: ArtistRef): Promise<CatalogOutcome> {
  const api = ctx.providers.spotify();
  let spotifyId = artist.spotify_id;
  let resolved: string | null = null;
  if (!spotifyId) {
    const search = await api.searchArtists(artist.name);
    const match = pickArtistMatch(artist.name, search.artists?.items ?? []);
    if (!match) {
      // nothing to adopt: the gap is recorded, and the attempt too so the artist does not block the queue
      await writeCatalog(ctx.sql, artist.id, [], { spotifyId: null, dryRun: ctx.dryRun });
      throw new NoConfidentMatch(artist.name, (search.artists?.items ?? []).map((a) => a.name).slice(0, 5));
    }
    spotifyId = match.artist.id;
    resolved = spotifyId;
  }
  const albums = await api.artistAlbums(spotifyId);
  const releases: AlbumWithTracks[] = [];
  for (const album of albums) releases.push({ album, tracks: await api.albumTracks(album.id) });
  const catalog = mapCatalog(spotifyId, releases);
  const written = await writeCatalog(ctx.sql, artist.id, catalog.tracks, { spotifyId: resolved, dryRun: ctx.dryRun });
  ctx.run.skip("tracks_collapsed", catalog.tracks.length - written.songs);
  if (catalog.skipped > 0) ctx.run.skip("tracks_not_by_artist", catalog.skipped);
  ctx.run.addRows(written.counts);
  return { songs: written.songs, spotifyId };
}

export class NoConfidentMatch extends Error {
  readonly code = "no_confident_match";
  constructor(name: string, readonly candidates: string[]) {
    super(
      `no confident Spotify match for "${name}"` +
        (candidates.length ? ` (results: ${candidates.map((c) => `"${c}"`).join(", ")})` : " (no results)"),
    );
    this.name = "NoConfidentMatch";
  }
}

export async function syncArtistSongs(ctx: JobContext, params: { limit: number; artistIds?: string[] }): Promise<void> {
  ctx.providers.spotify();
  const artists = await staleCatalogArtists(ctx.sql, params.limit, params.artistIds);
  for (const [index, artist] of artists.entries()) {
    if (ctx.run.outOfTime({ count: artists.length - index, unit: "artists" })) break;
    await ctx.run.progress(index, artists.length, artist.name);
    ctx.run.itemsSeen++;
    try {
      await syncArtistCatalog(ctx, artist);
      ctx.run.succeeded++;
    } catch (error) {
      const details: Record<string, unknown> = { artist_name: artist.name };
      if (error instanceof NoConfidentMatch) Object.assign(details, { code: error.code, candidates: error.candidates });
      await ctx.run.recordError(
        errorProvider(error, error instanceof NoConfidentMatch ? "spotify" : "database"),
        `artist:${artist.id}`,
        error,
        details,
      );
    }
  }
  await ctx.run.progress(artists.length, artists.length, "done", true);
}
