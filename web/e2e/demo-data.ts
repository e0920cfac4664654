// The browser tests run against demo data: what the sync functions put in the
// database from the synthetic upstream. Until a tour sync has succeeded, this
// runs exactly what `npm start` runs after bringing the stack up (`cli.ts
// first-sync`: tours, then catalogs and setlists, then predictions), so the
// start-up path is exercised by every test run on a fresh database; then it
// refreshes trending and the health census.

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { connect } from "./db.ts";
import type { StackEnv } from "./env.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

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
  try {
    await run(`${ROOT}/node_modules/.bin/deno`, ["run", "-A", "scripts/stack/cli.ts", "first-sync"], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`demo data: npm start's first sync failed: ${(stderr || stdout || String(error)).trim()}`);
  }
  const sql = connect();
  try {
    await sql`select public.refresh_trending()`;
    // the status page's counts are the census pg_cron takes every minute: take it now, as trending
    await sql`select public.refresh_sync_health_census()`;
  } finally {
    await sql.end();
  }
}
