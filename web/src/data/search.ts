// Search: artists and shows already in the database as the fan types, and
// artists Ticketmaster knows that we do not, through the 'ticketmaster' edge
// function (which can also queue their import).

import { keepPreviousData, type QueryKey } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { toAppError, toFunctionAppError } from "../lib/refusals.ts";
import { type ClientQueryOptions, useClientQuery } from "./client.tsx";
import { useSettingsRowQuery } from "./settings.ts";
import { queryKeys } from "./keys.ts";
import type { ShowCard } from "./shows.ts";
import type { TableRow } from "../lib/database.ts";

/** The database's search settings (public.search_rules): min_query_length, the shortest query a search takes. */
export type SearchRules = TableRow<"search_rules">;

export interface ArtistHit {
  id: string;
  name: string;
  slug: string;
  image_url: string | null;
  genres: string[];
  /** the demo upstream's invention (artists.synthetic); absent where a query does not select it */
  synthetic?: boolean;
}

export interface DatabaseResults {
  artists: ArtistHit[];
  shows: ShowCard[];
}

/** The one row of search settings; the search page reads it before it asks anything. */
export function useSearchRulesQuery() {
  return useSettingsRowQuery("search_rules");
}

/** Whether trimmed text is long enough to search, by the database's rule; false while the rule is loading. */
export function isSearchable(text: string, rules: SearchRules | undefined): boolean {
  return rules !== undefined && text.trim().length >= rules.min_query_length;
}

/**
 * Artists and upcoming shows whose name matches text, typo-tolerant and ranked, as search_catalog decides
 * (supabase/migrations/20261207009000_catalog_search.sql); it refuses text shorter than search_rules says.
 */
export async function searchDatabase(client: TheSetClient, text: string): Promise<DatabaseResults> {
  const { data, error } = await client.rpc("search_catalog", { query: text.trim() });
  if (error) throw toAppError(error);
  const found = data as unknown as Partial<DatabaseResults> | null;
  return { artists: found?.artists ?? [], shows: found?.shows ?? [] };
}

/** An artist as the ticketmaster function's search_artists reports it. */
export interface TicketmasterArtist {
  ticketmaster_id: string;
  name: string;
  image_url: string | null;
  genres: string[];
  upcoming_events: number | null;
  /** set when TheSet has this artist; complete once their catalog synced */
  artist: { id: string; slug: string; complete: boolean } | null;
  /** a live import of this artist, if one is queued or running */
  import_job_id: number | null;
}

export async function searchTicketmaster(client: TheSetClient, text: string): Promise<TicketmasterArtist[]> {
  const { data, error } = await client.functions.invoke<{ artists?: TicketmasterArtist[] }>("ticketmaster", {
    body: { action: "search_artists", query: text.trim() },
  });
  if (error) throw await toFunctionAppError(error);
  return (data?.artists ?? []).map((artist) => ({
    ...artist,
    genres: artist.genres ?? [],
    artist: artist.artist ?? null,
    import_job_id: artist.import_job_id ?? null,
  }));
}

/** A search as the fan types: trimmed, keyed case-blind, asked only once search_rules says it is long enough. */
function useTypedSearch<T>(
  text: string,
  key: (lowered: string) => QueryKey,
  search: (client: TheSetClient, trimmed: string) => Promise<T>,
  options: ClientQueryOptions<T>,
) {
  const rules = useSearchRulesQuery().data;
  const trimmed = text.trim();
  const fetch = (client: TheSetClient) => search(client, trimmed);
  return useClientQuery(key(trimmed.toLowerCase()), fetch, { enabled: isSearchable(trimmed, rules), ...options });
}

export function useDatabaseSearch(text: string) {
  const options = { placeholderData: keepPreviousData, staleTime: 30_000 };
  return useTypedSearch(text, queryKeys.search.database, searchDatabase, options);
}

export function useTicketmasterSearch(text: string) {
  return useTypedSearch(text, queryKeys.search.ticketmaster, searchTicketmaster, { staleTime: 5 * 60_000, retry: 1 });
}
