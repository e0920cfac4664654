// Synthetic Ticketmaster events for the sync-write benchmark (sync.ts): pages of Discovery API events
// across a few markets, with artists and venues that repeat as they do in a real catalog, from a seed.

import type { TmAttraction, TmEvent, TmVenue } from "../../supabase/functions/_shared/providers/ticketmaster_types.ts";
import type { Sql } from "../../supabase/functions/_shared/db.ts";
import { seededRandom } from "./lib.ts";

/** events a Discovery API page holds */
export const PAGE_SIZE = 200;
const MARKETS = [
  { city: "Chicago", state: "IL", country: "US", tz: "America/Chicago", lat: 41.88, lon: -87.63 },
  { city: "London", state: null, country: "GB", tz: "Europe/London", lat: 51.51, lon: -0.13 },
  { city: "Berlin", state: null, country: "DE", tz: "Europe/Berlin", lat: 52.52, lon: 13.4 },
  { city: "Austin", state: "TX", country: "US", tz: "America/Chicago", lat: 30.27, lon: -97.74 },
  { city: "Toronto", state: "ON", country: "CA", tz: "America/Toronto", lat: 43.65, lon: -79.38 },
];
const GENRES = ["Rock", "Pop", "Hip-Hop/Rap", "Alternative", "Country", "Electronic", "Metal", "R&B"];

function hex(random: () => number, length: number, alphabet = "0123456789abcdef"): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
}

/**
 * `count` events in Ticketmaster Discovery v2's shape, benchmark-only and
 * synthetic (names say so): one artist per ~7 events, a support act on a
 * third of them, ~1 venue per 12 events over five markets, dates over the
 * next 180 days with a few TBA and cancelled, images, genres, Spotify and
 * MusicBrainz links as real attractions carry them.
 */
export function syntheticEvents(count: number, seed = 7): TmEvent[] {
  const random = seededRandom(seed);
  const artistCount = Math.max(2, Math.round(count / 7));
  const venueCount = Math.max(1, Math.round(count / 12));
  const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const attractions: TmAttraction[] = Array.from({ length: artistCount }, (_, i) => {
    const genre = GENRES[i % GENRES.length];
    return {
      id: `K8vBench${i.toString(36).padStart(6, "0")}`,
      name: `Bench Artist ${i} (synthetic)`,
      type: "attraction",
      images: [
        { ratio: "16_9", url: `https://bench.invalid/artists/${i}/wide.jpg`, width: 1024, height: 576 },
        { ratio: "3_2", url: `https://bench.invalid/artists/${i}/card.jpg`, width: 640, height: 427 },
      ],
      classifications: [{ primary: true, segment: { name: "Music" }, genre: { name: genre } }],
      externalLinks: {
        spotify: [{ url: `https://open.spotify.com/artist/${hex(random, 22, base62)}` }],
        musicbrainz: [{
          id: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`,
        }],
      },
    };
  });
  const venues: TmVenue[] = Array.from({ length: venueCount }, (_, i) => {
    const market = MARKETS[i % MARKETS.length];
    return {
      id: `KovBench${i.toString(36).padStart(5, "0")}`,
      name: `Bench Hall ${i} (synthetic)`,
      timezone: market.tz,
      city: { name: market.city },
      ...(market.state ? { state: { stateCode: market.state } } : {}),
      country: { countryCode: market.country },
      location: {
        latitude: (market.lat + random() / 10).toFixed(5),
        longitude: (market.lon + random() / 10).toFixed(5),
      },
    };
  });
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const headliner = attractions[i % artistCount];
    const support = i % 3 === 0 ? [attractions[(i * 7 + 1) % artistCount]] : [];
    const venue = venues[Math.floor(random() * venueCount)];
    const starts = new Date(now + (1 + Math.floor(random() * 180)) * 86_400_000);
    starts.setUTCHours(19 + Math.floor(random() * 4), 0, 0, 0);
    const tba = i % 40 === 0;
    return {
      id: `vvBench${i.toString(36).padStart(7, "0")}`,
      name: `${headliner.name} live`,
      type: "event",
      url: `https://bench.invalid/events/${i}`,
      dates: {
        start: tba ? { dateTBA: true, timeTBA: true } : {
          localDate: starts.toISOString().slice(0, 10),
          localTime: "20:00:00",
          dateTime: starts.toISOString(),
        },
        status: { code: i % 50 === 0 ? "cancelled" : "onsale" },
      },
      classifications: headliner.classifications,
      _embedded: { venues: [venue], attractions: [headliner, ...support] },
    };
  });
}

/** Rows a base catalog holds: see loadBaseCatalog. */
export interface CatalogSize {
  artists: number;
  venues: number;
  shows: number;
}

/**
 * Fills the catalog tables with benchmark-only synthetic rows (ids K8vBase*, KovBase*, vvBase*; names say
 * "(synthetic)"): artists, venues, shows spread over them with one billing row each, then analyzes the
 * tables as autovacuum would have by the time a catalog this size exists. Run by the table owner.
 */
export async function loadBaseCatalog(sql: Sql, size: CatalogSize): Promise<void> {
  await sql`insert into public.artists (ticketmaster_id, name, slug, synthetic)
    select 'K8vBase' || g, 'Base Artist ' || g || ' (synthetic)', 'base-artist-' || g, true
    from generate_series(1, ${size.artists}::int) g`;
  await sql`insert into public.venues (ticketmaster_id, name, city, country)
    select 'KovBase' || g, 'Base Hall ' || g || ' (synthetic)', 'Base City ' || (g % 100), 'US'
    from generate_series(1, ${size.venues}::int) g`;
  await sql`
    with a as (select id, row_number() over (order by id) as n from public.artists where ticketmaster_id like 'K8vBase%'),
         v as (select id, row_number() over (order by id) as n from public.venues where ticketmaster_id like 'KovBase%')
    insert into public.shows (ticketmaster_id, artist_id, venue_id, name, local_date, date_tba, time_tba)
    select 'vvBase' || g, a.id, v.id, 'Base show ' || g || ' (synthetic)', current_date + (g % 300), false, true
    from generate_series(1, ${size.shows}::int) g
    join a on a.n = 1 + g % ${size.artists}::int
    join v on v.n = 1 + g % ${size.venues}::int`;
  await sql`insert into public.show_artists (show_id, artist_id, billing_position)
    select id, artist_id, 0 from public.shows where ticketmaster_id like 'vvBase%'`;
  await sql`analyze public.artists, public.venues, public.shows, public.show_artists`;
}

/** Removes what loadBaseCatalog added (shows and billing go with their artists and venues). */
export async function removeBaseCatalog(sql: Sql): Promise<void> {
  await sql`delete from public.artists where ticketmaster_id like 'K8vBase%'`;
  await sql`delete from public.venues where ticketmaster_id like 'KovBase%'`;
}
