// The database's one-row settings tables the SPA reads (fan_rules: how near is
// near and the like; search_rules: the shortest query). The rule lives in SQL;
// the SPA asks for the row. An hour is fresh: the rows change with a migration.

import type { TheSetClient } from "../lib/supabase.ts";
import type { TableRow } from "../lib/database.ts";
import { toAppError } from "../lib/refusals.ts";
import { useClientQuery } from "./client.tsx";
import { queryKeys } from "./keys.ts";

export type SettingsTable = "fan_rules" | "search_rules";

export async function fetchSettingsRow<T extends SettingsTable>(
  client: TheSetClient,
  table: T,
): Promise<TableRow<T>> {
  const { data, error } = await client.from(table).select("*").single();
  if (error) throw toAppError(error);
  // select("*") over a table name supabase-js cannot narrow: the row is that table's Row
  return data as unknown as TableRow<T>;
}

export function useSettingsRowQuery<T extends SettingsTable>(table: T) {
  const fetch = (client: TheSetClient) => fetchSettingsRow(client, table);
  return useClientQuery(queryKeys.settings(table), fetch, { staleTime: 3_600_000 });
}
