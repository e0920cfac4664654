// The demo's artists: names, ids, genres, song titles and which providers know them.

import type { DemoArtist } from "../fixtures.ts";
import { ARTIST_NAMES, MARKET_ARTIST_COUNT, SONG_FIRST, SONG_SECOND } from "../words.ts";
import { plainSpelling, type Streams } from "./common.ts";

const GENRES: [string, string][] = [
  ["Rock", "Indie Rock"],
  ["Pop", "Indie Pop"],
  ["Alternative", "Alternative Rock"],
  ["Electronic", "Synthpop"],
  ["Folk", "Indie Folk"],
  ["R&B", "Soul"],
  ["Latin", "Latin Alternative"],
  ["Jazz", "Nu Jazz"],
];

export function demoArtists({ ns, stream, idStream }: Streams): DemoArtist[] {
  return ARTIST_NAMES.map((name, index) => {
    const rng = stream(`artist:${index}`);
    const ids = idStream(`artist:${index}`);
    const [genre, subGenre] = GENRES[index % GENRES.length];
    // one touring act is not on Spotify at all: the catalog sync must say so, not guess
    const onSpotify = index !== 33;
    const titles = new Set<string>();
    const songs: string[] = [];
    while (songs.length < 36) {
      const title = `${rng.pick(SONG_FIRST)} ${rng.pick(SONG_SECOND)}`;
      const key = plainSpelling(title).toLowerCase();
      if (titles.has(key)) continue;
      titles.add(key);
      songs.push(title);
    }
    const hasMbid = index % 4 !== 3 || index >= MARKET_ARTIST_COUNT;
    return {
      index,
      name,
      tmId: `K8vZ9${ns}${ids.token(6)}`,
      inMarkets: index < MARKET_ARTIST_COUNT,
      genre,
      subGenre,
      spotifyId: onSpotify ? `${ns}${ids.token(22 - ns.length)}` : null,
      // about one in five touring acts lacks the Spotify link on Ticketmaster (the market "Harbor Lights" among them)
      linksSpotify: onSpotify && index % 5 !== 2 && index !== 3,
      mbid: hasMbid ? ids.uuid() : null,
      linksMbid: hasMbid && index !== 7,
      songs,
    };
  });
}
