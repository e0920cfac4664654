// The demo's Ticketmaster side: attractions, venues per market and events.

import type { DemoArtist, DemoEvent } from "../fixtures.ts";
import { type MarketDef, MARKETS, NON_MUSIC, OTHER_MARKETS, VENUE_KINDS } from "../words.ts";
import { DAY, isoDay, type Json, type Streams, zonedToUtc } from "./common.ts";

/** Each artist's attraction, by Ticketmaster id (upcomingEvents is filled in by demoEvents). */
export function demoAttractions(artists: DemoArtist[]): Map<string, Json> {
  const attractions = new Map<string, Json>();
  for (const artist of artists) {
    const externalLinks: Json = {};
    if (artist.linksSpotify) externalLinks.spotify = [{ url: `https://open.spotify.com/artist/${artist.spotifyId}` }];
    if (artist.mbid && artist.linksMbid) {
      externalLinks.musicbrainz = [{ id: artist.mbid, url: `https://musicbrainz.org/artist/${artist.mbid}` }];
    }
    if (artist.index % 6 !== 5) externalLinks.homepage = [{ url: `{origin}/demo-pages/artist/${artist.tmId}` }];
    const json: Json = {
      name: artist.name,
      type: "attraction",
      id: artist.tmId,
      test: false,
      synthetic: true,
      url: `{origin}/demo-pages/artist/${artist.tmId}`,
      locale: "en-us",
      images: [
        {
          ratio: "16_9",
          url: `{origin}/demo-images/artist/${artist.tmId}.svg?w=640`,
          width: 640,
          height: 360,
          fallback: false,
        },
        {
          ratio: "16_9",
          url: `{origin}/demo-images/artist/${artist.tmId}.svg?w=1024`,
          width: 1024,
          height: 576,
          fallback: false,
        },
        {
          ratio: "3_2",
          url: `{origin}/demo-images/artist/${artist.tmId}.svg?w=640&r=3_2`,
          width: 640,
          height: 427,
          fallback: false,
        },
      ],
      classifications: [{
        primary: true,
        segment: { id: "KZFzniwnSyZfZ7v7nJ", name: "Music" },
        genre: { id: `KnvZfZ7vA${artist.index}`, name: artist.genre },
        subGenre: { id: `KZazBEonSMnZfZ7v${artist.index}`, name: artist.subGenre },
        type: { id: "KZAyXgnZfZ7v7nI", name: "Undefined" },
        family: false,
      }],
      upcomingEvents: { _total: 0, ticketmaster: 0, _filtered: 0 },
    };
    if (Object.keys(externalLinks).length > 0) json.externalLinks = externalLinks;
    attractions.set(artist.tmId, json);
  }

  return attractions;
}

/** Six venues in each demo market, two in each other market, by city. */
export function demoVenues({ ns, stream, idStream }: Streams): Map<string, Json[]> {
  const venuesByMarket = new Map<string, Json[]>();
  for (const market of [...MARKETS, ...OTHER_MARKETS]) {
    const rng = stream(`venues:${market.city}`);
    const ids = idStream(`venues:${market.city}`);
    const count = MARKETS.includes(market) ? 6 : 2;
    const venues: Json[] = [];
    for (let v = 0; v < count; v++) {
      const kind = VENUE_KINDS[v % VENUE_KINDS.length];
      const name = market.city === "Montréal" && v === 0 ? "Théâtre Synthétique de Montréal" : `${kind} ${market.city}`;
      const venue: Json = {
        name,
        type: "venue",
        id: `KovZ9${ns}${ids.token(6)}`,
        test: false,
        synthetic: true,
        locale: "en-us",
        timezone: market.timezone,
        city: { name: market.city },
        country: { name: market.countryName, countryCode: market.countryCode },
        address: { line1: `${rng.int(1, 999)} Synthetic Street` },
        postalCode: String(rng.int(10000, 99999)),
        // one venue has no coordinates on Ticketmaster
        location: v === 5 ? undefined : {
          longitude: (market.longitude + (rng.next() - 0.5) / 10).toFixed(6),
          latitude: (market.latitude + (rng.next() - 0.5) / 10).toFixed(6),
        },
        dmas: [{ id: market.dmaId }],
      };
      if (market.stateCode) venue.state = { name: market.stateName, stateCode: market.stateCode };
      venues.push(venue);
    }
    venuesByMarket.set(market.city, venues);
  }

  return venuesByMarket;
}

