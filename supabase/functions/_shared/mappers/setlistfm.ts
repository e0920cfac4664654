// setlist.fm setlists -> actual setlists (venue, show date, songs in order
// with sets, encores, tapes, covers and guests) and play statistics. Pure.

import type { SfmSetlist, SfmVenue } from "../providers/setlistfm_types.ts";
import type { WriteShape } from "../tables.ts";
import { timeZoneAt } from "./timezone.ts";

/** A venues row as setlist.fm knows it; columns from the generated types. */
export type SetlistVenueRow =
  & WriteShape<"venues", "setlistfm_id" | "name" | "city" | "state" | "country" | "latitude" | "longitude" | "timezone">
  & { setlistfm_id: string };

/**
 * A setlist_songs row of an actual setlist (position is 1-based across every set of the
 * show; guest_artist is setlist.fm's "with"). The title is setlist.fm's; the writer matches
 * it to the artist's songs with public.parse_song_title.
 */
export type SetlistSongRow = WriteShape<
  "setlist_songs",
  | "position"
  | "set_number"
  | "is_encore"
  | "title"
  | "is_tape"
  | "is_cover"
  | "cover_artist"
  | "guest_artist"
  | "info"
>;

export interface SetlistRow {
  setlistfm_id: string;
  artist_mbid: string;
  artist_name: string;
  /** the show's local calendar date, ISO */
  event_date: string;
  venue: SetlistVenueRow | null;
  tour_name: string | null;
  url: string | null;
  songs: SetlistSongRow[];
}

export type SetlistSkipReason = "no_id" | "bad_date" | "no_songs" | "other_artist" | "duplicate";

export interface MappedSetlists {
  setlists: SetlistRow[];
  skipped: { setlistfm_id: string | null; reason: SetlistSkipReason }[];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.replace(/\s+/g, " ").trim();
  return trimmed === "" ? null : trimmed;
}

/** setlist.fm's dd-MM-yyyy as an ISO date; null unless it is a real calendar day. */
export function parseEventDate(raw: string | undefined): string | null {
  const match = raw?.match(/^(\d{2})-(\d{2})-(\d{4})$/);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]}-${match[1]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * The region as a fan reads it: setlist.fm's `state` is the name ("Capital Region", "Tokyo"); its `stateCode`
 * is a GeoNames admin code, numeric in much of the world ("1", "13"), so it stands in only when it is letters ("NY").
 */
export function regionName(state: string | undefined, stateCode: string | undefined): string | null {
  const code = text(stateCode);
  return text(state) ?? (code && !/^[0-9]+$/.test(code) ? code : null);
}

function mapVenue(venue: SfmVenue | undefined): SetlistVenueRow | null {
  const id = text(venue?.id);
  const name = text(venue?.name);
  if (!id || !name) return null;
  const lat = venue?.city?.coords?.lat;
  const long = venue?.city?.coords?.long;
  const hasPoint = typeof lat === "number" && typeof long === "number" && Math.abs(lat) <= 90 &&
    Math.abs(long) <= 180 && !(lat === 0 && long === 0);
  return {
    setlistfm_id: id,
    name,
    city: text(venue?.city?.name),
    state: regionName(venue?.city?.state, venue?.city?.stateCode),
    country: text(venue?.city?.country?.code)?.toUpperCase() ?? null,
    latitude: hasPoint ? lat : null,
    longitude: hasPoint ? long : null,
    // setlist.fm has no time zone; its point is the city's, which is enough to place the zone
    timezone: hasPoint ? timeZoneAt(lat, long) : null,
  };
}

/**
 * Maps a page of one artist's setlists. `artistMbid`, when given, drops
 * setlists filed under another artist (setlist.fm's search can return them).
 * Setlists without songs are skipped: an empty setlist says nothing was
 * recorded yet, not that nothing was played.
 */
export function mapSetlists(setlists: SfmSetlist[], artistMbid?: string): MappedSetlists {
  const out = new Map<string, SetlistRow>();
  const skipped: MappedSetlists["skipped"] = [];
  for (const setlist of setlists) {
    const id = text(setlist.id);
    if (!id) {
      skipped.push({ setlistfm_id: null, reason: "no_id" });
      continue;
    }
    if (out.has(id)) {
      skipped.push({ setlistfm_id: id, reason: "duplicate" });
      continue;
    }
    const mbid = text(setlist.artist?.mbid)?.toLowerCase() ?? null;
    if (!mbid || !UUID_RE.test(mbid) || (artistMbid && mbid !== artistMbid.toLowerCase())) {
      skipped.push({ setlistfm_id: id, reason: "other_artist" });
      continue;
    }
    const eventDate = parseEventDate(setlist.eventDate);
    if (!eventDate) {
      skipped.push({ setlistfm_id: id, reason: "bad_date" });
      continue;
    }
    const songs: SetlistSongRow[] = [];
    (setlist.sets?.set ?? []).forEach((set, setIndex) => {
      for (const song of set.song ?? []) {
        const title = text(song.name);
        // an unnamed entry (often an unnamed intro tape) has nothing to show or match
        if (!title) continue;
        const coverArtist = song.cover ? text(song.cover.name) : null;
        songs.push({
          position: songs.length + 1,
          set_number: setIndex + 1,
          is_encore: typeof set.encore === "number" && set.encore > 0,
          title,
          is_tape: song.tape === true,
          is_cover: song.cover !== undefined && song.cover !== null,
          cover_artist: coverArtist,
          guest_artist: song.with ? text(song.with.name) : null,
          info: text(song.info),
        });
      }
    });
    if (songs.length === 0) {
      skipped.push({ setlistfm_id: id, reason: "no_songs" });
      continue;
    }
    out.set(id, {
      setlistfm_id: id,
      artist_mbid: mbid,
      artist_name: text(setlist.artist?.name) ?? "",
      event_date: eventDate,
      venue: mapVenue(setlist.venue),
      tour_name: text(setlist.tour?.name),
      url: text(setlist.url),
      songs,
    });
  }
  return { setlists: [...out.values()], skipped };
}
