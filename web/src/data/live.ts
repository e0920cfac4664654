// Live counts: every viewer of a show subscribes to the private broadcast
// topic 'show:<show id>'. cast_vote sends 'vote_counts' with a song's new
// counts; suggest_song sends 'setlist_song_added'. Both patch the setlist
// cache, so the page re-renders with no refetch. refresh_predictions sends
// 'prediction_refreshed' when a new actual setlist re-ran the engine: the
// setlist is read again. The channel is removed on unmount. What a screen
// reader hears about the changes is CountAnnouncer's business.
//
// The channel is private (Realtime Authorization): Realtime lets the viewer
// join because the realtime.messages policies allow anon and authenticated to
// receive on show:%, and no client may send there, so whatever arrives was
// sent by the database. realtime-js joins with the session's access token when
// there is one, else with the anon key.

import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { RealtimeChannel } from "@supabase/supabase-js";
import { loadRealtime } from "../lib/realtimeOnDemand.ts";
import { useSupabase } from "./client.tsx";
import { type AddedSong, applySongAdded, applyVoteCounts, type VoteCounts } from "./setlists.ts";
import { queryKeys } from "./keys.ts";

export type LiveStatus = "connecting" | "live" | "offline";

export function showTopic(showId: string): string {
  return `show:${showId}`;
}

function isVoteCounts(payload: unknown): payload is VoteCounts {
  const p = payload as Partial<VoteCounts> | null;
  return typeof p?.setlist_song_id === "string" && typeof p.upvotes === "number" &&
    typeof p.downvotes === "number";
}

function isAddedSong(payload: unknown): payload is AddedSong {
  const p = payload as Partial<AddedSong> | null;
  return typeof p?.id === "string" && typeof p.setlist_id === "string" && typeof p.title === "string" &&
    typeof p.position === "number";
}

export interface LiveState {
  status: LiveStatus;
}

export function useShowLive(showId: string, enabled: boolean): LiveState {
  const client = useSupabase();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");

  useEffect(() => {
    if (!enabled) return;
    setStatus("connecting");
    let active = true;
    let channel: RealtimeChannel | null = null;
    // realtime-js arrives after the page has painted (lib/realtimeOnDemand.ts)
    loadRealtime(client).then(() => {
      if (!active) return;
      channel = client
        .channel(showTopic(showId), { config: { private: true } })
        .on("broadcast", { event: "vote_counts" }, ({ payload }) => {
          if (isVoteCounts(payload)) applyVoteCounts(queryClient, showId, payload);
        })
        .on("broadcast", { event: "prediction_refreshed" }, () => {
          // a new actual setlist re-ran the engine (refresh_predictions): read the setlist again, votes kept
          void queryClient.invalidateQueries({ queryKey: queryKeys.setlists.forShow(showId) });
        })
        .on("broadcast", { event: "setlist_song_added" }, ({ payload }) => {
          if (isAddedSong(payload)) applySongAdded(queryClient, showId, payload);
        })
        .subscribe((state) => {
          if (state === "SUBSCRIBED") setStatus("live");
          else if (state === "CHANNEL_ERROR" || state === "TIMED_OUT" || state === "CLOSED") setStatus("offline");
        });
    }, () => {
      if (active) setStatus("offline"); // its chunk did not arrive
    });
    return () => {
      active = false;
      if (channel) void client.removeChannel(channel);
    };
  }, [client, queryClient, showId, enabled]);

  return { status };
}
