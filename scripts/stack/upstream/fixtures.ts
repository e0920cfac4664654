// The demo upstream's data: clearly synthetic artists, venues, events,
// catalogs and setlists, generated from a fixed seed so every machine (and
// every test run) sees the same data for the same day. Dates are anchored on
// `today` so the demo always has upcoming shows and a past two years.
//
// Shapes follow the providers' JSON exactly; every top-level entity also
// carries "synthetic": true, an extra field the real formats tolerate.
// "{origin}" in URLs is replaced by the serving upstream's own origin.

import { Random } from "./random.ts";
import {
  ALBUM_WORDS,
  ARTIST_NAMES,
  COVER_SONGS,
  MARKET_ARTIST_COUNT,
  type MarketDef,
  MARKETS,
  NON_MUSIC,
  OTHER_MARKETS,
  SETLIST_CITIES,
  SONG_FIRST,
  SONG_SECOND,
  VENUE_KINDS,
} from "./words.ts";

export interface DemoOptions {
  /** the generator's seed; the demo uses DEFAULT_SEED */
  seed?: number;
  /** prefixes every provider id, so test data never collides with the demo's (letters and digits) */
  namespace?: string;
  /** the day the data is anchored on, YYYY-MM-DD (default: today, UTC) */
  today?: string;
}

export const DEFAULT_SEED = 20261125;

type Json = Record<string, unknown>;

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

const DAY = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function todayUtc(): string {
  return isoDay(Date.now());
}

/** The UTC instant of a wall-clock time in an IANA zone. */
export function zonedToUtc(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm, ss] = time.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm, ss);
  const offset = (utc: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      }).formatToParts(new Date(utc)).map((p) => [p.type, p.value]),
    );
    const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    return asUtc - utc;
  };
  let result = guess - offset(guess);
  const second = offset(result);
  if (guess - second !== result) result = guess - second;
  return result;
}

function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}-${m}-${y}`;
}

/** Strip accents the way a hurried setlist.fm editor types: "Café" -> "Cafe". */
function plainSpelling(title: string): string {
  return title.normalize("NFKD").replace(/\p{M}+/gu, "");
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

  // ---- artists -----------------------------------------------------------
  const artists: DemoArtist[] = ARTIST_NAMES.map((name, index) => {
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

  // ---- Ticketmaster attractions ----------------------------------------------
  const attractions = new Map<string, Json>();
  const upcoming = new Map<string, number>();
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

  // ---- venues ------------------------------------------------------------
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

  // ---- events ------------------------------------------------------------
  const events: DemoEvent[] = [];
  const marketArtists = artists.filter((a) => a.inMarkets);
  const times = ["19:00:00", "19:30:00", "20:00:00", "20:30:00", "21:00:00"];
  const makeEvent = (
    id: string,
    market: MarketDef,
    venue: Json | null,
    billed: DemoArtist[],
    localDate: string,
    localTime: string,
    flags: { status: string; dateTba: boolean; timeTba: boolean; music: boolean; name?: string },
  ): DemoEvent => {
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
  };

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
        `vvG1${ns}${ids.token(10)}`,
        market,
        k === 123 ? null : rng.pick(venues),
        noAttraction ? [] : billed,
        localDate,
        rng.pick(times),
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
  // the import-only artists tour elsewhere
  for (const artist of artists.filter((a) => !a.inMarkets)) {
    const rng = stream(`elsewhere:${artist.index}`);
    const ids = idStream(`elsewhere:${artist.index}`);
    const count = rng.int(3, 5);
    for (let e = 0; e < count; e++) {
      const market = OTHER_MARKETS[(artist.index + e) % OTHER_MARKETS.length];
      events.push(
        makeEvent(
          `vvG1${ns}${ids.token(10)}`,
          market,
          rng.pick(venuesByMarket.get(market.city)!),
          [artist],
          isoDay(todayMs + rng.int(10, 170) * DAY),
          rng.pick(times),
          { status: "onsale", dateTba: false, timeTba: false, music: true },
        ),
      );
    }
  }
  for (const [id, count] of upcoming) {
    const json = attractions.get(id)!;
    json.upcomingEvents = { _total: count, ticketmaster: count, _filtered: 0 };
  }
  // Ticketmaster sorts by date; TBA dates last
  events.sort((a, b) =>
    (a.startUtc ?? Number.MAX_SAFE_INTEGER) - (b.startUtc ?? Number.MAX_SAFE_INTEGER) ||
    String(a.json.id).localeCompare(String(b.json.id))
  );

  // ---- Spotify -----------------------------------------------------------
  const spotifyArtists: Json[] = [];
  const albumsByArtist = new Map<string, Json[]>();
  const tracksByAlbum = new Map<string, Json[]>();
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
    albumsByArtist.set(artist.spotifyId, releases);
  }

  // ---- setlist.fm ----------------------------------------------------------
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
    const rng = stream(`setlists:${artist.index}`);
    const ids = idStream(`setlists:${artist.index}`);
    const list: Json[] = [];
    const staples = artist.songs.slice(0, 8);
    const others = artist.songs.slice(8, 31);
    const artistJson = {
      mbid: artist.mbid,
      name: artist.name,
      sortName: artist.name.replace(/^The (.*)$/, "$1, The"),
      disambiguation: "synthetic demo artist",
      url: `{origin}/demo-pages/setlists/${artist.mbid}`,
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
    setlistsByMbid.set(artist.mbid, list);
    allSetlists.push(...list);
  }

  const sortable = (s: Json) => String(s.eventDate).split("-").reverse().join("-");
  allSetlists.sort((a, b) => sortable(b).localeCompare(sortable(a)) || String(a.id).localeCompare(String(b.id)));

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
