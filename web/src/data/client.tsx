// Makes the supabase-js client available to the data hooks. The app passes
// the real client; component tests pass one whose fetch they control.

import { createContext, type ReactNode, useContext } from "react";
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
