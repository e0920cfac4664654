// Shows near a place: the markets with every upcoming show counted
// (upcoming_markets), the shows of a city or around a point a page at a time
// (shows_near), and venues and cities by name (search_places).

import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { toAppError } from "../lib/refusals.ts";
import type { Place } from "../lib/homePlace.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";
import { isSearchable, useSearchRulesQuery } from "./search.ts";
import type { ShowCard } from "./shows.ts";

export const NEAR_PAGE_SIZE = 12;

export interface Market {
  city: string;
  state: string | null;
  country: string;
  latitude: number | null;
  longitude: number | null;
  shows: number;
}

export function marketLabel(market: Pick<Market, "city" | "state" | "country">): string {
  return [market.city, market.state ?? market.country].filter(Boolean).join(", ");
}

export function marketsQuery(client: TheSetClient) {
  return queryOptions({
    queryKey: queryKeys.near.markets(),
    queryFn: async (): Promise<Market[]> => {
      const { data, error } = await client.rpc("upcoming_markets");
      if (error) throw toAppError(error);
      return (data ?? []) as Market[];
    },
    // counts of upcoming shows move when a tour sync runs, a few times a day
    staleTime: 5 * 60_000,
  });
}

export function useMarketsQuery() {
  return useQuery(marketsQuery(useSupabase()));
}

/** A market as the place the home page lists shows for (the same key wherever it is asked). */
export function marketPlace(market: Market): Place {
  return { kind: "city", city: market.city, country: market.country, label: marketLabel(market) };
}

/** The home page's first list: the busiest market's first page of shows. */
export const HOME_MARKET_PAGE = { window: { from: null, to: null } as DateWindow, page: 0, pageSize: 12 };

export interface DateWindow {
  from: string | null;
  to: string | null;
}

export interface NearPage {
  total: number;
  shows: (ShowCard & { distance_km: number | null })[];
}

export async function fetchShowsNear(
  client: TheSetClient,
  place: Place,
  window: DateWindow,
  page: number,
  pageSize = NEAR_PAGE_SIZE,
): Promise<NearPage> {
  const where = place.kind === "city"
    ? { city: place.city, country: place.country }
    : { latitude: place.latitude, longitude: place.longitude, radius_km: place.radiusKm };
  const { data, error } = await client.rpc("shows_near", {
    ...where,
    from_date: window.from ?? undefined,
    to_date: window.to ?? undefined,
    page_size: pageSize,
    page_offset: page * pageSize,
  });
  if (error) throw toAppError(error);
  return data as unknown as NearPage;
}

export function showsNearQuery(
  client: TheSetClient,
  place: Place | null,
  window: DateWindow,
  page: number,
  pageSize = NEAR_PAGE_SIZE,
) {
  return queryOptions({
    queryKey: queryKeys.near.shows(place, window, page, pageSize),
    queryFn: () => fetchShowsNear(client, place!, window, page, pageSize),
    enabled: place !== null,
  });
}

export function useShowsNearQuery(place: Place | null, window: DateWindow, page: number, pageSize = NEAR_PAGE_SIZE) {
  return useQuery({
    ...showsNearQuery(useSupabase(), place, window, page, pageSize),
    placeholderData: keepPreviousData,
  });
}

export interface PlaceHit {
  kind: "venue" | "city";
  name: string;
  slug: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  similarity: number;
}

export function usePlaceSearchQuery(text: string) {
  const client = useSupabase();
  const rules = useSearchRulesQuery().data;
  return useQuery({
    queryKey: queryKeys.near.places(text),
    queryFn: async (): Promise<PlaceHit[]> => {
      const { data, error } = await client.rpc("search_places", { query: text });
      if (error) throw toAppError(error);
      return (data ?? []) as PlaceHit[];
    },
    enabled: isSearchable(text, rules),
  });
}
