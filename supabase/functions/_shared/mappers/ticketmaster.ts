// Ticketmaster events -> the rows the tour sync writes: artists (every
// attraction, headliner first), venues, shows and each show's billing.
// Pure: no I/O, so it is tested on fixtures and benchmarked on its own.

import type { TmAttraction, TmClassification, TmEvent, TmImage, TmVenue } from "../providers/ticketmaster_types.ts";
import type { Enum, WriteShape } from "../tables.ts";
import { knownTimeZone, timeZoneAt } from "./timezone.ts";

/** What Ticketmaster can say about a show; `completed` is TheSet's own, set when the actual setlist lands. */
export type ShowStatus = Exclude<Enum<"show_status">, "completed">;

/** An artists row from one attraction; the columns are the table's own (generated types). The slug is the
 * writer's (public.slugify of the name, made unique against the table). */
export type ArtistRow =
  & WriteShape<
    "artists",
    "ticketmaster_id" | "name" | "spotify_id" | "mbid" | "image_url" | "genres" | "synthetic"
  >
  & {
    ticketmaster_id: string;
    /** decided by mapAttraction alone; the writer stores it as it is */
    synthetic: boolean;
  };

export type VenueRow =
  & WriteShape<
    "venues",
    | "ticketmaster_id"
    | "name"
    | "city"
    | "state"
    | "country"
    | "latitude"
    | "longitude"
    | "timezone"
    | "street_address"
    | "postal_code"
  >
  & { ticketmaster_id: string };

/** A shows row, with the provider ids the writer resolves to artist_id and venue_id, and the billing. */
export type ShowRow =
  & WriteShape<
    "shows",
    "ticketmaster_id" | "name" | "starts_at" | "local_date" | "date_tba" | "time_tba" | "status" | "ticket_url"
  >
  & {
    ticketmaster_id: string;
    status: ShowStatus;
    /** the headliner's Ticketmaster id (shows.artist_id) */
    artist_ticketmaster_id: string;
    venue_ticketmaster_id: string | null;
    /** every billed attraction in Ticketmaster's order; [0] is the headliner */
    billing: string[];
  };

export type SkipReason = "not_music" | "no_attraction" | "no_id" | "duplicate";

export interface MappedEvents {
  artists: ArtistRow[];
  venues: VenueRow[];
  shows: ShowRow[];
  /** events that produced no show, and why: reported in the run's stats, never dropped silently */
  skipped: { event_id: string | null; reason: SkipReason }[];
}

const SPOTIFY_ARTIST_RE = /open\.spotify\.com\/(?:intl-[a-z]+\/)?artist\/([A-Za-z0-9]{22})/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const UNKNOWN_GENRES = new Set(["undefined", "other", ""]);

function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.replace(/\s+/g, " ").trim();
  return trimmed === "" ? null : trimmed;
}

export function spotifyIdFromUrl(url: string | undefined): string | null {
  return url?.match(SPOTIFY_ARTIST_RE)?.[1] ?? null;
}

function musicbrainzId(attraction: TmAttraction): string | null {
  const id = attraction.externalLinks?.musicbrainz?.[0]?.id?.trim().toLowerCase();
  return id && UUID_RE.test(id) ? id : null;
}

/** The widest 16:9 image (what the app shows as a banner), else the widest of any ratio. */
export function bestImage(images: TmImage[] | undefined): string | null {
  const usable = (images ?? []).filter((i) => typeof i.url === "string" && i.url.startsWith("http"));
  if (usable.length === 0) return null;
  const wide = usable.filter((i) => i.ratio === "16_9");
  const pool = wide.length > 0 ? wide : usable;
  return pool.reduce((best, i) => ((i.width ?? 0) > (best.width ?? 0) ? i : best)).url!;
}

function genres(classifications: TmClassification[] | undefined): string[] {
  const found: string[] = [];
  const ordered = [...(classifications ?? [])].sort((a, b) => Number(b.primary ?? false) - Number(a.primary ?? false));
  for (const c of ordered) {
    for (const name of [c.genre?.name, c.subGenre?.name]) {
      const g = text(name);
      if (g && !UNKNOWN_GENRES.has(g.toLowerCase()) && !found.includes(g)) found.push(g);
    }
  }
  return found;
}

/** Music unless Ticketmaster classifies it and no classification is in the Music segment. */
export function isMusic(classifications: TmClassification[] | undefined): boolean {
  if (!classifications || classifications.length === 0) return true;
  return classifications.some((c) => c.segment?.name?.toLowerCase() === "music");
}

export function mapAttraction(attraction: TmAttraction): ArtistRow | null {
  const id = text(attraction.id);
  const name = text(attraction.name);
  if (!id || !name) return null;
  return {
    ticketmaster_id: id,
    name,
    spotify_id: spotifyIdFromUrl(attraction.externalLinks?.spotify?.[0]?.url),
    mbid: musicbrainzId(attraction),
    image_url: bestImage(attraction.images),
    genres: genres(attraction.classifications),
    // only the demo upstream says so; Ticketmaster itself never sends the field
    synthetic: attraction.synthetic === true,
  };
}

