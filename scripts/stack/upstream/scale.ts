// The demo upstream at catalog scale, for benchmarks only: `artists` clearly
// synthetic touring artists ("Scale Artist N (synthetic)"), each on one tour
// leg of upcoming shows in the five default markets (about ten shows an
// artist inside the next 180 days), and setlist.fm histories made on demand
// (a Map that builds an artist's setlists when the upstream asks for them, so
// 10,000 artists cost no memory up front). Same Dataset shape as
// generateDataset, so the same routes serve it: createUpstream({ dataset }).
//
// Tours are legs, as real tours are: a start day (some legs already under
// way), a show every two or three days, 2 to 18 shows. Every artist links its
// MBID on Ticketmaster; one in ten has nothing on setlist.fm (a 404).

import type { Dataset, DemoArtist, DemoEvent } from "./fixtures.ts";
import { zonedToUtc } from "./data/common.ts";
import { Random } from "./random.ts";
import { MARKETS, SONG_FIRST, SONG_SECOND, VENUE_KINDS } from "./words.ts";

type Json = Record<string, unknown>;

export interface ScaleOptions {
  artists: number;
  /** YYYY-MM-DD the dataset is anchored on (default today, UTC) */
  today?: string;
  seed?: number;
}

const DAY = 86_400_000;
const WINDOW_DAYS = 180;
const VENUES_PER_MARKET = 40;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}-${m}-${y}`;
}

/** An artist's setlists, built when first asked for (newest first, as setlist.fm returns them). */
class SetlistsOnDemand extends Map<string, Json[]> {
  constructor(private readonly build: (mbid: string) => Json[] | undefined) {
    super();
  }
  override get(mbid: string): Json[] | undefined {
    // not cached: the benchmark asks each artist a few times at most, memory stays flat
    return this.build(mbid);
  }
}

type ScaleVenue = { market: (typeof MARKETS)[number]; json: Json };

/** The venues of every market, the same for every artist. */
function scaleVenues(): ScaleVenue[] {
  return MARKETS.flatMap((market, m) =>
    Array.from({ length: VENUES_PER_MARKET }, (_, v) => ({
      market,
      json: {
        name: `${VENUE_KINDS[v % VENUE_KINDS.length]} ${market.city} ${v} (synthetic)`,
        type: "venue",
        id: `KovScale${m}x${v}`,
        synthetic: true,
        timezone: market.timezone,
        city: { name: market.city },
        country: { name: market.countryName, countryCode: market.countryCode },
        ...(market.stateCode ? { state: { name: market.stateName, stateCode: market.stateCode } } : {}),
        location: { longitude: market.longitude.toFixed(6), latitude: market.latitude.toFixed(6) },
        dmas: [{ id: market.dmaId }],
      } as Json,
    }))
  );
}

/** One synthetic artist, with its Ticketmaster attraction. */
function scaleArtist(index: number, rng: Random): { artist: DemoArtist; attraction: Json } {
  const songs = Array.from(
    { length: 24 },
    (_, s) =>
      `${SONG_FIRST[(index + s) % SONG_FIRST.length]} ${SONG_SECOND[(index * 7 + s * 3) % SONG_SECOND.length]} ${s}`,
  );
  const artist: DemoArtist = {
    index,
    name: `Scale Artist ${index} (synthetic)`,
    tmId: `K8vScale${index.toString(36).padStart(5, "0")}`,
    inMarkets: true,
    genre: "Rock",
    subGenre: "Indie Rock",
    spotifyId: null,
    linksSpotify: false,
    mbid: rng.uuid(),
    linksMbid: true,
    songs,
  };
  const attraction: Json = {
    name: artist.name,
    type: "attraction",
    id: artist.tmId,
    synthetic: true,
    classifications: [{ primary: true, segment: { name: "Music" }, genre: { name: "Rock" } }],
    externalLinks: { musicbrainz: [{ id: artist.mbid }] },
  };
  return { artist, attraction };
}

/** One tour leg: starts somewhere from 20 days ago to the end of the window, a show every 2-3 days. */
function tourLeg(
  artist: DemoArtist,
  attraction: Json,
  rng: Random,
  venues: ScaleVenue[],
  todayMs: number,
): DemoEvent[] {
  const { index } = artist;
  const events: DemoEvent[] = [];
  const legStart = rng.int(-20, WINDOW_DAYS);
  const legShows = rng.int(2, 18);
  let day = legStart;
  for (let n = 0; n < legShows; n++, day += rng.int(2, 3)) {
    if (day < 0 || day >= WINDOW_DAYS) continue;
    const venue = venues[rng.int(0, venues.length - 1)];
    const localDate = isoDay(todayMs + day * DAY);
    const startUtc = zonedToUtc(localDate, "20:00:00", venue.market.timezone);
    const id = `vvScale${index.toString(36)}x${n}`;
    events.push({
      json: {
        name: `${artist.name} live`,
        type: "event",
        id,
        synthetic: true,
        url: `{origin}/demo-pages/event/${id}`,
        dates: {
          start: {
            localDate,
            localTime: "20:00:00",
            dateTime: new Date(startUtc).toISOString().replace(".000Z", "Z"),
          },
          status: { code: "onsale" },
        },
        classifications: attraction.classifications,
        _embedded: { venues: [venue.json], attractions: [attraction] },
      },
      market: venue.market,
      startUtc,
      localDate,
      isMusic: true,
      attractionIds: [artist.tmId],
      keywordText: artist.name,
    });
  }
  return events;
}

/** The setlist.fm history of an artist, made when asked for (every tenth artist has none). */
function setlistHistory(
  seed: number,
  venues: ScaleVenue[],
  todayMs: number,
  byMbid: Map<string, DemoArtist>,
): (mbid: string) => Json[] | undefined {
  return (mbid: string): Json[] | undefined => {
    const artist = byMbid.get(mbid);
    if (!artist || artist.index % 10 === 9) return undefined;
    const rng = new Random(`${seed}:scale-setlists:${artist.index}`);
    const list: Json[] = [];
    const artistJson = { mbid, name: artist.name, sortName: artist.name, url: `{origin}/demo-pages/setlists/${mbid}` };
    // a past year of shows, newest first: one every 4 to 12 days up to two days ago
    for (let day = 2 + rng.int(0, 5); day < 365; day += rng.int(4, 12)) {
      const date = isoDay(todayMs - day * DAY);
      const venue = venues[rng.int(0, venues.length - 1)];
      const main = rng.sample(artist.songs, rng.int(10, 16)).map((name) => ({ name }));
      list.push({
        id: `${artist.index.toString(16)}${day.toString(16).padStart(4, "0")}`.padStart(8, "0"),
        versionId: `v${artist.index.toString(16)}${day.toString(16)}`,
        eventDate: ddmmyyyy(date),
        lastUpdated: new Date(todayMs - (day - 1) * DAY).toISOString().replace("Z", "+0000"),
        artist: artistJson,
        venue: {
          id: `scale${String(venue.json.id).toLowerCase()}`,
          name: venue.json.name,
          city: {
            id: String(venue.market.dmaId),
            name: venue.market.city,
            stateCode: venue.market.stateCode,
            coords: { lat: venue.market.latitude, long: venue.market.longitude },
            country: { code: venue.market.countryCode, name: venue.market.countryName },
          },
        },
        sets: { set: [{ song: main }] },
        synthetic: true,
      });
    }
    return list;
  };
}

export function generateScaleDataset(input: ScaleOptions): Dataset {
  const today = input.today ?? isoDay(Date.now());
  const seed = input.seed ?? 20261207;
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const venues = scaleVenues();

  const artists: DemoArtist[] = [];
  const attractions = new Map<string, Json>();
  const events: DemoEvent[] = [];
  const byMbid = new Map<string, DemoArtist>();
  for (let index = 0; index < input.artists; index++) {
    const rng = new Random(`${seed}:scale-artist:${index}`);
    const { artist, attraction } = scaleArtist(index, rng);
    artists.push(artist);
    byMbid.set(artist.mbid!, artist);
    attractions.set(artist.tmId, attraction);
    events.push(...tourLeg(artist, attraction, rng, venues, todayMs));
  }
  // Ticketmaster's sort=date,asc
  events.sort((a, b) => (a.startUtc ?? 0) - (b.startUtc ?? 0));

  return {
    options: { seed, namespace: "scale", today },
    artists,
    attractions,
    events,
    spotifyArtists: [],
    albumsByArtist: new Map(),
    tracksByAlbum: new Map(),
    setlistsByMbid: new SetlistsOnDemand(setlistHistory(seed, venues, todayMs, byMbid)),
    allSetlists: [],
  };
}
