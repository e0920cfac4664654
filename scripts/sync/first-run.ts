// npm start's first sync: on an empty database, fill it through the real sync
// functions (from the demo upstream without keys, the real APIs with them):
// shows first, then catalogs and setlists side by side (different providers,
// different rate limits), then the predictions, then what sync_health says.
// Once a tour sync has succeeded it does nothing: pg_cron keeps the data fresh.
// A run that failed outright (not one that skipped or failed some items, which
// sync_errors records and the next scheduled run retries) fails npm start.

import postgres from "postgres";
import { DB_URL } from "../stack/config.ts";
import { demoMode } from "../stack/upstream/env.ts";
import { StackError } from "../stack/proc.ts";
import { runAndReport } from "./report.ts";
import { closeInProcess, type JobResult } from "./runner.ts";

async function query<T>(text: string): Promise<T> {
  const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql.unsafe(text);
    return rows[0] as T;
  } catch (error) {
    throw new StackError(`first sync: ${text.slice(0, 60)}: ${(error as Error).message}`);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** The run's own verdict: a non-2xx answer or a failed run is a failure; partial is not. */
function failureOf(slug: string, result: JobResult): string | null {
  const run = (result.body.run ?? result.body) as Record<string, unknown>;
  if (result.httpStatus >= 300) return `${slug} answered HTTP ${result.httpStatus} ${result.body.code ?? ""}`.trim();
  if (run.status === "failed") return `${slug} run ${run.run_id} failed: ${run.error ?? "see sync_errors"}`;
  return null;
}

export async function firstSync(): Promise<void> {
  const { synced, shows } = await query<{ synced: boolean; shows: number }>(
    `select exists(select 1 from public.sync_runs where job = 'sync-popular-tours' and status in ('ok', 'partial'))
       as synced, (select count(*)::int from public.shows) as shows`,
  );
  if (synced) {
    console.log(`\nthe database has ${shows} shows; pg_cron keeps them fresh (npm run sync -- all syncs now)`);
    return;
  }
  console.log(
    `\nfirst sync on an empty database, from ${
      demoMode() ? "the demo upstream (synthetic data, no API keys in .env)" : "Ticketmaster, Spotify and setlist.fm"
    }\n`,
  );
  const failures: string[] = [];
  try {
    const tours = await runAndReport("sync-popular-tours", { trigger: "manual" });
    const toursFailed = failureOf("sync-popular-tours", tours);
    // without shows there is nothing for the other syncs to fill
    if (toursFailed) throw new StackError(`first sync: ${toursFailed}`);
    console.log("\ncatalogs and setlists, side by side:\n");
    const [songs, setlists] = await Promise.all([
      runAndReport("sync-artist-songs", { trigger: "manual", limit: 500 }, { inPlace: false }),
      runAndReport("sync-setlists", { trigger: "manual", limit: 500 }, { inPlace: false }),
    ]);
    for (const failure of [failureOf("sync-artist-songs", songs), failureOf("sync-setlists", setlists)]) {
      if (failure) failures.push(failure);
    }
  } finally {
    await closeInProcess();
  }
  // predictions now rather than at the next ensure-upcoming-predictions tick
  const built = await query<{ built: number }>("select public.ensure_upcoming_predictions() as built");
  console.log(`\npredicted setlists built: ${built.built}`);
  // sync_health() reads the catalogue census pg_cron takes every minute: count what the first sync wrote now
  await query("select public.refresh_sync_health_census() as census");
  const health = await query<{ health: Record<string, unknown> }>("select public.sync_health() as health");
  const { state, reasons, totals, gaps } = health.health;
  console.log(`\nselect sync_health(); -> ${state}`);
  console.log(JSON.stringify({ reasons, totals, gaps }, null, 2));
  if (failures.length) throw new StackError(`first sync incomplete: ${failures.join("; ")}`);
}
