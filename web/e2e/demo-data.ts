// The browser tests run against demo data: what the sync functions put in the
// database from the synthetic upstream. When the database has no upcoming
// shows from the tour sync yet, this runs the same syncs `npm start` runs, through the gateway
// with the service-role key (as pg_cron's jobs do with their secret), then
// refreshes trending.

import { connect } from "./db.ts";
import type { StackEnv } from "./env.ts";

const SYNCS = ["sync-popular-tours", "sync-artist-songs", "sync-setlists"];

async function invoke(env: StackEnv, name: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${env.supabaseUrl}/functions/v1/${name}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${env.serviceRoleKey}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`demo data: ${name} answered ${response.status}: ${text.slice(0, 300)}`);
}

export async function ensureDemoData(env: StackEnv): Promise<void> {
  const rest = await fetch(`${env.supabaseUrl}/rest/v1/artists?select=id&limit=1`, {
    headers: { apikey: env.anonKey, Authorization: `Bearer ${env.anonKey}` },
  });
  if (rest.status === 501) {
    throw new Error(
      "the gateway's /rest/v1 answers 501: the browser tests need the REST, auth, realtime and functions platform",
    );
  }
  await rest.body?.cancel();
  const sql = connect();
  try {
    // demo data is what the tour sync brought in: a few hand-made rows (a developer's experiment, another
    // test's fixture) are not it
    const [{ synced }] = await sql<{ synced: boolean }[]>`
      select exists(select 1 from public.sync_runs where job = 'sync-popular-tours' and status in ('ok', 'partial'))
        and exists(select 1 from public.shows where starts_at > now()) as synced`;
    if (!synced) {
      for (const name of SYNCS) await invoke(env, name, {});
    }
    await sql`select public.refresh_trending()`;
  } finally {
    await sql.end();
  }
}
