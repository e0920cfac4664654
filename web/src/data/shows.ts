// Shows: one show with its venue and headliner, upcoming shows by market for
// the home page, and an artist's upcoming and past shows.

import { type QueryClient, queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import type { ShowStatus } from "../lib/database.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";
import { type SetlistRow, setlistsOf, type ShowSetlists } from "./setlists.ts";
import { SHOW_CARD_COLUMNS, SHOW_DETAIL_COLUMNS, SHOW_PAGE_SELECT } from "./selects.ts";
import { isUuid } from "../lib/uuid.ts";
import { bootKeys, takeBootRequest } from "../lib/bootData.ts";

export { isUuid, SHOW_CARD_COLUMNS };

export interface ShowCardArtist {
  id: string;
  name: string;
  slug: string;
  image_url: string | null;
  /** the demo upstream's invention (artists.synthetic); absent where a query does not select it */
  synthetic?: boolean;
}

export interface ShowCardVenue {
  id: string;
  /** the venue page's address; absent where a list (trending) does not carry it */
  slug?: string;
  name: string;
  city: string | null;
  state: string | null;
  country: string | null;
  timezone: string | null;
}

/** What every list of shows carries of a show: its name, when it is, when voting closes and its status. */
export interface ShowTiming {
  id: string;
  name: string;
  starts_at: string | null;
  local_date: string | null;
  date_tba: boolean;
  time_tba: boolean;
  /** when voting closes, as the database defines it (shows.voting_closes_at); null while the date is TBA */
  voting_closes_at: string | null;
  status: ShowStatus;
}

export interface ShowCard extends ShowTiming {
  ticket_url: string | null;
  artist: ShowCardArtist | null;
  venue: ShowCardVenue | null;
}

export interface ShowDetail extends ShowCard {
  support: { billing_position: number; artist: ShowCardArtist | null }[];
}

export function toShowDetail(show: ShowDetail): ShowDetail {
  const { id, name, starts_at, local_date, date_tba, time_tba, voting_closes_at, status, ticket_url, artist, venue } =
    show;
  return {
    id,
    name,
    starts_at,
    local_date,
    date_tba,
    time_tba,
    voting_closes_at,
    status,
    ticket_url,
    artist,
    venue,
    support: (show.support ?? [])
      .filter((entry) => entry.artist && entry.artist.id !== show.artist?.id)
      .sort((a, b) => a.billing_position - b.billing_position),
  };
}

export async function fetchShow(client: TheSetClient, showId: string): Promise<ShowDetail | null> {
  // a mistyped link is "not found", not a database error
  if (!isUuid(showId)) return null;
  const { data, error } = await client.from("shows").select(SHOW_DETAIL_COLUMNS).eq("id", showId).maybeSingle();
  if (error) throw toAppError(error);
  return data ? toShowDetail(data as unknown as ShowDetail) : null;
}

/**
 * The show page's first screen in one round trip: the show with its setlists embedded, where asking
 * for the show and then (once it had rendered) for its setlists took two. On a phone's slow network
 * each request costs about half a second before its first byte (scripts/bench phone). The setlists
 * go into their own cache entry, which votes, live counts and suggestions patch, when they are all
 * that entry would hold: an upcoming show's prediction. Anything else (no prediction yet, which may
 * need building; an actual setlist, which needs its score) is left to useShowSetlistsQuery.
 */
export function showPageQuery(queryClient: QueryClient, client: TheSetClient, showId: string) {
  return queryOptions({
    queryKey: queryKeys.shows.detail(showId),
    queryFn: async (): Promise<ShowDetail | null> => {
      if (!isUuid(showId)) return null;
      // null from the boot script is its answer (no such show); undefined: it did not ask, or it failed
      const booted = await bootShowRow(showId);
      const data = booted === undefined ? await fetchShowPageRow(client, showId) : booted;
      if (!data) return null;
      const row = data as unknown as ShowDetail & { setlists: SetlistRow[] | null };
      const { predicted, actual } = setlistsOf(row.setlists ?? []);
      const setlistsKey = queryKeys.setlists.forShow(showId);
      if (predicted && !actual && queryClient.getQueryData(setlistsKey) === undefined) {
        queryClient.setQueryData<ShowSetlists>(setlistsKey, {
          predicted,
          actual,
          score: null,
          predictionPending: false,
        });
      }
      return toShowDetail(row);
    },
  });
}

async function fetchShowPageRow(client: TheSetClient, showId: string) {
  const { data, error } = await client.from("shows").select(SHOW_PAGE_SELECT).eq("id", showId).maybeSingle();
  if (error) throw toAppError(error);
  return data;
}

/** The boot script's answer for this show when it asked (app/boot.ts); undefined when not, or it failed. */
async function bootShowRow(showId: string): Promise<unknown | null | undefined> {
  const rows = await takeBootRequest(bootKeys.showPage(showId))?.catch(() => undefined);
  return Array.isArray(rows) ? rows[0] ?? null : undefined;
}

export function useShowPageQuery(showId: string) {
  const client = useSupabase();
  const queryClient = useQueryClient();
  return useQuery(showPageQuery(queryClient, client, showId));
}

export interface Market {
  key: string;
  label: string;
  shows: ShowCard[];
}

/** Groups shows by the venue's city: a "market" as fans think of it. */
export function groupByMarket(shows: ShowCard[]): Market[] {
  const markets = new Map<string, Market>();
  for (const show of shows) {
    const city = show.venue?.city;
    if (!city) continue;
    const key = `${show.venue?.country ?? ""}:${city}`.toLowerCase();
    const label = [city, show.venue?.state ?? show.venue?.country].filter(Boolean).join(", ");
    const market = markets.get(key) ?? { key, label, shows: [] };
    market.shows.push(show);
    markets.set(key, market);
  }
  return [...markets.values()].sort((a, b) => b.shows.length - a.shows.length || a.label.localeCompare(b.label));
}

export interface ArtistShows {
  upcoming: ShowCard[];
  past: ShowCard[];
}

/**
 * "Upcoming" and "past" as the database decides them (show_has_started, supabase/migrations/
 * 20261125000100_catalog.sql): a show is past once it is completed or its voting_closes_at has come, and
 * upcoming until then (a date-TBA show, voting_closes_at null, stays upcoming). The SPA compares the
 * database's closing instant with now; it never derives a closing time from local_date.
 */
export function upcomingFilter(now: Date): string {
  return `voting_closes_at.gt.${now.toISOString()},voting_closes_at.is.null`;
}

/** The complement of upcomingFilter: a PostgREST or() of show_has_started's two conditions. */
export function startedFilter(now: Date): string {
  return `status.eq.completed,voting_closes_at.lte.${now.toISOString()}`;
}

export async function fetchArtistShows(client: TheSetClient, artistId: string, now: Date): Promise<ArtistShows> {
  const [upcoming, past] = await Promise.all([
    client
      .from("shows")
      .select(SHOW_CARD_COLUMNS)
      .eq("artist_id", artistId)
      .neq("status", "completed")
      .or(upcomingFilter(now))
      .order("local_date", { ascending: true, nullsFirst: false })
      .limit(50),
    client
      .from("shows")
      .select(SHOW_CARD_COLUMNS)
      .eq("artist_id", artistId)
      .or(startedFilter(now))
      .order("local_date", { ascending: false })
      .limit(20),
  ]);
  if (upcoming.error) throw toAppError(upcoming.error);
  if (past.error) throw toAppError(past.error);
  return {
    upcoming: (upcoming.data ?? []) as unknown as ShowCard[],
    past: (past.data ?? []) as unknown as ShowCard[],
  };
}

export function useShowQuery(showId: string) {
  const client = useSupabase();
  return useQuery({ queryKey: queryKeys.shows.detail(showId), queryFn: () => fetchShow(client, showId) });
}

export function useArtistShowsQuery(artistId: string | undefined, options: { refetchInterval?: number | false } = {}) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.shows.byArtist(artistId ?? ""),
    queryFn: () => fetchArtistShows(client, artistId!, new Date()),
    enabled: Boolean(artistId),
    refetchInterval: options.refetchInterval,
  });
}

/** Fire-and-forget: counts a view toward trending. Never blocks or breaks the page. */
export async function recordView(client: TheSetClient, showId: string): Promise<void> {
  try {
    await client.rpc("record_view", { show_id: showId });
  } catch {
    // a lost view only makes trending a little less exact
  }
}
