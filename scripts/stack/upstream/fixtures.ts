// The demo upstream's data: clearly synthetic artists, venues, events,
// catalogs and setlists, generated from a fixed seed so every machine (and
// every test run) sees the same data for the same day. Dates are anchored on
// `today` so the demo always has upcoming shows and a past two years.
//
// Shapes follow the providers' JSON exactly; every top-level entity also
// carries "synthetic": true, an extra field the real formats tolerate.
// "{origin}" in URLs is replaced by the serving upstream's own origin.

import { demoArtists } from "./data/artists.ts";
import { isoDay, type Json, type Streams } from "./data/common.ts";
import { demoSetlists } from "./data/setlistfm.ts";
import { demoSpotify } from "./data/spotify.ts";
import { demoAttractions, demoEvents, demoVenues } from "./data/ticketmaster.ts";
import { Random } from "./random.ts";
import type { MarketDef } from "./words.ts";

export interface DemoOptions {
  /** the generator's seed; the demo uses DEFAULT_SEED */
  seed?: number;
  /** prefixes every provider id, so test data never collides with the demo's (letters and digits) */
  namespace?: string;
  /** the day the data is anchored on, YYYY-MM-DD (default: today, UTC) */
  today?: string;
}

export const DEFAULT_SEED = 20261125;

export interface DemoArtist {
  index: number;
  name: string;
  tmId: string;
  /** tours the five demo markets (false: only an on-demand import finds it) */
  inMarkets: boolean;
  genre: string;
  subGenre: string;
  /** null: the artist is not on Spotify at all */
  spotifyId: string | null;
  /** Ticketmaster's externalLinks carry the Spotify URL (else the sync must search) */
  linksSpotify: boolean;
  mbid: string | null;
  linksMbid: boolean;
  /** studio song titles, the first eight are staples of the live show */
  songs: string[];
}

export interface DemoEvent {
  json: Json;
  market: MarketDef | null;
  /** UTC start, for the date-window filter; null when the date is TBA */
  startUtc: number | null;
  localDate: string | null;
  isMusic: boolean;
  attractionIds: string[];
  keywordText: string;
}

export interface Dataset {
  options: Required<DemoOptions>;
  artists: DemoArtist[];
  attractions: Map<string, Json>;
  events: DemoEvent[];
  spotifyArtists: Json[];
  albumsByArtist: Map<string, Json[]>;
  tracksByAlbum: Map<string, Json[]>;
  /** newest first, as setlist.fm returns them */
  setlistsByMbid: Map<string, Json[]>;
  allSetlists: Json[];
}

function todayUtc(): string {
  return isoDay(Date.now());
}

export function generateDataset(input: DemoOptions = {}): Dataset {
  const options: Required<DemoOptions> = {
    seed: input.seed ?? DEFAULT_SEED,
    namespace: input.namespace ?? "",
    today: input.today ?? todayUtc(),
  };
  if (!/^[A-Za-z0-9]*$/.test(options.namespace)) throw new Error("namespace: letters and digits only");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today)) throw new Error("today: YYYY-MM-DD");
  const ns = options.namespace;
  const todayMs = Date.parse(`${options.today}T00:00:00Z`);
  // content depends on the seed alone, so every namespace sees the same artists, songs and dates;
  // ids come from a second stream that also depends on the namespace, so they never collide
  const stream = (name: string) => new Random(`${options.seed}:${name}`);
  const idStream = (name: string) => new Random(`${options.seed}:${ns}:id:${name}`);

  const streams: Streams = { ns, todayMs, stream, idStream };
  const artists = demoArtists(streams);
  const attractions = demoAttractions(artists);
  const events = demoEvents(streams, artists, attractions, demoVenues(streams));
  const { spotifyArtists, albumsByArtist, tracksByAlbum } = demoSpotify(streams, artists);
  const { setlistsByMbid, allSetlists } = demoSetlists(streams, artists);
  return {
    options,
    artists,
    attractions,
    events,
    spotifyArtists,
    albumsByArtist,
    tracksByAlbum,
    setlistsByMbid,
    allSetlists,
  };
}
