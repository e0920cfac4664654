// The signed-in fan's own data (profile, followed artists, notifications, My
// TheSet): keyed by the fan's user id, so a sign-out or another fan's sign-in
// never shows these rows to someone else, and fetched only with a session.

import { type QueryKey, useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { useSession } from "./auth.tsx";
import { useSupabase } from "./client.tsx";

export function useFanQuery<T>(
  key: (userId: string) => QueryKey,
  fetch: (client: TheSetClient, userId: string) => Promise<T>,
) {
  const client = useSupabase();
  const { user } = useSession();
  return useQuery({
    queryKey: key(user?.id ?? ""),
    queryFn: () => fetch(client, user!.id),
    enabled: Boolean(user),
  });
}
