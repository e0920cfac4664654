// The admin console's data: every read and every action is an admin RPC that
// checks the admin claim in SQL (42501 admin_required for anyone else), so this
// module holds no rule of its own: it calls, and shapes what comes back.
// Actions invalidate every admin query, so the console shows their effect.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";

/** The sync jobs an admin can run and filter runs by (sync_runs.job). */
export const SYNC_JOBS = ["sync-popular-tours", "sync-artist-songs", "sync-setlists", "import-artist"];

export interface RunFilters {
  job: string;
  status: string;
  /** yyyy-mm-dd, UTC days, inclusive */
  from: string;
  to: string;
}

export interface SyncRunRow {
  id: number;
  job: string;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  items_seen: number;
  items_written: number;
  items_failed: number;
  api_calls: number;
  error: string | null;
  errors: number;
}

export interface RunDetail {
  run: SyncRunRow & { stats: Record<string, unknown> };
  errors: { id: number; provider: string; item_key: string | null; message: string; created_at: string }[];
  events: { id: number; at: string; level: string; event: string; fields: Record<string, unknown> }[];
}

export interface ImportJobRow {
  id: number;
  kind: string;
  dedupe_key: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_after: string;
  last_error: string | null;
  artist_name: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ProviderStatus {
  requests_today: number;
  /** the daily budget the functions spent against today; null when none was (Spotify has none) */
  daily_limit_today: number | null;
  calls_24h: Record<"requests" | "cache_hits" | "retries" | "rate_limited" | "failures", number>;
  last_rate_limited_at: string | null;
  circuit_open_errors_1h: number;
  last_circuit_open_at: string | null;
}

export interface CronJob {
  job: string;
  schedule: string;
  active: boolean;
  command: string;
  runs: { status: string; start_time: string | null; end_time: string | null; message: string | null }[];
}

export interface HistoryDay {
  day: string;
  state: string | null;
  worst_state: string | null;
  coverage: number | null;
  samples: number | null;
}

export interface AdminHealth {
  state: string;
  reasons: string[];
  hours: number;
  scores: Record<string, { state: string; value?: number | null } & Record<string, unknown>>;
  history: HistoryDay[];
}

export interface AuditRow {
  id: number;
  actor_email: string | null;
  action: string;
  args: Record<string, unknown>;
  result: unknown;
  created_at: string;
}

/** Calls an admin RPC by name; the console parses the jsonb it returns with the shapes above. */
type LooseRpc = (name: string, args: Record<string, unknown>) => PromiseLike<{ data: unknown; error: unknown }>;
async function rpc<T>(client: TheSetClient, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const { data, error } = await (client.rpc as unknown as LooseRpc).call(client, name, args);
  if (error) throw toAppError(error);
  return data as T;
}

/** The filters as admin_sync_runs' arguments: empty fields are no filter; "to" includes its whole day. */
export function runFilterArgs(filters: RunFilters): Record<string, unknown> {
  const args: Record<string, unknown> = { max_rows: 100 };
  if (filters.job) args.job = filters.job;
  if (filters.status) args.status = filters.status;
  if (filters.from) args.since = `${filters.from}T00:00:00Z`;
  if (filters.to) args.until = new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000).toISOString();
  return args;
}

export function useAdminRunsQuery(filters: RunFilters) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.admin.runs(filters),
    queryFn: () => rpc<SyncRunRow[]>(client, "admin_sync_runs", runFilterArgs(filters)),
  });
}

export function useAdminRunQuery(runId: number | null) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.admin.run(runId),
    queryFn: () => rpc<RunDetail>(client, "admin_sync_run", { run_id: runId }),
    enabled: runId !== null,
  });
}

export function useAdminImportsQuery(status: string) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.admin.imports(status),
    queryFn: () => rpc<ImportJobRow[]>(client, "admin_import_jobs", status ? { status, max_rows: 100 } : {}),
  });
}

export function useAdminProvidersQuery() {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.admin.providers(),
    queryFn: () => rpc<Record<string, ProviderStatus>>(client, "admin_provider_status"),
  });
}

export function useAdminCronQuery() {
  const client = useSupabase();
  return useQuery({ queryKey: queryKeys.admin.cron(), queryFn: () => rpc<CronJob[]>(client, "admin_cron_jobs") });
}

export function useAdminHealthQuery() {
  const client = useSupabase();
  return useQuery({ queryKey: queryKeys.admin.health(), queryFn: () => rpc<AdminHealth>(client, "admin_sync_health") });
}

export function useAdminAuditQuery() {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.admin.audit(),
    queryFn: async () => {
      const { data, error } = await client.from("admin_audit")
        .select("id, actor_email, action, args, result, created_at")
        .order("created_at", { ascending: false })
        .limit(50);
      if (error) throw toAppError(error);
      return data as AuditRow[];
    },
  });
}

/** The console's actions, by RPC name, with their arguments. */
export type AdminAction =
  | { rpc: "admin_run_sync"; args: { job: string; sync_limit?: number; dry_run?: boolean; artist_id?: string } }
  | { rpc: "admin_refresh_trending"; args: Record<string, never> }
  | { rpc: "admin_rebuild_prediction"; args: { show_id: string } }
  | { rpc: "admin_rescore_show"; args: { show_id: string } }
  | { rpc: "admin_retry_import"; args: { job_id: number } }
  | { rpc: "admin_cancel_import"; args: { job_id: number } };

export function useAdminAction() {
  const client = useSupabase();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: AdminAction) => rpc<unknown>(client, action.rpc, action.args),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.all() }),
  });
}
