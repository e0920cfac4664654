// npm start's first sync: on an empty database, fill it through the real sync
// functions (from the demo upstream without keys, the real APIs with them):
// shows first, then catalogs and setlists side by side (different providers,
// different rate limits), then the predictions, then what sync_health says.
// On a database that already has shows it does nothing: pg_cron keeps it fresh.

import postgres from "postgres";
import { DB_URL } from "../stack/config.ts";
import { demoMode } from "../stack/upstream/env.ts";
import { runAndReport } from "./report.ts";
import { closeInProcess } from "./runner.ts";

async function query<T>(text: string): Promise<T | null> {
  const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql.unsafe(text);
    return (rows[0] ?? null) as T | null;
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

export async function firstSync(): Promise<void> {
  const existing = await query<{ shows: number }>("select count(*)::int as shows from public.shows");
  if (existing && existing.shows > 0) {
    console.log(`\nthe database has ${existing.shows} shows; pg_cron keeps them fresh (npm run sync -- all syncs now)`);
    return;
  }
  console.log(
    `\nfirst sync on an empty database, from ${
      demoMode() ? "the demo upstream (synthetic data, no API keys in .env)" : "Ticketmaster, Spotify and setlist.fm"
    }\n`,
  );
  try {
    await runAndReport("sync-popular-tours", { trigger: "manual" });
    console.log("\ncatalogs and setlists, side by side:\n");
    await Promise.all([
      runAndReport("sync-artist-songs", { trigger: "manual", limit: 500 }, { inPlace: false }),
      runAndReport("sync-setlists", { trigger: "manual", limit: 500 }, { inPlace: false }),
    ]);
  } finally {
    await closeInProcess();
  }
  // predictions now rather than at the next ensure-upcoming-predictions tick
  const built = await query<{ built: number }>("select public.ensure_upcoming_predictions() as built");
  if (built) console.log(`\npredicted setlists built: ${built.built}`);
  const health = await query<{ health: Record<string, unknown> }>("select public.sync_health() as health");
  if (health) {
    const { state, reasons, totals, gaps } = health.health;
    console.log(`\nselect sync_health(); -> ${state}`);
    console.log(JSON.stringify({ reasons, totals, gaps }, null, 2));
  }
}
