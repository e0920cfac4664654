// Trending shows and artists, read from the materialized views that
// refresh_trending rebuilds on a schedule, joined to the rows the cards need.
// A view can still name a show or artist deleted since its last refresh, so
// each asks for a few more ids than it lists and keeps the first that exist.

import { queryOptions, useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";
import { SHOW_CARD_COLUMNS, type ShowCard } from "./shows.ts";
import type { ArtistHit } from "./search.ts";

/** How many more ids than it lists a trending read asks for, in case some were deleted since the refresh. */
const DELETED_SINCE_REFRESH_SLACK = 8;

export async function fetchTrendingShows(client: TheSetClient, limit = 8): Promise<ShowCard[]> {
  // rank is score order with its tie-breaks, and indexed: ordering by score would read the whole view
  const trending = await client.from("trending_shows").select("show_id, score").order("rank", { ascending: true })
    .limit(limit + DELETED_SINCE_REFRESH_SLACK);
  if (trending.error) throw toAppError(trending.error);
  const ids = (trending.data ?? []).map((row) => row.show_id);
  if (ids.length === 0) return [];
  const shows = await client.from("shows").select(SHOW_CARD_COLUMNS).in("id", ids);
  if (shows.error) throw toAppError(shows.error);
  const byId = new Map((shows.data as unknown as ShowCard[]).map((show) => [show.id, show]));
  return ids.map((id) => byId.get(id)).filter((show): show is ShowCard => Boolean(show)).slice(0, limit);
}

/** A trending artist's card, and whether the demo upstream invented them (the home page's banner). */
export type TrendingArtist = ArtistHit & { synthetic: boolean };

export async function fetchTrendingArtists(client: TheSetClient, limit = 8): Promise<TrendingArtist[]> {
  const trending = await client.from("trending_artists").select("artist_id, score").order("rank", {
    ascending: true,
  }).limit(limit + DELETED_SINCE_REFRESH_SLACK);
  if (trending.error) throw toAppError(trending.error);
  const ids = (trending.data ?? []).map((row) => row.artist_id);
  if (ids.length === 0) return [];
  const artists = await client.from("artists").select("id, name, slug, image_url, genres, synthetic").in("id", ids);
  if (artists.error) throw toAppError(artists.error);
  const byId = new Map((artists.data ?? []).map((artist) => [artist.id, artist]));
  return ids.map((id) => byId.get(id)).filter((artist): artist is TrendingArtist => Boolean(artist)).slice(0, limit);
}

/** How long a trending list is fresh: the views are rebuilt on a schedule (refresh_trending, every 15 minutes). */
const TRENDING_STALE_MS = 60_000;

export function trendingShowsQuery(client: TheSetClient) {
  return queryOptions({
    queryKey: queryKeys.trending.shows(),
    queryFn: () => fetchTrendingShows(client),
    staleTime: TRENDING_STALE_MS,
  });
}

export function trendingArtistsQuery(client: TheSetClient) {
  return queryOptions({
    queryKey: queryKeys.trending.artists(),
    queryFn: () => fetchTrendingArtists(client),
    staleTime: TRENDING_STALE_MS,
  });
}

export function useTrendingShowsQuery() {
  return useQuery(trendingShowsQuery(useSupabase()));
}

export function useTrendingArtistsQuery() {
  return useQuery(trendingArtistsQuery(useSupabase()));
}
