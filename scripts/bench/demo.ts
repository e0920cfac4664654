// The demo data on a bench stack, through the real sync path: the stack's
// demo upstream (synthetic Ticketmaster, Spotify and setlist.fm, labelled as
// such) -> the sync edge functions, called through the gateway's
// /functions/v1 with the service-role key as pg_cron's jobs call them ->
// the page writers. What `npm start` does on an empty database.

import { SECRET_KEY } from "../stack/keys.ts";
import type { BenchStack } from "./lib.ts";

export interface SyncAnswer {
  httpStatus: number;
  body: Record<string, unknown>;
}

/** POST /functions/v1/<name> on the bench stack; never throws for an HTTP error, only for no answer at all. */
export async function invokeSync(
  stack: BenchStack,
  name: string,
  body: Record<string, unknown> = {},
): Promise<SyncAnswer> {
  const response = await fetch(`${stack.apiUrl}/functions/v1/${name}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${SECRET_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ trigger: "manual", ...body }),
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { text };
  }
  return { httpStatus: response.status, body: parsed };
}

/** The run's status as the function reported it ("ok", "partial", "failed"), or the HTTP status. */
export function runStatus(answer: SyncAnswer): string {
  const run = (answer.body.run ?? answer.body) as { status?: string };
  return run.status ?? `http ${answer.httpStatus}`;
}

/**
 * Tours, then catalogs and setlists side by side, then the predictions. Quick
 * mode syncs the catalogs of a few artists only: enough for a show page with
 * a prediction.
 */
export async function loadDemoData(
  stack: BenchStack,
  options: { quick: boolean; log: (line: string) => void },
): Promise<{ shows: number; predictions: number; statuses: string[] }> {
  options.log("demo data: sync-popular-tours from the demo upstream (synthetic)");
  const tours = await invokeSync(stack, "sync-popular-tours");
  const statuses = [`tours ${runStatus(tours)}`];
  if (options.quick) {
    options.log("demo data: sync-artist-songs for 3 artists");
    statuses.push(`songs ${runStatus(await invokeSync(stack, "sync-artist-songs", { limit: 3 }))}`);
  } else {
    options.log(
      "demo data: sync-artist-songs and sync-setlists side by side (about a minute: the upstream's rate limits)",
    );
    const [songs, setlists] = await Promise.all([
      invokeSync(stack, "sync-artist-songs", { limit: 500 }),
      invokeSync(stack, "sync-setlists", { limit: 500 }),
    ]);
    statuses.push(`songs ${runStatus(songs)}`, `setlists ${runStatus(setlists)}`);
  }
  const sql = stack.sql({ max: 1 });
  try {
    const [{ built }] = await sql<{ built: number }[]>`select public.ensure_upcoming_predictions() as built`;
    await sql`select public.refresh_trending()`;
    const [{ shows }] = await sql<{ shows: number }[]>`
      select count(*)::int as shows from public.shows where ticketmaster_id is not null`;
    return { shows, predictions: built, statuses };
  } finally {
    await sql.end({ timeout: 1 });
  }
}