/** What makeEvent reads and counts beyond its arguments. */
interface EventBook {
  todayMs: number;
  attractions: Map<string, Json>;
  /** upcoming events per attraction id */
  upcoming: Map<string, number>;
}

const TIMES = ["19:00:00", "19:30:00", "20:00:00", "20:30:00", "21:00:00"];

function makeEvent(
  { todayMs, attractions, upcoming }: EventBook,
  id: string,
  market: MarketDef,
  venue: Json | null,
  billed: DemoArtist[],
  localDate: string,
  localTime: string,
  flags: { status: string; dateTba: boolean; timeTba: boolean; music: boolean; name?: string },
): DemoEvent {
  const headliner = billed[0];
  const year = localDate.slice(0, 4);
  const name = flags.name ??
    (billed.length > 1
      ? `${headliner.name} with ${billed.slice(1).map((a) => a.name).join(" & ")}`
      : `${headliner.name} — Synthetic Tour ${year}`);
  const startUtc = flags.dateTba
    ? null
    : zonedToUtc(localDate, flags.timeTba ? "12:00:00" : localTime, market.timezone);
  const start: Json = flags.dateTba
    ? { dateTBD: true, dateTBA: true, timeTBA: true, noSpecificTime: false }
    : flags.timeTba
    ? { localDate, dateTBD: false, dateTBA: false, timeTBA: true, noSpecificTime: true }
    : {
      localDate,
      localTime,
      dateTime: new Date(startUtc!).toISOString().replace(".000Z", "Z"),
      dateTBD: false,
      dateTBA: false,
      timeTBA: false,
      noSpecificTime: false,
    };
  const classifications = flags.music
    ? [{
      primary: true,
      segment: { id: "KZFzniwnSyZfZ7v7nJ", name: "Music" },
      genre: { id: "KnvZfZ7vAeA", name: headliner?.genre ?? "Undefined" },
      subGenre: { id: "KZazBEonSMnZfZ7v6F1", name: headliner?.subGenre ?? "Undefined" },
      family: false,
    }]
    : [{
      primary: true,
      segment: { id: "KZFzniwnSyZfZ7v7nE", name: "Sports" },
      genre: { id: "KnvZfZ7vAdI", name: "Hockey" },
      family: false,
    }];
  const embedded: Json = {};
  if (venue) embedded.venues = [venue];
  if (billed.length > 0) embedded.attractions = billed.map((a) => attractions.get(a.tmId));
  for (const a of billed) upcoming.set(a.tmId, (upcoming.get(a.tmId) ?? 0) + 1);
  const json: Json = {
    name,
    type: "event",
    id,
    test: false,
    synthetic: true,
    url: `{origin}/demo-pages/event/${id}`,
    locale: "en-us",
    images: [{
      ratio: "16_9",
      url: `{origin}/demo-images/event/${id}.svg`,
      width: 1024,
      height: 576,
      fallback: false,
    }],
    sales: { public: { startDateTime: new Date(todayMs - 30 * DAY).toISOString().replace(".000Z", "Z") } },
    dates: {
      start,
      timezone: market.timezone,
      status: { code: flags.status },
      spanMultipleDays: false,
    },
    classifications,
    _embedded: embedded,
  };
  return {
    json,
    market,
    startUtc,
    localDate: flags.dateTba ? null : localDate,
    isMusic: flags.music,
    attractionIds: billed.map((a) => a.tmId),
    keywordText: `${name} ${billed.map((a) => a.name).join(" ")}`,
  };
}

/** Every event, sorted as Ticketmaster sorts; counts each attraction's upcomingEvents on the way. */
export function demoEvents(
  streams: Streams,
  artists: DemoArtist[],
  attractions: Map<string, Json>,
  venuesByMarket: Map<string, Json[]>,
): DemoEvent[] {
  const book: EventBook = { todayMs: streams.todayMs, attractions, upcoming: new Map() };
  const sources: EventSources = { book, artists, venuesByMarket };
  const events: DemoEvent[] = [...marketEvents(streams, sources), ...elsewhereEvents(streams, sources)];
  for (const [id, count] of book.upcoming) {
    const json = attractions.get(id)!;
    json.upcomingEvents = { _total: count, ticketmaster: count, _filtered: 0 };
  }
  // Ticketmaster sorts by date; TBA dates last
  events.sort((a, b) =>
    (a.startUtc ?? Number.MAX_SAFE_INTEGER) - (b.startUtc ?? Number.MAX_SAFE_INTEGER) ||
    String(a.json.id).localeCompare(String(b.json.id))
  );
  return events;
}

