// Leaderboards (all time, per artist, per show) and "My TheSet": computed by
// SQL (global_leaderboard, artist_leaderboard, show_leaderboard, my_theset);
// the SPA pages through them and draws them.

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSession } from "./auth.tsx";
import { useSupabase } from "./client.tsx";
import { useFanQuery } from "./fanQuery.ts";
import { queryKeys } from "./keys.ts";

export const LEADERBOARD_PAGE_SIZE = 25;

export interface LeaderboardRow {
  rank: number;
  handle: string | null;
  home_city: string | null;
  points: number;
  shows: number;
  is_me: boolean;
}

export type LeaderboardScope = "all" | "artist" | "show";

export async function fetchLeaderboard(
  client: TheSetClient,
  scope: LeaderboardScope,
  id: string | null,
  page: number,
  pageSize = LEADERBOARD_PAGE_SIZE,
): Promise<LeaderboardRow[]> {
  const paging = { page_size: pageSize, page };
  const { data, error } = scope === "all"
    ? await client.rpc("global_leaderboard", paging)
    : scope === "artist"
    ? await client.rpc("artist_leaderboard", { artist_id: id!, ...paging })
    : await client.rpc("show_leaderboard", { show_id: id!, ...paging });
  if (error) throw toAppError(error);
  return (data ?? []) as LeaderboardRow[];
}

export function useLeaderboardQuery(scope: LeaderboardScope, id: string | null, page: number) {
  const client = useSupabase();
  const { ready, user } = useSession();
  return useQuery({
    // is_me depends on who asks
    queryKey: [...queryKeys.leaderboards.board(scope, id, page), user?.id ?? null],
    queryFn: () => fetchLeaderboard(client, scope, id, page),
    enabled: ready && (scope === "all" || Boolean(id)),
    placeholderData: keepPreviousData,
  });
}

export interface MyShow {
  show_id: string;
  show_name: string;
  starts_at: string | null;
  local_date: string | null;
  status: string;
  artist_name: string;
  artist_slug: string;
  venue_name: string | null;
  city: string | null;
  upvotes: number;
  downvotes: number;
  suggestions: number;
  points: number | null;
  score: number | null;
}

export interface PointsPoint {
  awarded_at: string;
  points: number;
  total: number;
  show_name: string;
  local_date: string | null;
}

export interface MySuggestion {
  title: string;
  show_id: string;
  show_name: string;
  local_date: string | null;
  artist_name: string;
  upvotes: number;
  downvotes: number;
  /** null until the actual setlist is in */
  played: boolean | null;
}

export interface MyTheSet {
  upcoming: MyShow[];
  past: MyShow[];
  points_series: PointsPoint[];
  suggestions: MySuggestion[];
  points: number;
  rank: number | null;
}

export async function fetchMyTheSet(client: TheSetClient): Promise<MyTheSet> {
  const { data, error } = await client.rpc("my_theset");
  if (error) throw toAppError(error);
  return data as unknown as MyTheSet;
}

export function useMyTheSetQuery() {
  return useFanQuery(queryKeys.fans.me, fetchMyTheSet);
}
