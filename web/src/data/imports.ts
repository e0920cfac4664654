// On-demand imports: an artist found on Ticketmaster but not in the database
// is queued through the 'ticketmaster' edge function; the import runs in the
// background (import-artist) and records its progress on the job, which the
// import page polls while the artist's rows land.

import { useMutation, useQuery } from "@tanstack/react-query";
import type { TheSetClient } from "../lib/supabase.ts";
import { AppError, toAppError } from "../lib/refusals.ts";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";

export type ImportState = "queued" | "running" | "done" | "failed" | "dead";

export interface ImportProgress {
  /** what the import is doing now, e.g. "shows", "songs", "setlists" */
  stage: string | null;
  shows: number | null;
  songs: number | null;
  setlists: number | null;
}

export interface ImportJob {
  id: string;
  status: ImportState;
  artist_id: string | null;
  slug: string | null;
  name: string | null;
  progress: ImportProgress;
  last_error: string | null;
}

export const FINISHED: ReadonlySet<ImportState> = new Set(["done", "failed", "dead"]);

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
    artist_id: typeof job.artist_id === "string" ? job.artist_id : null,
    slug: typeof job.slug === "string" ? job.slug : null,
    name: typeof job.name === "string" ? job.name : null,
    progress: {
      stage: typeof progress.stage === "string" ? progress.stage : null,
      shows: num(progress.shows),
      songs: num(progress.songs),
      setlists: num(progress.setlists),
    },
    last_error: typeof job.last_error === "string" ? job.last_error : null,
  };
}

export async function startImport(client: TheSetClient, ticketmasterId: string): Promise<ImportJob> {
  const { data, error } = await client.functions.invoke<{ job?: unknown }>("ticketmaster", {
    body: { action: "import_artist", ticketmaster_id: ticketmasterId },
  });
  if (error) throw toAppError(error);
  return parseImportJob(data?.job);
}

export async function fetchImportJob(client: TheSetClient, jobId: string): Promise<ImportJob> {
  const { data, error } = await client.functions.invoke<{ job?: unknown }>("ticketmaster", {
    body: { action: "import_status", job_id: jobId },
  });
  if (error) throw toAppError(error);
  return parseImportJob(data?.job);
}

export function useStartImport() {
  const client = useSupabase();
  return useMutation<ImportJob, AppError, string>({
    mutationFn: (ticketmasterId) => startImport(client, ticketmasterId),
  });
}

export function useImportJobQuery(jobId: string) {
  const client = useSupabase();
  return useQuery({
    queryKey: queryKeys.imports.job(jobId),
    queryFn: () => fetchImportJob(client, jobId),
    refetchInterval: (query) => (query.state.data && FINISHED.has(query.state.data.status) ? false : 1_500),
  });
}
