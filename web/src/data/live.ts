// Live counts: every viewer of a show subscribes to the broadcast topic
// 'show:<show id>'. cast_vote sends 'vote_counts' with a song's new counts;
// suggest_song sends 'setlist_song_added'. Both patch the setlist cache, so the
// page re-renders with no refetch. refresh_predictions sends 'prediction_refreshed'
// when a new actual setlist re-ran the engine: the setlist is read again.
// The channel is removed on unmount.

import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";
import { type AddedSong, applySongAdded, applyVoteCounts, type ShowSetlists, type VoteCounts } from "./setlists.ts";

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
  /** one sentence for a polite live region, e.g. "Song A: 3 up, 1 down" */
  announcement: string;
}

export function useShowLive(showId: string, enabled: boolean): LiveState {
  const client = useSupabase();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    if (!enabled) return;
    setStatus("connecting");
    const channel = client
      .channel(showTopic(showId))
      .on("broadcast", { event: "vote_counts" }, ({ payload }) => {
        if (!isVoteCounts(payload)) return;
        if (applyVoteCounts(queryClient, showId, payload)) {
          // read when the broadcast arrives, from this effect's show: the song may be a new suggestion
          const title = queryClient.getQueryData<ShowSetlists>(queryKeys.setlists.forShow(showId))?.predicted?.songs
            .find((song) => song.id === payload.setlist_song_id)?.title;
          if (title) setAnnouncement(`${title}: ${payload.upvotes} up, ${payload.downvotes} down`);
        }
      })
      .on("broadcast", { event: "prediction_refreshed" }, () => {
        // a new actual setlist re-ran the engine (refresh_predictions): read the setlist again, votes kept
        void queryClient.invalidateQueries({ queryKey: queryKeys.setlists.forShow(showId) });
        setAnnouncement("The prediction was updated with the artist's latest show");
      })
      .on("broadcast", { event: "setlist_song_added" }, ({ payload }) => {
        if (!isAddedSong(payload)) return;
        if (applySongAdded(queryClient, showId, payload)) setAnnouncement(`${payload.title} was suggested`);
      })
      .subscribe((state) => {
        if (state === "SUBSCRIBED") setStatus("live");
        else if (state === "CHANNEL_ERROR" || state === "TIMED_OUT" || state === "CLOSED") setStatus("offline");
      });
    return () => {
      void client.removeChannel(channel);
    };
  }, [client, queryClient, showId, enabled]);

  return { status, announcement };
}
