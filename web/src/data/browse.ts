// The browse pages' data: a venue (venue_page), a song of an artist
// (song_page), a past show's setlist as played, and an artist's whole history
// a page at a time with a year filter. The shapes are made in SQL (one call
// per page, from indexes); here they are typed and fetched.

import { keepPreviousData } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import type { ShowStatus } from "../lib/database.ts";
import { toAppError } from "../lib/refusals.ts";
import { type Polling, useClientQuery } from "./client.tsx";
import { queryKeys } from "./keys.ts";
import {
  SHOW_CARD_COLUMNS,
  type ShowCard,
  type ShowCardArtist,
  type ShowCardVenue,
  type ShowTiming,
  startedFilter,
} from "./shows.ts";

export const PAST_PAGE_SIZE = 20;

export interface VenueDetail extends ShowCardVenue {
  slug: string;
  latitude: number | null;
  longitude: number | null;
  ticketmaster_id: string | null;
  setlistfm_id: string | null;
  /** Ticketmaster's street address and postal code; null when unknown (always, for setlist.fm-only venues) */
  street_address: string | null;
  postal_code: string | null;
}

export interface VenueShow extends ShowTiming {
  ticket_url?: string | null;
  artist: ShowCardArtist;
  /** past shows: the songs played, tapes left out; null when setlist.fm has no setlist */
  songs?: string[] | null;
}

export interface VenuePage {
  venue: VenueDetail;
  upcoming: VenueShow[];
  past: VenueShow[];
  past_total: number;
  top_songs: { id: string; title: string; slug: string; artist_slug: string; artist_name: string; plays: number }[];
}

/** A page RPC's JSON as its caller types it: null when the slug matches nothing. */
async function pageJson<T>(call: PromiseLike<{ data: unknown; error: unknown }>): Promise<T | null> {
  const { data, error } = await call;
  if (error) throw toAppError(error);
  return (data as T | null) ?? null;
}

/** A venue page's show as the shared show card wants it (the venue is the page's own). */
export function asShowCard(show: VenueShow, venue: VenueDetail): ShowCard {
  return { ticket_url: null, ...show, venue };
}

export function fetchVenuePage(client: TheSetClient, slug: string, page: number): Promise<VenuePage | null> {
  const pageArgs = { past_limit: PAST_PAGE_SIZE, past_offset: page * PAST_PAGE_SIZE };
  return pageJson<VenuePage>(client.rpc("venue_page", { venue_slug: slug, ...pageArgs }));
}

export function useVenuePageQuery(slug: string, page: number) {
  const fetch = (client: TheSetClient) => fetchVenuePage(client, slug, page);
  return useClientQuery(queryKeys.browse.venue(slug, page), fetch, { placeholderData: keepPreviousData });
}

export interface SongPlay {
  show_id: string;
  local_date: string;
  venue_name: string | null;
  venue_city: string | null;
  venue_slug: string | null;
  song_number: number;
  set_length: number;
  is_encore: boolean;
  info: string | null;
  guest_artist: string | null;
}

export interface SongPage {
  song: { id: string; title: string; slug: string; album: string | null; release_date: string | null };
  artist: { id: string; name: string; slug: string };
  times_played: number;
  shows_with_setlists: number;
  first_played: string | null;
  last_played: string | null;
  /** the artist's shows with a setlist since it was last played; null when never played */
  gap: number | null;
  openers: number;
  closers: number;
  encores: number;
  median_position: number | null;
  /** 0 = opener, 1 = closer */
  median_relative_position: number | null;
  per_month: { month: string; plays: number }[];
  shows: SongPlay[];
}

export function fetchSongPage(client: TheSetClient, artistSlug: string, songSlug: string) {
  return pageJson<SongPage>(client.rpc("song_page", { artist_slug: artistSlug, song_slug: songSlug }));
}

export function useSongPageQuery(artistSlug: string, songSlug: string) {
  const fetch = (client: TheSetClient) => fetchSongPage(client, artistSlug, songSlug);
  return useClientQuery(queryKeys.browse.song(artistSlug, songSlug), fetch);
}

/** Where a song usually sits, in words, from its median relative position. */
export function positionInWords(relative: number | null): string {
  if (relative === null) return "never played";
  if (relative <= 0.05) return "the opener";
  if (relative < 0.34) return "early in the set";
  if (relative <= 0.66) return "mid-set";
  if (relative < 0.95) return "late in the set";
  return "the closer";
}

export interface PlayedSong {
  id: string;
  title: string;
  position: number;
  set_number: number;
  is_encore: boolean;
  is_tape: boolean;
  is_cover: boolean;
  cover_artist: string | null;
  guest_artist: string | null;
  info: string | null;
  song: { slug: string } | null;
}

export interface PlayedSet {
  /** "Set 1", "Encore", "Encore 2" */
  label: string;
  songs: PlayedSong[];
}

/** Groups an actual setlist's songs into its sets and encores, in order. */
export function groupSets(songs: PlayedSong[]): PlayedSet[] {
  const sets: PlayedSet[] = [];
  let encores = 0;
  let mainSets = 0;
  let current: { key: number; set: PlayedSet } | null = null;
  for (const song of [...songs].sort((a, b) => a.set_number - b.set_number || a.position - b.position)) {
    if (!current || current.key !== song.set_number) {
      const label = song.is_encore ? `Encore${++encores > 1 ? ` ${encores}` : ""}` : `Set ${++mainSets}`;
      current = { key: song.set_number, set: { label, songs: [] } };
      sets.push(current.set);
    }
    current.set.songs.push(song);
  }
  // one main set needs no number
  if (mainSets === 1) { for (const set of sets) if (set.label === "Set 1") set.label = "Setlist"; }
  return sets;
}

