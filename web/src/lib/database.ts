// The database types the SPA uses: the file `npm run db:types` generates from
// the migrations (shared with the edge functions), plus the shapes of the RPC
// results that Postgres returns as jsonb.

import type { Database as GeneratedDatabase, Json } from "../../../supabase/functions/_shared/database.types.ts";

type Generated = GeneratedDatabase["public"];

// Until the data-model migrations land, the RPCs and trending views the SPA is
// written against are declared here with the contract's names and arguments.
// Delete each entry once the generated file carries it.
type PendingFunctions = {
  cast_vote: { Args: { setlist_song_id: string; value: number }; Returns: Json };
  suggest_song: { Args: { show_id: string; song_id: string }; Returns: Json };
  record_view: { Args: { show_id: string }; Returns: undefined };
  ensure_predicted_setlist: { Args: { show_id: string }; Returns: string | null };
  sync_health_summary: { Args: Record<string, never>; Returns: Json };
};

type PendingViews = {
  trending_shows: {
    Row: { show_id: string; score: number; votes: number; views: number };
    Relationships: [];
  };
  trending_artists: {
    Row: { artist_id: string; score: number; votes: number; upcoming_shows: number };
    Relationships: [];
  };
};

export type Database = {
  public: Omit<Generated, "Functions" | "Views"> & {
    Functions: Generated["Functions"] & PendingFunctions;
    Views: Generated["Views"] & PendingViews;
  };
};

export type { Json };
export type TableRow<T extends keyof Database["public"]["Tables"]> = Database["public"]["Tables"][T]["Row"];
export type ShowStatus = Database["public"]["Enums"]["show_status"];