function coordinate(raw: string | undefined, limit: number): number | null {
  if (raw === undefined) return null;
  const value = Number(raw);
  return Number.isFinite(value) && Math.abs(value) <= limit && raw.trim() !== "" ? value : null;
}

/** The street address: address.line1, then line2 and line3 when given, joined by ", "; null when none. */
export function streetAddress(address: TmVenue["address"]): string | null {
  const lines = [address?.line1, address?.line2, address?.line3].map(text).filter((line): line is string => !!line);
  return lines.length > 0 ? lines.join(", ").slice(0, 300) : null;
}

/**
 * The venue's time zone is Ticketmaster's for the venue, else the event's own
 * `dates.timezone` (`eventTimeZone`), else the zone at the venue's point.
 */
export function mapVenue(venue: TmVenue, eventTimeZone?: string): VenueRow | null {
  const id = text(venue.id);
  const name = text(venue.name);
  if (!id || !name) return null;
  const latitude = coordinate(venue.location?.latitude, 90);
  const longitude = coordinate(venue.location?.longitude, 180);
  const hasPoint = latitude !== null && longitude !== null;
  return {
    ticketmaster_id: id,
    name,
    city: text(venue.city?.name),
    state: text(venue.state?.stateCode) ?? text(venue.state?.name),
    country: text(venue.country?.countryCode)?.toUpperCase() ?? null,
    // a point needs both halves
    latitude: hasPoint ? latitude : null,
    longitude: hasPoint ? longitude : null,
    timezone: knownTimeZone(text(venue.timezone)) ?? knownTimeZone(eventTimeZone) ??
      (hasPoint ? timeZoneAt(latitude, longitude) : null),
    street_address: streetAddress(venue.address),
    postal_code: text(venue.postalCode)?.slice(0, 20) ?? null,
  };
}

/** Ticketmaster embeds the same venue in many events, not always with every detail: keep the fullest. */
function mergeVenue(known: VenueRow | undefined, seen: VenueRow): VenueRow {
  if (!known) return seen;
  const merged = { ...known };
  for (const key of ["city", "state", "country", "timezone", "street_address", "postal_code"] as const) {
    merged[key] ??= seen[key];
  }
  if (merged.latitude === null && seen.latitude !== null) {
    merged.latitude = seen.latitude;
    merged.longitude = seen.longitude;
  }
  return merged;
}

export function mapStatus(code: string | undefined): ShowStatus {
  switch ((code ?? "").toLowerCase()) {
    case "cancelled":
    case "canceled":
      return "cancelled";
    case "postponed":
      return "postponed";
    case "rescheduled":
      return "rescheduled";
    default:
      // onsale, offsale, onpresale: the show is on
      return "scheduled";
  }
}

/** Maps one page (or any batch) of events; later duplicates of an event id are reported and ignored. */
export function mapEvents(events: TmEvent[]): MappedEvents {
  const artists = new Map<string, ArtistRow>();
  const venues = new Map<string, VenueRow>();
  const shows = new Map<string, ShowRow>();
  const skipped: MappedEvents["skipped"] = [];

  for (const event of events) {
    const eventId = text(event.id);
    if (!eventId) {
      skipped.push({ event_id: null, reason: "no_id" });
      continue;
    }
    if (shows.has(eventId)) {
      skipped.push({ event_id: eventId, reason: "duplicate" });
      continue;
    }
    if (!isMusic(event.classifications)) {
      skipped.push({ event_id: eventId, reason: "not_music" });
      continue;
    }
    const billed = (event._embedded?.attractions ?? []).map(mapAttraction).filter((a): a is ArtistRow => a !== null);
    const billing = [...new Set(billed.map((a) => a.ticketmaster_id))];
    if (billing.length === 0) {
      skipped.push({ event_id: eventId, reason: "no_attraction" });
      continue;
    }
    for (const artist of billed) if (!artists.has(artist.ticketmaster_id)) artists.set(artist.ticketmaster_id, artist);

    const venue = event._embedded?.venues?.[0] ? mapVenue(event._embedded.venues[0], event.dates?.timezone) : null;
    if (venue) venues.set(venue.ticketmaster_id, mergeVenue(venues.get(venue.ticketmaster_id), venue));

    const start = event.dates?.start ?? {};
    const localDate = start.localDate && DATE_RE.test(start.localDate) ? start.localDate : null;
    const dateTba = Boolean(start.dateTBA || start.dateTBD) || localDate === null;
    const dateTime = start.dateTime && !Number.isNaN(Date.parse(start.dateTime)) ? start.dateTime : null;
    const timeTba = dateTba || Boolean(start.timeTBA || start.noSpecificTime) || dateTime === null;

    shows.set(eventId, {
      ticketmaster_id: eventId,
      name: text(event.name) ?? billed[0].name,
      artist_ticketmaster_id: billing[0],
      venue_ticketmaster_id: venue?.ticketmaster_id ?? null,
      starts_at: timeTba ? null : new Date(dateTime!).toISOString(),
      local_date: dateTba ? null : localDate,
      date_tba: dateTba,
      time_tba: timeTba,
      status: mapStatus(event.dates?.status?.code),
      ticket_url: text(event.url),
      billing,
    });
  }
  return { artists: [...artists.values()], venues: [...venues.values()], shows: [...shows.values()], skipped };
}
