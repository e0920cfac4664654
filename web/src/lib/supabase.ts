// The one supabase-js client of the app. Everything the SPA reads or writes
// goes through it (tables and views under RLS, RPCs, edge functions, realtime),
// so pointing VITE_SUPABASE_URL and VITE_SUPABASE_PUBLISHABLE_KEY at a hosted
// project is all it takes to run the app there. A project with only legacy keys
// gives its anon key as VITE_SUPABASE_ANON_KEY instead; the publishable key wins
// when both are set.

import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "./database.ts";
import type { SupabaseEnv } from "./env.ts";

export { readSupabaseEnv, type SupabaseEnv } from "./env.ts";

export type TheSetClient = SupabaseClient<Database>;

export interface ClientOptions {
  storageKey?: string;
  /** where auth-js keeps the session (default: localStorage) */
  storage?: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
  };
  /** the fetch every HTTP call goes through (component tests pass their own) */
  fetch?: typeof fetch;
  /** the WebSocket constructor realtime-js uses (component tests pass their own) */
  realtimeTransport?: unknown;
}

export function createTheSetClient(env: SupabaseEnv, options: ClientOptions = {}): TheSetClient {
  return createClient<Database>(env.url, env.key, {
    auth: {
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
      // only when given: an explicit undefined would replace supabase-js's per-project default key
      ...(options.storageKey ? { storageKey: options.storageKey } : {}),
      ...(options.storage ? { storage: options.storage } : {}),
    },
    // one retry policy, the QueryClient's (createQueryClient: network failures twice, refusals never):
    // postgrest-js would also retry every failed GET three times with 1-4 s pauses, so a fan whose
    // connection is down would watch a skeleton for some 24 s and 12 requests before the error shows
    db: { retry: false },
    global: options.fetch ? { fetch: options.fetch } : undefined,
    // deno-lint-ignore no-explicit-any
    realtime: options.realtimeTransport ? { transport: options.realtimeTransport as any } : undefined,
  });
}
