// The demo's setlist.fm side: venues and two years of setlists per artist with an MBID.

import type { DemoArtist } from "../fixtures.ts";
import { COVER_SONGS, SETLIST_CITIES, VENUE_KINDS } from "../words.ts";
import { DAY, ddmmyyyy, isoDay, type Json, plainSpelling, type Streams } from "./common.ts";

export interface SetlistData {
  /** newest first, as setlist.fm returns them */
  setlistsByMbid: Map<string, Json[]>;
  allSetlists: Json[];
}

export function demoSetlists(streams: Streams, artists: DemoArtist[]): SetlistData {
  const { ns, idStream } = streams;
  const setlistVenues = SETLIST_CITIES.flatMap((city, c) => {
    const ids = idStream(`setlist-venues:${c}`);
    return [0, 1, 2].map((v) => ({
      id: `${ns}${ids.token(8, "0123456789abcdef")}`,
      name: `${VENUE_KINDS[(c + v) % VENUE_KINDS.length]} ${city.name}`,
      city: {
        id: String(1000000 + c * 10 + v),
        name: city.name,
        state: city.state,
        stateCode: city.stateCode,
        coords: { lat: city.lat, long: city.long },
        country: { code: city.country, name: city.countryName },
      },
      url: `{origin}/demo-pages/venue/${c}-${v}`,
    }));
  });
  const setlistsByMbid = new Map<string, Json[]>();
  const allSetlists: Json[] = [];
  for (const artist of artists) {
    // every fourth artist with an MBID has nothing on setlist.fm (a 404)
    if (!artist.mbid || artist.index % 8 === 6) continue;
    const list = artistSetlists(streams, artist, artist.mbid, artists, setlistVenues);
    setlistsByMbid.set(artist.mbid, list);
    allSetlists.push(...list);
  }

  const sortable = (s: Json) => String(s.eventDate).split("-").reverse().join("-");
  allSetlists.sort((a, b) => sortable(b).localeCompare(sortable(a)) || String(a.id).localeCompare(String(b.id)));
  return { setlistsByMbid, allSetlists };
}

/** One artist's setlists over the past two years, newest first. */
function artistSetlists(
  { ns, todayMs, stream, idStream }: Streams,
  artist: DemoArtist,
  mbid: string,
  artists: DemoArtist[],
  setlistVenues: Json[],
): Json[] {
  const rng = stream(`setlists:${artist.index}`);
  const ids = idStream(`setlists:${artist.index}`);
  const list: Json[] = [];
  const staples = artist.songs.slice(0, 8);
  const others = artist.songs.slice(8, 31);
  const artistJson = {
    mbid,
    name: artist.name,
    sortName: artist.name.replace(/^The (.*)$/, "$1, The"),
    disambiguation: "synthetic demo artist",
    url: `{origin}/demo-pages/setlists/${mbid}`,
  };
  for (let day = todayMs - 730 * DAY + rng.int(0, 10) * DAY; day < todayMs - 2 * DAY; day += rng.int(9, 24) * DAY) {
    const id = `${ns}${ids.token(8, "0123456789abcdef")}`;
    const venue = rng.pick(setlistVenues);
    const song = (title: string): Json => {
      const entry: Json = { name: rng.chance(0.15) ? plainSpelling(title) : title };
      if (rng.chance(0.06)) {
        entry.info = rng.pick(["acoustic", "extended outro", "first time live", "dedicated to the crowd"]);
      }
      if (rng.chance(0.03)) {
        const guest = rng.pick(artists);
        if (guest !== artist && guest.mbid) entry.with = { mbid: guest.mbid, name: guest.name, sortName: guest.name };
      }
      return entry;
    };
    const main = [
      ...staples.filter(() => rng.chance(0.9)),
      ...rng.sample(others, rng.int(3, 7)),
    ];
    // shuffle the main set, but keep the first staple as the opener
    const opener = main.shift();
    const shuffled = rng.sample(main, main.length);
    const mainSongs: Json[] = [];
    if (rng.chance(0.4)) mainSongs.push({ name: "Intro", tape: true });
    if (opener) mainSongs.push(song(opener));
    for (const title of shuffled.slice(0, -2)) mainSongs.push(song(title));
    if (rng.chance(0.2)) {
      const cover = rng.pick(COVER_SONGS);
      mainSongs.push({
        name: cover.title,
        cover: { mbid: ids.uuid(), name: cover.artist, sortName: cover.artist, url: "{origin}/demo-pages/cover" },
      });
    }
    const sets: Json[] = [{ song: mainSongs }];
    if (rng.chance(0.7)) sets.push({ encore: 1, song: shuffled.slice(-2).map(song) });
    else mainSongs.push(...shuffled.slice(-2).map(song));
    if (rng.chance(0.2)) (sets.at(-1)!.song as Json[]).push({ name: "Outro", tape: true });
    const date = isoDay(day);
    const setlist: Json = {
      id,
      versionId: `${ns}${ids.token(8, "0123456789abcdef")}`,
      eventDate: ddmmyyyy(date),
      lastUpdated: new Date(day + 2 * DAY).toISOString().replace("Z", "+0000"),
      artist: artistJson,
      venue,
      tour: { name: `Synthetic ${date.slice(0, 4)} Tour` },
      // now and then nobody has entered the songs yet
      sets: { set: rng.chance(0.04) ? [] : sets },
      url: `{origin}/demo-pages/setlist/${id}`,
      synthetic: true,
    };
    list.push(setlist);
  }
  list.sort((a, b) =>
    String(b.eventDate).split("-").reverse().join("-").localeCompare(
      String(a.eventDate).split("-").reverse().join("-"),
    )
  );
  return list;
}
