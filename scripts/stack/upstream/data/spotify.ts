// The demo's Spotify side: artists (and tribute acts sharing their names), releases and tracks.

import type { DemoArtist } from "../fixtures.ts";
import type { Random } from "../random.ts";
import { ALBUM_WORDS, MARKETS } from "../words.ts";
import { DAY, isoDay, type Json, type Streams } from "./common.ts";

const spotifyArtistJson = (id: string, name: string): Json => ({
  id,
  name,
  type: "artist",
  uri: `spotify:artist:${id}`,
  href: `{origin}/v1/artists/${id}`,
  external_urls: { spotify: `https://open.spotify.com/artist/${id}` },
  images: [{ url: `{origin}/demo-images/spotify/${id}.svg`, width: 640, height: 640 }],
  synthetic: true,
});
const ref = (a: Json) => ({ id: a.id, name: a.name, type: "artist", uri: a.uri });

export interface SpotifyData {
  spotifyArtists: Json[];
  albumsByArtist: Map<string, Json[]>;
  tracksByAlbum: Map<string, Json[]>;
}

export function demoSpotify(streams: Streams, artists: DemoArtist[]): SpotifyData {
  const { ns, stream, idStream } = streams;
  const spotifyArtists: Json[] = [];
  const albumsByArtist = new Map<string, Json[]>();
  const tracksByAlbum = new Map<string, Json[]>();
  const marketArtists = artists.filter((a) => a.inMarkets);
  for (const artist of artists) {
    const rng = stream(`spotify:${artist.index}`);
    const ids = idStream(`spotify:${artist.index}`);
    // tribute acts make the name check necessary (and the only hit for the act that is not on Spotify)
    if (artist.index % 7 === 3 || artist.spotifyId === null) {
      spotifyArtists.push(spotifyArtistJson(`${ns}${ids.token(22 - ns.length)}`, `${artist.name} Tribute Band`));
    }
    if (!artist.spotifyId) continue;
    const me = spotifyArtistJson(artist.spotifyId, artist.name);
    spotifyArtists.push(me);
    albumsByArtist.set(artist.spotifyId, releasesOf(streams, artist, me, rng, ids, marketArtists, tracksByAlbum));
  }
  return { spotifyArtists, albumsByArtist, tracksByAlbum };
}

/** An artist's releases, newest first as Spotify lists them; their tracks go into tracksByAlbum. */
function releasesOf(
  { ns, todayMs }: Streams,
  artist: DemoArtist,
  me: Json,
  rng: Random,
  ids: Random,
  marketArtists: DemoArtist[],
  tracksByAlbum: Map<string, Json[]>,
): Json[] {
  const releases: Json[] = [];
  const addRelease = (
    name: string,
    type: "album" | "single" | "compilation",
    date: number,
    titles: { title: string; guest?: string }[],
  ) => {
    const id = `${ns}${ids.token(22 - ns.length)}`;
    const album: Json = {
      album_type: type,
      album_group: type,
      id,
      name,
      release_date: isoDay(date),
      release_date_precision: "day",
      total_tracks: titles.length,
      type: "album",
      uri: `spotify:album:${id}`,
      href: `{origin}/v1/albums/${id}`,
      external_urls: { spotify: `https://open.spotify.com/album/${id}` },
      images: [{ url: `{origin}/demo-images/album/${id}.svg`, width: 640, height: 640 }],
      artists: [ref(me)],
      synthetic: true,
    };
    releases.push(album);
    tracksByAlbum.set(
      id,
      titles.map(({ title, guest }, t) => {
        const trackId = `${ns}${ids.token(22 - ns.length)}`;
        return {
          id: trackId,
          name: guest ? `${title} (feat. ${guest})` : title,
          duration_ms: rng.int(150, 330) * 1000 + rng.int(0, 999),
          track_number: t + 1,
          disc_number: 1,
          explicit: false,
          is_local: false,
          type: "track",
          uri: `spotify:track:${trackId}`,
          href: `{origin}/v1/tracks/${trackId}`,
          artists: [ref(me)],
          synthetic: true,
        };
      }),
    );
  };

  const albumCount = rng.int(2, 3);
  let pool = artist.songs.slice(0, 30);
  let albumDate = todayMs - rng.int(200, 500) * DAY - (albumCount - 1) * 800 * DAY;
  const albums: string[][] = [];
  for (let a = 0; a < albumCount; a++) {
    const size = rng.int(8, 11);
    const titles = pool.slice(0, size);
    pool = pool.slice(size);
    albums.push(titles);
    const albumName = rng.pick(ALBUM_WORDS);
    // a lead single precedes each album, sometimes as a radio edit
    const lead = titles[rng.int(0, titles.length - 1)];
    if (rng.chance(0.6)) {
      addRelease(lead, "single", albumDate - 60 * DAY, [{ title: rng.chance(0.5) ? `${lead} - Radio Edit` : lead }]);
    }
    const guest = rng.chance(0.3) ? rng.pick(marketArtists).name : null;
    addRelease(
      albumName,
      "album",
      albumDate,
      titles.map((title, t) => ({ title, guest: guest && t === 2 ? guest : undefined })),
    );
    if (a === 0 && rng.chance(0.4)) {
      const year = isoDay(albumDate + 3 * 365 * DAY).slice(0, 4);
      addRelease(`${albumName} (Deluxe Edition)`, "album", albumDate + 3 * 365 * DAY, [
        ...titles.map((title) => ({ title: `${title} - Remastered ${year}` })),
        { title: `${titles[0]} - Demo` },
        { title: artist.songs[30] },
      ]);
    }
    albumDate += 800 * DAY;
  }
  if (rng.chance(0.3)) {
    addRelease(
      rng.chance(0.5) ? "Live at Synthetic Hall" : `Live in ${rng.pick(MARKETS).city}`,
      "album",
      todayMs - rng.int(30, 150) * DAY,
      artist.songs.slice(0, 8).map((title) => ({ title: `${title} - Live` })),
    );
  }
  // non-album singles; a few artists get enough to need a second page of albums
  const extraSingles = artist.index % 9 === 0 ? 8 : rng.int(0, 1);
  for (let s = 0; s < extraSingles; s++) {
    const title = artist.songs[31 + (s % 5)];
    addRelease(s >= 5 ? `${title} (Acoustic)` : title, "single", todayMs - rng.int(20, 900) * DAY, [
      { title: s >= 5 ? `${title} - Acoustic` : title },
    ]);
  }
  // Spotify lists an artist's releases newest first
  releases.sort((a, b) =>
    String(b.release_date).localeCompare(String(a.release_date)) || String(a.id).localeCompare(String(b.id))
  );
  return releases;
}
