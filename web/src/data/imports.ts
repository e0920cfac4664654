// On-demand imports: an artist found on Ticketmaster but not in the database
// is queued through the 'ticketmaster' edge function; the import runs in the
// background (import-artist) and records its progress on the job, which the
// import page polls through import_job_status while the artist's rows land.

import { useMutation, useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { AppError, toAppError, toFunctionAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";

// import_jobs' status check allows exactly these (a failed attempt goes back to queued)
export type ImportState = "queued" | "running" | "done" | "dead";

export interface ImportProgress {
  /** what the import is doing now: "shows", "catalog", "setlists" */
  stage: string | null;
  shows: number | null;
  songs: number | null;
  setlists: number | null;
}

export interface ImportJob {
  id: string;
  status: ImportState;
  artist_id: string | null;
  attempts: number;
  progress: ImportProgress;
}

export const FINISHED: ReadonlySet<ImportState> = new Set(["done", "dead"]);

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function parseImportJob(raw: unknown): ImportJob {
  const job = (raw ?? {}) as Record<string, unknown>;
  const progress = (job.progress ?? {}) as Record<string, unknown>;
  const status = String(job.status ?? "queued") as ImportState;
  if (job.id === undefined || job.id === null) throw new AppError("unexpected", "The import answer had no job id.");
  return {
    id: String(job.id),
    status,
    // the importer names the artist in its progress as soon as it has stored them
    artist_id: typeof job.artist_id === "string"
      ? job.artist_id
      : typeof progress.artist_id === "string"
      ? progress.artist_id
      : null,
    attempts: num(job.attempts) ?? 0,
    progress: {
      stage: typeof progress.step === "string" ? progress.step : null,
      shows: num(progress.shows),
      songs: num(progress.songs),
      setlists: num(progress.setlists),
    },
  };
}

/** What starting an import leads to: the live job, or the artist when TheSet already has them complete. */
export type ImportStart = { kind: "queued"; jobId: string } | { kind: "exists"; slug: string };

/** Queues the import of a Ticketmaster attraction (a second request joins the live job). */
export async function startImport(client: TheSetClient, ticketmasterId: string): Promise<ImportStart> {
  const { data, error } = await client.functions.invoke<{ status?: string; job_id?: unknown; slug?: unknown }>(
    "ticketmaster",
    { body: { action: "import_artist", ticketmaster_id: ticketmasterId } },
  );
  if (error) throw await toFunctionAppError(error);
  if (data?.status === "exists" && typeof data.slug === "string") return { kind: "exists", slug: data.slug };
  if (typeof data?.job_id === "number" || typeof data?.job_id === "string") {
    return { kind: "queued", jobId: String(data.job_id) };
  }
  throw new AppError("unexpected", "The import was not queued. Try again.");
}

export async function fetchImportJob(client: TheSetClient, jobId: string): Promise<ImportJob> {
  const id = Number(jobId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("import_not_found", "There is no such import.");
  const { data, error } = await client.rpc("import_job_status", { job_id: id });
  if (error) throw toAppError(error);
  if (data === null) throw new AppError("import_not_found", "There is no such import.");
  return parseImportJob(data);
}

export function useStartImport() {
  const client = useSupabase();
  return useMutation<ImportStart, AppError, string>({
    mutationFn: (ticketmasterId) => startImport(client, ticketmasterId),
  });
}

export function useImportJobQuery(jobId: string) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.imports.job(jobId),
    queryFn: () => fetchImportJob(client, jobId),
    refetchInterval: (query) =>
      query.state.error || (query.state.data && FINISHED.has(query.state.data.status)) ? false : 1_500,
  });
}
