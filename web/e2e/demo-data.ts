// The browser tests run against demo data: what the sync functions put in the
// database from the synthetic upstream. The test runner (npm test -- e2e,
// scripts/test/run.ts) fills an empty database before the suite the way
// `npm start` does (the first sync: tours, then catalogs and setlists, then
// predictions), so the start-up path is exercised by every run on a fresh
// database; against another project, run its syncs first. Here the suite
// checks the data is there, then refreshes trending and the health census.

import { connect } from "./db.ts";
import type { StackEnv } from "./env.ts";

export async function ensureDemoData(env: StackEnv): Promise<void> {
  const rest = await fetch(`${env.supabaseUrl}/rest/v1/artists?select=id&limit=1`, {
    headers: { apikey: env.publishableKey },
  });
  if (rest.status === 501) {
    throw new Error(
      "the gateway's /rest/v1 answers 501: the browser tests need the REST, auth, realtime and functions platform",
    );
  }
  await rest.body?.cancel();
  const sql = connect();
  try {
    const [{ synced }] = await sql<{ synced: boolean }[]>`
      select exists(select 1 from public.sync_runs where job = 'sync-popular-tours' and status in ('ok', 'partial'))
        as synced`;
    if (!synced) {
      throw new Error(
        "demo data: no tour sync has succeeded on this database; npm test -- e2e runs the first sync before the " +
          "suite (see its output), against another project run the syncs first",
      );
    }
    await sql`select public.refresh_trending()`;
    // the status page's counts are the census pg_cron takes every minute: take it now, as trending
    await sql`select public.refresh_sync_health_census()`;
  } finally {
    await sql.end();
  }
}