/** What the events are made of: the artists, each market's venues, and the book they are counted in. */
interface EventSources {
  book: EventBook;
  artists: DemoArtist[];
  venuesByMarket: Map<string, Json[]>;
}

/** Sixty events in each demo market, plus one that is not music. */
function marketEvents(
  { ns, todayMs, stream, idStream }: Streams,
  { book, artists, venuesByMarket }: EventSources,
): DemoEvent[] {
  const events: DemoEvent[] = [];
  const marketArtists = artists.filter((a) => a.inMarkets);
  MARKETS.forEach((market, m) => {
    const venues = venuesByMarket.get(market.city)!;
    for (let i = 0; i < 60; i++) {
      const k = m * 60 + i;
      const rng = stream(`event:${market.city}:${i}`);
      const ids = idStream(`event:${market.city}:${i}`);
      const headliner = marketArtists[(i * 7 + m * 11 + rng.int(0, 2)) % marketArtists.length];
      const billed = [headliner];
      const supportCount = rng.chance(0.1) ? 2 : rng.chance(0.3) ? 1 : 0;
      while (billed.length < 1 + supportCount) {
        const support = rng.pick(marketArtists);
        if (!billed.includes(support)) billed.push(support);
      }
      // spread over the next ~170 days, inside the tour sync's default 180-day window
      const localDate = isoDay(todayMs + (2 + Math.floor(i * 2.8) + rng.int(0, 1)) * DAY);
      const noAttraction = k === 77 || k === 211;
      const event = makeEvent(
        book,
        `vvG1${ns}${ids.token(10)}`,
        market,
        k === 123 ? null : rng.pick(venues),
        noAttraction ? [] : billed,
        localDate,
        rng.pick(TIMES),
        {
          status: k % 50 === 7 ? "cancelled" : k % 60 === 13 ? "postponed" : k % 75 === 21 ? "rescheduled" : "onsale",
          dateTba: k % 70 === 30,
          timeTba: k % 45 === 11,
          music: true,
          name: noAttraction ? `Synthetic Open Mic Night ${market.city}` : undefined,
        },
      );
      events.push(event);
    }
    // a non-music event per market: a music query must not return it, a mapper must skip it
    const rng = stream(`nonmusic:${market.city}`);
    events.push(
      makeEvent(
        book,
        `vvG1${ns}${idStream(`nonmusic:${market.city}`).token(10)}`,
        market,
        venues[2],
        [],
        isoDay(todayMs + rng.int(5, 150) * DAY),
        "19:00:00",
        {
          status: "onsale",
          dateTba: false,
          timeTba: false,
          music: false,
          name: `${NON_MUSIC[m % NON_MUSIC.length]} ${market.city}`,
        },
      ),
    );
  });
  return events;
}

/** The import-only artists tour elsewhere. */
function elsewhereEvents(streams: Streams, { book, artists, venuesByMarket }: EventSources): DemoEvent[] {
  const { ns, todayMs, stream, idStream } = streams;
  const events: DemoEvent[] = [];
  for (const artist of artists.filter((a) => !a.inMarkets)) {
    const rng = stream(`elsewhere:${artist.index}`);
    const ids = idStream(`elsewhere:${artist.index}`);
    const count = rng.int(3, 5);
    for (let e = 0; e < count; e++) {
      const market = OTHER_MARKETS[(artist.index + e) % OTHER_MARKETS.length];
      events.push(
        makeEvent(
          book,
          `vvG1${ns}${ids.token(10)}`,
          market,
          rng.pick(venuesByMarket.get(market.city)!),
          [artist],
          isoDay(todayMs + rng.int(10, 170) * DAY),
          rng.pick(TIMES),
          { status: "onsale", dateTba: false, timeTba: false, music: true },
        ),
      );
    }
  }
  return events;
}