export interface PlayedSetlist {
  sets: PlayedSet[];
  score: { score: number; matched: number; predicted: number; played: number } | null;
  setlistfm_id: string | null;
}

export async function fetchPlayedSetlist(client: TheSetClient, showId: string): Promise<PlayedSetlist | null> {
  const [setlist, score] = await Promise.all([
    client
      .from("setlists")
      .select(
        "setlistfm_id, songs:setlist_songs(id, title, position, set_number, is_encore, is_tape, is_cover, cover_artist, guest_artist, info, song:songs(slug))",
      )
      .eq("show_id", showId)
      .eq("kind", "actual")
      .maybeSingle(),
    client
      .from("prediction_scores")
      .select("score, matched_songs, predicted_songs, played_songs")
      .eq("show_id", showId)
      .maybeSingle(),
  ]);
  if (setlist.error) throw toAppError(setlist.error);
  if (score.error) throw toAppError(score.error);
  if (!setlist.data) return null;
  const row = setlist.data as unknown as { setlistfm_id: string | null; songs: PlayedSong[] | null };
  return {
    sets: groupSets(row.songs ?? []),
    setlistfm_id: row.setlistfm_id,
    score: score.data
      ? {
        score: score.data.score,
        matched: score.data.matched_songs,
        predicted: score.data.predicted_songs,
        played: score.data.played_songs,
      }
      : null,
  };
}

export function usePlayedSetlistQuery(showId: string) {
  return useClientQuery(queryKeys.browse.played(showId), (client) => fetchPlayedSetlist(client, showId));
}

export interface HistoryPage {
  shows: ShowCard[];
  total: number;
}

/** One page of an artist's past shows, newest first, optionally within one calendar year. */
export async function fetchArtistHistory(
  client: TheSetClient,
  artistId: string,
  year: number | null,
  page: number,
  now: Date,
): Promise<HistoryPage> {
  let query = client
    .from("shows")
    .select(SHOW_CARD_COLUMNS, { count: "exact" })
    .eq("artist_id", artistId)
    .or(startedFilter(now));
  if (year !== null) query = query.gte("local_date", `${year}-01-01`).lt("local_date", `${year + 1}-01-01`);
  const { data, error, count } = await query
    .order("local_date", { ascending: false })
    .order("id", { ascending: true })
    .range(page * PAST_PAGE_SIZE, page * PAST_PAGE_SIZE + PAST_PAGE_SIZE - 1);
  if (error) throw toAppError(error);
  return { shows: (data ?? []) as unknown as ShowCard[], total: count ?? 0 };
}

export function useArtistHistoryQuery(
  artistId: string,
  year: number | null,
  page: number,
  polling: Polling = {},
) {
  const fetch = (client: TheSetClient) => fetchArtistHistory(client, artistId, year, page, new Date());
  return useClientQuery(queryKeys.browse.history(artistId, year, page), fetch, {
    placeholderData: keepPreviousData,
    ...polling,
  });
}

/** The calendar years the artist has past shows in (the history's year filter). */
export async function fetchArtistYears(client: TheSetClient, artistId: string) {
  const { data, error } = await client.rpc("artist_show_years", { artist_id: artistId });
  if (error) throw toAppError(error);
  return data ?? [];
}

export function useArtistYearsQuery(artistId: string, polling: Polling = {}) {
  return useClientQuery(queryKeys.browse.years(artistId), (client) => fetchArtistYears(client, artistId), polling);
}

export interface TourNight {
  id: string;
  name: string;
  local_date: string;
  status: ShowStatus;
  venue_name: string | null;
  venue_city: string | null;
  venue_slug: string | null;
  has_setlist: boolean;
  from_ticketmaster_only: boolean;
}

export interface TourPage {
  artist: { id: string; name: string; slug: string };
  tour: { name: string; slug: string; first_date: string; last_date: string };
  nights: TourNight[];
  songs: { id: string; title: string; slug: string; nights: number; show_ids: string[] }[];
  next_show: {
    id: string;
    name: string;
    local_date: string | null;
    venue_name: string | null;
    venue_city: string | null;
    predicted: string[] | null;
  } | null;
}

export function fetchTourPage(client: TheSetClient, artistSlug: string, tourSlug: string) {
  return pageJson<TourPage>(client.rpc("tour_page", { artist_slug: artistSlug, tour_slug: tourSlug }));
}

export function useTourPageQuery(artistSlug: string, tourSlug: string) {
  const fetch = (client: TheSetClient) => fetchTourPage(client, artistSlug, tourSlug);
  return useClientQuery(queryKeys.browse.tour(artistSlug, tourSlug), fetch);
}

/** The artist's tours as artist_tours lists them. */
export async function fetchArtistTours(client: TheSetClient, artistId: string) {
  const { data, error } = await client.rpc("artist_tours", { artist_id: artistId });
  if (error) throw toAppError(error);
  return data ?? [];
}

export function useArtistToursQuery(artistId: string) {
  return useClientQuery(queryKeys.browse.tours(artistId), (client) => fetchArtistTours(client, artistId));
}
