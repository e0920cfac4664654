// Makes the supabase-js client available to the data hooks. The app passes
// the real client; component tests pass one whose fetch they control.

import { createContext, type ReactNode, useContext } from "react";
import { type DefaultError, type QueryKey, useQuery, type UseQueryOptions } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";

const SupabaseContext = createContext<TheSetClient | null>(null);

export function SupabaseProvider({ client, children }: { client: TheSetClient; children: ReactNode }) {
  return <SupabaseContext.Provider value={client}>{children}</SupabaseContext.Provider>;
}

export function useSupabase(): TheSetClient {
  const client = useContext(SupabaseContext);
  if (!client) throw new Error("useSupabase outside <SupabaseProvider>");
  return client;
}

/** What a read hook may add to its key and fetch: enabled, placeholderData, staleTime, refetchInterval... */
export type ClientQueryOptions<T> = Omit<UseQueryOptions<T, DefaultError, T, QueryKey>, "queryKey" | "queryFn">;

/**
 * The one shape of a read hook: a cache key and a fetch over the provided
 * client (the app's, or a component test's). The fetchers stay plain async
 * functions of a client, so tests and prefetches call them without React.
 */
export function useClientQuery<T>(
  queryKey: QueryKey,
  fetch: (client: TheSetClient) => Promise<T>,
  options: ClientQueryOptions<T> = {},
) {
  const client = useSupabase();
  return useQuery({ ...options, queryKey, queryFn: () => fetch(client) });
}

/** A page that watches an import land passes a refetch interval to the hooks it reads; others pass nothing. */
export interface Polling {
  refetchInterval?: number | false;
}
