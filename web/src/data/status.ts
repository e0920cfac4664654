// The status page reads sync_health_summary(), the part of sync_health() that
// anyone may see: the state and why, coverage, totals, gaps, freshness, each
// sync job's last run and its counts over 24 hours, and an hourly series of
// runs, failures and items written over 48 hours. The catalogue's counts
// (totals, gaps, freshness, coverage) are a census pg_cron takes every minute,
// read with the time it was taken (counted_at): the page says "as of" that
// time rather than passing them off as live. No error text or item keys are in it; operators read those with select sync_health(). The parser keeps
// what it recognises and ignores the rest, so the page survives the document
// gaining fields.

import { useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";

/** sync_health's states, best to worst; "unknown" when the document says something else */
export type HealthState = "perfect" | "excellent" | "good" | "fair" | "poor" | "error" | "unknown";

export interface LastRun {
  startedAt: string;
  finishedAt: string | null;
  /** running, ok, partial or failed */
  status: string;
}

export interface JobHealth {
  job: string;
  lastRun: LastRun | null;
  /** runs started in the last 24 hours, and how they ended */
  runs: number;
  ok: number;
  partial: number;
  failed: number;
  /** items that failed inside runs of the last 24 hours */
  itemErrors: number;
  /** failed runs / runs over 24 hours, 0..1 */
  errorRate: number;
}

export interface SeriesPoint {
  /** the hour's start (ISO timestamp) */
  bucket: string;
  runs: number;
  failed: number;
  items: number;
}

export interface Freshness {
  /** share of artists whose catalog synced in the last 3 days, 0..1; null without artists */
  catalogsFreshShare: number | null;
  /** share of upcoming shows the last tour sync saw, 0..1; null without upcoming shows */
  upcomingSeenShare: number | null;
  lastTourSyncAt: string | null;
}

export interface HealthSummary {
  state: HealthState;
  /** 0..1: mean of the shares of data present and fresh, cut (never rounded up) to 4 decimals */
  coverage: number | null;
  reasons: string[];
  generatedAt: string | null;
  /** when the catalogue counts (totals, gaps, freshness, coverage) were taken; null when never */
  countedAt: string | null;
  totals: [string, number][];
  gaps: [string, number][];
  freshness: Freshness;
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

function parseJob(job: string, raw: unknown): JobHealth {
  const entry = isObj(raw) ? raw : {};
  const last = isObj(entry.last_run) ? entry.last_run : null;
  const startedAt = str(last?.started_at);
  const runs = num(entry.runs_24h) ?? 0;
  const failed = num(entry.failed_24h) ?? 0;
  return {
    job,
    lastRun: last && startedAt
      ? { startedAt, finishedAt: str(last.finished_at), status: str(last.status) ?? "unknown" }
      : null,
    runs,
    ok: num(entry.ok_24h) ?? 0,
    partial: num(entry.partial_24h) ?? 0,
    failed,
    itemErrors: num(entry.item_errors_24h) ?? 0,
    errorRate: runs > 0 ? failed / runs : 0,
  };
}

export function parseHealthSummary(raw: unknown): HealthSummary {
  const doc = isObj(raw) ? raw : {};
  const state = (str(doc.state) ?? "").toLowerCase();
  const jobs = isObj(doc.jobs)
    ? Object.entries(doc.jobs).map(([job, entry]) => parseJob(job, entry)).sort((a, b) => a.job.localeCompare(b.job))
    : [];
  const series = (Array.isArray(doc.series) ? doc.series : []).filter(isObj).flatMap((point): SeriesPoint[] => {
    const bucket = str(point.bucket);
    return bucket
      ? [{ bucket, runs: num(point.runs) ?? 0, failed: num(point.failed) ?? 0, items: num(point.items) ?? 0 }]
      : [];
  });
  const freshness = isObj(doc.freshness) ? doc.freshness : {};
  return {
    state: KNOWN_STATES.has(state) ? (state as HealthState) : "unknown",
    coverage: num(doc.coverage),
    reasons: Array.isArray(doc.reasons) ? doc.reasons.filter((r): r is string => typeof r === "string") : [],
    generatedAt: str(doc.generated_at),
    countedAt: str(doc.counted_at),
    totals: numberEntries(doc.totals),
    gaps: numberEntries(doc.gaps),
    freshness: {
      catalogsFreshShare: num(freshness.catalogs_fresh_share),
      upcomingSeenShare: num(freshness.upcoming_seen_by_last_tour_sync_share),
      lastTourSyncAt: str(freshness.last_tour_sync_at),
    },
    jobs,
    series: series.sort((a, b) => Date.parse(a.bucket) - Date.parse(b.bucket)),
  };
}

/**
 * The clock time a census was taken, as the reader's own hours and minutes
 * ("21:07"): the counts are as of then. Null for a missing or unreadable time.
 */
export function formatAsOf(iso: string | null, timeZone?: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone });
}

/**
 * A share as a percentage with one decimal, cut rather than rounded: 0.9999
 * reads 99.9%, so only a complete share ever reads 100%.
 */
export function formatShare(share: number): string {
  if (share >= 1) return "100%";
  if (share <= 0) return "0%";
  // the epsilon absorbs binary noise (0.57 * 1000 is 569.999...), far below a tenth of a percent
  return `${(Math.floor(share * 1000 + 1e-6) / 10).toFixed(1)}%`;
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

/** One UTC day of sync_health_history(30): the day's last and worst state; nulls for a day with no record. */
export interface HistoryDay {
  day: string;
  state: string | null;
  worst_state: string | null;
  coverage: number | null;
}

export function parseHealthHistory(raw: unknown): HistoryDay[] {
  return (Array.isArray(raw) ? raw : []).filter(isObj).flatMap((entry): HistoryDay[] => {
    const day = str(entry.day);
    return day
      ? [{ day, state: str(entry.state), worst_state: str(entry.worst_state), coverage: num(entry.coverage) }]
      : [];
  });
}

export async function fetchHealthHistory(client: TheSetClient): Promise<HistoryDay[]> {
  const { data, error } = await client.rpc("sync_health_history", { days: 30 });
  if (error) throw toAppError(error);
  return parseHealthHistory(data);
}

export function useHealthHistoryQuery() {
  const client = useSupabase();
  return useQuery({ queryKey: queryKeys.status.history(), queryFn: () => fetchHealthHistory(client) });
}
