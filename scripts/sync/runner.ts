// Runs one sync function now against the local stack: through the gateway
// (POST /functions/v1/<slug> with the service-role key, the path pg_cron
// takes), or in this process when the stack serves no functions. While it
// runs, the job's sync_runs row is polled for progress.

import postgres from "postgres";
import { join } from "node:path";
import { API_URL, DB_URL, ROOT } from "../stack/config.ts";
import { SECRET_KEY, SECRET_KEYS_JSON } from "../stack/keys.ts";
import { providerEnvironment } from "../stack/upstream/env.ts";

export const JOBS = {
  "sync-popular-tours": "Ticketmaster: upcoming shows in the markets",
  "sync-artist-songs": "Spotify: catalogs missing or older than 3 days",
  "sync-setlists": "setlist.fm: recent setlists, scores",
  "import-artist": "the on-demand import queue",
} as const;
export type JobSlug = keyof typeof JOBS;

export const ALIASES: Record<string, JobSlug> = {
  tours: "sync-popular-tours",
  songs: "sync-artist-songs",
  setlists: "sync-setlists",
  import: "import-artist",
};

export interface Progress {
  runId: number;
  done: number;
  total: number | null;
  label: string;
  seen: number;
  written: number;
  failed: number;
  calls: number;
}

export interface JobResult {
  httpStatus: number;
  body: Record<string, unknown>;
  via: "gateway" | "in-process";
}

type Handler = (request: Request) => Promise<Response>;

async function inProcessHandler(slug: JobSlug): Promise<Handler> {
  const env: Record<string, string> = {
    SUPABASE_URL: API_URL,
    SUPABASE_DB_URL: DB_URL,
    SUPABASE_SECRET_KEYS: SECRET_KEYS_JSON,
    LOG_LEVEL: Deno.env.get("LOG_LEVEL") ?? "error",
    ...providerEnvironment(),
  };
  for (const [k, v] of Object.entries(env)) Deno.env.set(k, v);
  const module = await import(join(ROOT, "supabase", "functions", slug, "handler.ts"));
  return module.handler as Handler;
}

async function viaGateway(slug: JobSlug, body: Record<string, unknown>): Promise<Response | null> {
  try {
    const response = await fetch(`${API_URL}/functions/v1/${slug}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${SECRET_KEY}` },
      body: JSON.stringify(body),
    });
    // the stack has no function server yet: run the handler here instead
    if (
      response.status === 501 || (response.status === 404 && !response.headers.get("content-type")?.includes("json"))
    ) {
      await response.body?.cancel();
      return null;
    }
    return response;
  } catch {
    return null;
  }
}

export async function runJob(
  slug: JobSlug,
  body: Record<string, unknown>,
  onProgress: (p: Progress) => void = () => {},
): Promise<JobResult> {
  const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
  try {
    const [{ last }] = await sql<{ last: number }[]>`select coalesce(max(id), 0)::int as last from public.sync_runs`;
    let finished = false;
    const poll = (async () => {
      while (!finished) {
        const [row] = await sql<
          {
            id: number;
            progress: { done: number; total: number | null; label: string } | null;
            items_seen: number;
            items_written: number;
            items_failed: number;
            api_calls: number;
          }[]
        >`
          select id::int, stats -> 'progress' as progress, items_seen, items_written, items_failed, api_calls
          from public.sync_runs where job = ${slug} and id > ${last} order by id limit 1`.catch(() => []);
        if (row) {
          onProgress({
            runId: row.id,
            done: row.progress?.done ?? 0,
            total: row.progress?.total ?? null,
            label: row.progress?.label ?? "",
            seen: row.items_seen,
            written: row.items_written,
            failed: row.items_failed,
            calls: row.api_calls,
          });
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    let via: JobResult["via"] = "gateway";
    let response = await viaGateway(slug, body);
    if (!response) {
      via = "in-process";
      const handler = await inProcessHandler(slug);
      response = await handler(
        new Request(`${API_URL}/functions/v1/${slug}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${SECRET_KEY}` },
          body: JSON.stringify(body),
        }),
      );
    }
    const text = await response.text();
    finished = true;
    await poll;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { message: text };
    }
    return { httpStatus: response.status, body: parsed, via };
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** The run's first failures, for the summary. */
export async function runErrors(
  runId: number,
  limit = 5,
): Promise<{ provider: string; item_key: string; message: string }[]> {
  const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
  try {
    return await sql`
      select provider, item_key, message from public.sync_errors where run_id = ${runId} order by id limit ${limit}`;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** In-process runs keep a pool to the database; close it so the process can exit. */
export async function closeInProcess(): Promise<void> {
  const { closeSql } = await import(join(ROOT, "supabase", "functions", "_shared", "db.ts"));
  await closeSql();
}
