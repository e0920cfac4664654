// The notification centre: the fan's notifications (written by the database
// when a followed artist announces a show nearby, a prediction opens, or a
// show they voted on is scored), the unread count for the bell, mark read, and
// live delivery on the private topic user:<user id> (Realtime Authorization:
// only this user may join it).

import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { RealtimeChannel } from "@supabase/supabase-js";
import type { TheSetClient } from "../lib/supabase.ts";
import { loadRealtime } from "../lib/realtimeOnDemand.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSession } from "./auth.tsx";
import { useSupabase } from "./client.tsx";
import { useFanQuery } from "./fanQuery.ts";
import { queryKeys } from "./keys.ts";

export type NotificationKind = "show_announced" | "prediction_opened" | "picks_scored";

export interface NotificationPayload {
  show_id?: string;
  show_name?: string;
  artist_name?: string;
  artist_slug?: string;
  venue_name?: string | null;
  city?: string | null;
  local_date?: string | null;
  points?: number;
  guest?: boolean;
}

export interface FanNotification {
  id: number;
  kind: NotificationKind;
  payload: NotificationPayload;
  created_at: string;
  read_at: string | null;
}

export function userTopic(userId: string): string {
  return `user:${userId}`;
}

/** One sentence per notification, said the same way in the list and to screen readers. */
export function describeNotification(n: Pick<FanNotification, "kind" | "payload">): string {
  const p = n.payload;
  const artist = p.artist_name ?? "An artist you follow";
  const where = p.city ? ` in ${p.city}` : "";
  switch (n.kind) {
    case "show_announced":
      return `${artist} announced a show${where}${p.venue_name ? ` at ${p.venue_name}` : ""}.`;
    case "prediction_opened":
      return `Predictions are open for ${artist}${where}${p.local_date ? ` on ${p.local_date}` : ""}.`;
    case "picks_scored":
      return p.guest
        ? `The setlist of ${p.show_name ?? "your show"} is in. Create an account to earn points for your picks.`
        : `The setlist of ${p.show_name ?? "your show"} is in: your picks earned ${p.points ?? 0} points.`;
  }
}

export async function fetchNotifications(client: TheSetClient, limit = 50): Promise<FanNotification[]> {
  const { data, error } = await client.from("notifications").select("id, kind, payload, created_at, read_at")
    .order("created_at", { ascending: false }).order("id", { ascending: false }).limit(limit);
  if (error) throw toAppError(error);
  return (data ?? []) as unknown as FanNotification[];
}

export async function fetchUnreadCount(client: TheSetClient): Promise<number> {
  const { data, error } = await client.rpc("unread_notification_count");
  if (error) throw toAppError(error);
  return data ?? 0;
}

export function useNotificationsQuery() {
  return useFanQuery(queryKeys.fans.notifications, (client) => fetchNotifications(client));
}

export function useUnreadCountQuery() {
  return useFanQuery(queryKeys.fans.unread, fetchUnreadCount);
}

function isNotification(payload: unknown): payload is FanNotification {
  const p = payload as Partial<FanNotification> | null;
  return typeof p?.id === "number" && typeof p.kind === "string" && typeof p.created_at === "string";
}

/**
 * Joins the fan's private topic while signed in; a new notification goes to
 * the top of the cached list and bumps the unread count. Returns the last one
 * (for a polite live region) and whether the private channel is joined.
 */
export function useLiveNotifications(): { latest: FanNotification | null; live: boolean } {
  const client = useSupabase();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const userId = user?.id ?? null;
  const [latest, setLatest] = useState<FanNotification | null>(null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    if (!userId) return;
    let active = true;
    let channel: RealtimeChannel | null = null;
    // realtime-js arrives on first use (lib/realtimeOnDemand.ts); a private join must carry the fan's own
    // JWT, not the anon key
    void loadRealtime(client).then(() => client.realtime.setAuth()).then(() => {
      if (!active) return;
      channel = client
        .channel(userTopic(userId), { config: { private: true } })
        .on("broadcast", { event: "notification" }, ({ payload }) => {
          if (!isNotification(payload)) return;
          queryClient.setQueryData<FanNotification[]>(
            queryKeys.fans.notifications(userId),
            (list) => list && !list.some((n) => n.id === payload.id) ? [payload, ...list] : list,
          );
          queryClient.setQueryData<number>(queryKeys.fans.unread(userId), (count) => (count ?? 0) + 1);
          // the show's points and /me changed when picks were scored
          if (payload.kind === "picks_scored") {
            void queryClient.invalidateQueries({ queryKey: queryKeys.fans.me(userId) });
          }
          setLatest(payload);
        })
        .subscribe((state) => {
          setLive(state === "SUBSCRIBED");
          // whatever arrived between the first read and the join is counted now
          if (state === "SUBSCRIBED") void queryClient.invalidateQueries({ queryKey: queryKeys.fans.unread(userId) });
        });
    }, () => {}); // no live notifications: the list and the count still come from their queries
    return () => {
      active = false;
      setLive(false);
      if (channel) void client.removeChannel(channel);
    };
  }, [client, queryClient, userId]);

  return { latest, live };
}
