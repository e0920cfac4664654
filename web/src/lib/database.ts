// The database types the SPA uses: the file `npm run db:types` generates from
// the migrations (shared with the edge functions), plus the shapes of the RPC
// results that Postgres returns as jsonb.

import type { Database as GeneratedDatabase, Json } from "../../../supabase/functions/_shared/database.types.ts";

type Generated = GeneratedDatabase["public"];

// Until the data-model migrations (issue 3) are merged, the RPCs, views and
// tables the SPA reads are declared here exactly as that branch generates them.
// Delete each entry once the generated file carries it.
type PendingFunctions = {
  cast_vote: { Args: { setlist_song_id: string; value: number }; Returns: Json };
  suggest_song: { Args: { show_id: string; song_id: string }; Returns: Json };
  record_view: { Args: { show_id: string }; Returns: undefined };
  ensure_predicted_setlist: { Args: { show_id: string }; Returns: string };
  import_job_status: { Args: { job_id: number }; Returns: Json };
  sync_health_summary: { Args: Record<string, never>; Returns: Json };
};

type PendingViews = {
  trending_shows: {
    Row: { show_id: string; rank: number | null; score: number | null };
    Relationships: [];
  };
  trending_artists: {
    Row: { artist_id: string; rank: number | null; score: number | null };
    Relationships: [];
  };
  song_play_stats: {
    Row: {
      artist_id: string;
      song_id: string | null;
      times_played: number | null;
      last_played_on: string | null;
      shows_with_setlist: number | null;
      played_in_last_10: number | null;
      share_last_10: number | null;
    };
    Relationships: [];
  };
};

type PendingTables = {
  prediction_scores: {
    Row: {
      show_id: string;
      predicted_setlist_id: string;
      actual_setlist_id: string;
      predicted_songs: number;
      played_songs: number;
      matched_songs: number;
      precision: number;
      recall: number;
      position_agreement: number;
      score: number;
      scored_at: string;
    };
    Insert: Record<string, never>;
    Update: Record<string, never>;
    Relationships: [];
  };
};

export type Database = {
  public: Omit<Generated, "Functions" | "Views" | "Tables"> & {
    Tables: Generated["Tables"] & PendingTables;
    Functions: Generated["Functions"] & PendingFunctions;
    Views: Generated["Views"] & PendingViews;
  };
};

export type { Json };
export type TableRow<T extends keyof Database["public"]["Tables"]> = Database["public"]["Tables"][T]["Row"];
export type ShowStatus = Database["public"]["Enums"]["show_status"];
