// The operators' status page reads sync_health_summary(), the public part of
// sync_health(): state, coverage, totals and gaps. sync_health() itself also
// has freshness and per-job runs (service role only); the parser reads those
// sections too, in sync_health's shape, so the page shows them as soon as the
// public summary includes them. It keeps what it recognises and ignores the
// rest, so the page survives the document gaining fields.

import { useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";

/** sync_health's states, best to worst; "unknown" when the document says something else */
export type HealthState = "perfect" | "excellent" | "good" | "fair" | "poor" | "error" | "unknown";

export interface JobHealth {
  job: string;
  lastRunAt: string | null;
  lastStatus: string | null;
  runs: number;
  failed: number;
  /** failed / runs over the summary's window, 0..1 */
  errorRate: number;
  itemsWritten: number | null;
}

export interface SeriesPoint {
  bucket: string;
  runs: number;
  failed: number;
  items: number;
}

export type Freshness = { kind: "time"; at: string | null } | { kind: "share"; share: number };

export interface HealthSummary {
  state: HealthState;
  /** 0..1: mean of the shares of data present and fresh */
  coverage: number | null;
  reasons: string[];
  generatedAt: string | null;
  totals: [string, number][];
  gaps: [string, number][];
  freshness: [string, Freshness][];
  jobs: JobHealth[];
  series: SeriesPoint[];
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The order a reader expects (catalog, then shows, then fan activity); unknown keys follow alphabetically. */
const PREFERRED_ORDER = [
  "artists",
  "venues",
  "shows",
  "upcoming_shows",
  "past_shows",
  "songs",
  "predicted_setlists",
  "actual_setlists",
  "votes",
];

function orderOf(key: string): number {
  const index = PREFERRED_ORDER.indexOf(key);
  return index < 0 ? PREFERRED_ORDER.length : index;
}

function numberEntries(value: unknown): [string, number][] {
  if (!isObj(value)) return [];
  return Object.entries(value)
    .flatMap(([key, v]) => (num(v) === null ? [] : [[key, num(v)!] as [string, number]]))
    .sort(([a], [b]) => orderOf(a) - orderOf(b) || a.localeCompare(b));
}

const KNOWN_STATES: ReadonlySet<string> = new Set(["perfect", "excellent", "good", "fair", "poor", "error"]);

export function parseHealthSummary(raw: unknown): HealthSummary {
  const doc = isObj(raw) ? raw : {};
  const state = (str(doc.state) ?? "").toLowerCase();
  const jobsRaw: unknown[] = Array.isArray(doc.jobs)
    ? doc.jobs
    : isObj(doc.jobs)
    ? Object.entries(doc.jobs).map(([job, v]) => ({ job, ...(isObj(v) ? v : {}) }))
    : [];
  const jobs = jobsRaw.filter(isObj).map((job): JobHealth => {
    // sync_health's shape: {last_run: {started_at, status, items_written}, runs_24h, failed_24h}
    const lastRun = isObj(job.last_run) ? job.last_run : {};
    const runs = num(job.runs_24h) ?? num(job.runs) ?? 0;
    const failed = num(job.failed_24h) ?? num(job.failed) ?? 0;
    return {
      job: str(job.job) ?? str(job.name) ?? "unnamed",
      lastRunAt: str(lastRun.started_at) ?? str(job.last_run_at),
      lastStatus: str(lastRun.status) ?? str(job.last_status),
      runs,
      failed,
      errorRate: runs > 0 ? failed / runs : 0,
      itemsWritten: num(lastRun.items_written) ?? num(job.items_written),
    };
  });
  const series = (Array.isArray(doc.series) ? doc.series : []).filter(isObj).map((point): SeriesPoint => ({
    bucket: str(point.bucket) ?? str(point.hour) ?? str(point.day) ?? "",
    runs: num(point.runs) ?? 0,
    failed: num(point.failed) ?? 0,
    items: num(point.items) ?? num(point.items_written) ?? 0,
  })).filter((point) => point.bucket);
  const freshness: [string, Freshness][] = isObj(doc.freshness)
    ? Object.entries(doc.freshness).map(([key, v]): [string, Freshness] =>
      num(v) !== null ? [key, { kind: "share", share: num(v)! }] : [key, { kind: "time", at: str(v) }]
    )
    : [];
  return {
    state: KNOWN_STATES.has(state) ? (state as HealthState) : "unknown",
    coverage: num(doc.coverage),
    reasons: Array.isArray(doc.reasons) ? doc.reasons.filter((r): r is string => typeof r === "string") : [],
    generatedAt: str(doc.generated_at),
    totals: numberEntries(doc.totals),
    gaps: numberEntries(doc.gaps),
    freshness,
    jobs,
    series: series.sort((a, b) => a.bucket.localeCompare(b.bucket)),
  };
}

export async function fetchHealthSummary(client: TheSetClient): Promise<HealthSummary> {
  const { data, error } = await client.rpc("sync_health_summary");
  if (error) throw toAppError(error);
  return parseHealthSummary(data);
}

export function useHealthSummaryQuery() {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.status.summary(),
    queryFn: () => fetchHealthSummary(client),
    refetchInterval: 30_000,
  });
}
