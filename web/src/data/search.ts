// Search: artists and shows already in the database as the fan types, and
// artists Ticketmaster knows that we do not, through the 'ticketmaster' edge
// function (which can also queue their import).

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { toAppError, toFunctionAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";
import { SHOW_CARD_COLUMNS, type ShowCard } from "./shows.ts";
import { likePattern } from "./suggestions.ts";
import { localDateIn } from "../lib/time.ts";

export const MIN_SEARCH_LENGTH = 2;

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

export async function searchDatabase(client: TheSetClient, text: string, now: Date): Promise<DatabaseResults> {
  const pattern = likePattern(text.trim());
  const [artists, shows] = await Promise.all([
    client.from("artists").select("id, name, slug, image_url, genres").ilike("name", pattern).order("name").limit(8),
    client
      .from("shows")
      .select(SHOW_CARD_COLUMNS)
      .ilike("name", pattern)
      .gte("local_date", localDateIn("UTC", now))
      .order("local_date")
      .limit(8),
  ]);
  if (artists.error) throw toAppError(artists.error);
  if (shows.error) throw toAppError(shows.error);
  return { artists: artists.data ?? [], shows: (shows.data ?? []) as unknown as ShowCard[] };
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

export function useDatabaseSearch(text: string) {
  const client = useSupabase();
  const trimmed = text.trim();
  return useQuery({
    queryKey: queryKeys.search.database(trimmed.toLowerCase()),
    queryFn: () => searchDatabase(client, trimmed, new Date()),
    enabled: trimmed.length >= MIN_SEARCH_LENGTH,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useTicketmasterSearch(text: string) {
  const client = useSupabase();
  const trimmed = text.trim();
  return useQuery({
    queryKey: queryKeys.search.ticketmaster(trimmed.toLowerCase()),
    queryFn: () => searchTicketmaster(client, trimmed),
    enabled: trimmed.length >= MIN_SEARCH_LENGTH,
    staleTime: 5 * 60_000,
    retry: 1,
  });
}
