// The SPA's window on Spotify (verify_jwt on). The client secret stays
// server-side. Actions (JSON body, or query string on GET):
//   search_artists {query, limit?: 1..10}
//   artist_catalog {spotify_id} or {artist_id}   the artist's songs, copies collapsed (read-only)
//   search_tracks  {query, artist?, limit?: 1..10}
// Every call counts against the caller's limits (_shared/proxy.ts). Titles are
// split into song and version by the database (parse_song_title, and
// collapse_spotify_tracks for a catalog), as the sync stores them.

import { getSql } from "../_shared/db.ts";
import { CallStats } from "../_shared/http/stats.ts";
import { HttpError } from "../_shared/json.ts";
import { type AlbumWithTracks, mapCatalog } from "../_shared/mappers/spotify.ts";
import { catalogSongs } from "../_shared/writers/songs.ts";
import { providers } from "../_shared/providers/mod.ts";
import {
  badInput,
  createProxyHandler,
  optionalInt,
  optionalText,
  type Params,
  proxyAction,
  proxyBudgetShare,
  requiredText,
} from "../_shared/proxy.ts";
import type { ReadShape } from "../_shared/tables.ts";

const SPOTIFY_ID_RE = /^[0-9A-Za-z]{22}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function spotify() {
  return providers(new CallStats(), getSql(), { budgetShare: proxyBudgetShare() }).spotify();
}

const searchArtists = proxyAction(
  (params: Params) => ({ query: requiredText(params, "query", 100), limit: optionalInt(params, "limit", 1, 10, 10) }),
  async ({ query, limit }) => {
    const body = await spotify().searchArtists(query, limit);
    return {
      body: {
        artists: (body.artists?.items ?? []).map((a) => ({
          spotify_id: a.id,
          name: a.name,
          image_url: a.images?.[0]?.url ?? null,
          genres: a.genres ?? [],
        })),
        total: body.artists?.total ?? 0,
      },
    };
  },
);

const artistCatalog = proxyAction(
  (params: Params) => {
    const spotifyId = optionalText(params, "spotify_id", 22);
    const artistId = optionalText(params, "artist_id", 36);
    if (!spotifyId && !artistId) throw badInput("spotify_id", "give spotify_id or artist_id");
    if (spotifyId && !SPOTIFY_ID_RE.test(spotifyId)) throw badInput("spotify_id", "spotify_id is not a Spotify id");
    if (!spotifyId && !UUID_RE.test(artistId!)) throw badInput("artist_id", "artist_id must be a uuid");
    return { spotifyId, artistId };
  },
  async ({ spotifyId, artistId }) => {
    if (!spotifyId) {
      const [artist] = await getSql()<ReadShape<"artists", "spotify_id">[]>`
        select spotify_id from public.artists where id = ${artistId!}::uuid`;
      if (!artist) throw new HttpError(404, "artist_not_found", "TheSet has no such artist");
      if (!artist.spotify_id) throw new HttpError(404, "no_spotify_id", "this artist has no Spotify id yet");
      spotifyId = artist.spotify_id;
    }
    const api = spotify();
    const albums = await api.artistAlbums(spotifyId);
    const releases: AlbumWithTracks[] = [];
    for (const album of albums) releases.push({ album, tracks: await api.albumTracks(album.id) });
    const { tracks } = mapCatalog(spotifyId, releases);
    const songs = await catalogSongs(getSql(), tracks);
    return { body: { spotify_id: spotifyId, songs, collapsed: tracks.length - songs.length } };
  },
);

/** public.parse_song_title of each title, in order: one round trip for a page of results. */
async function parseTitles(titles: string[]) {
  if (titles.length === 0) return [];
  return await getSql()<{ display: string; normalized: string; is_live: boolean }[]>`
    select p.display, p.normalized, p.is_live
    from unnest(${titles}::text[]) with ordinality as t(title, ord)
    cross join lateral public.parse_song_title(t.title) as p
    order by t.ord`;
}

const searchTracks = proxyAction(
  (params: Params) => ({
    query: requiredText(params, "query", 100),
    artist: optionalText(params, "artist", 100),
    limit: optionalInt(params, "limit", 1, 10, 10),
  }),
  async ({ query, artist, limit }) => {
    const q = artist ? `${query} artist:"${artist.replaceAll('"', "")}"` : query;
    const body = await spotify().searchTracks(q, limit);
    const found = (body.tracks?.items ?? []).filter((t) => t.id);
    const titles = await parseTitles(found.map((t) => t.name));
    return {
      body: {
        tracks: found.map((t, i) => {
          const parts = titles[i];
          return {
            spotify_id: t.id,
            title: parts.display,
            normalized_title: parts.normalized,
            artists: (t.artists ?? []).map((a) => ({ spotify_id: a.id, name: a.name })),
            album: t.album?.name ?? null,
            duration_ms: t.duration_ms ?? null,
            is_live: parts.is_live,
          };
        }),
        total: body.tracks?.total ?? 0,
      },
    };
  },
);

export const handler = createProxyHandler("spotify", {
  search_artists: searchArtists,
  artist_catalog: artistCatalog,
  search_tracks: searchTracks,
});
