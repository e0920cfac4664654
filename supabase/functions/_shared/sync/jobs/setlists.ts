// sync-setlists: recent setlist.fm setlists of artists with an MBID (artists
// without one are looked up by name first, adopted only on a confident
// match): actual setlists for past shows, the songs they played, then
// score_prediction for every show whose actual setlist is new or changed.

import type { Sql } from "../../db.ts";
import { NAME_CONFIDENCE_THRESHOLD, nameConfidence } from "../../mappers/artist_names.ts";
import { mapSetlists } from "../../mappers/setlistfm.ts";
import { SETLISTFM_PAGE_SIZE } from "../../providers/setlistfm.ts";
import { markSetlistsSynced, writeSetlistsPage } from "../../writers/setlists.ts";
import { type ArtistRef, type JobContext, scopedArtists } from "../context.ts";
import { ProviderError } from "../../http/errors.ts";
import { errorMessage, errorProvider } from "../run.ts";

/**
 * The next artists to refresh, in the order the database decides
 * (setlist_refresh_queue: shows in the next 7 days first, then the next 30
 * days, followed or viewed artists, the rest; most followed, most viewed and
 * longest stale first inside a tier), with when each was last refreshed.
 */
export async function staleSetlistArtists(sql: Sql, limit: number, artistIds?: string[]): Promise<RefreshArtist[]> {
  if (artistIds) {
    return (await scopedArtists(sql, artistIds, limit)).map((a) => ({ ...a, setlists_synced_at: null }));
  }
  return await sql<RefreshArtist[]>`
    select q.id::text, q.name, q.ticketmaster_id, q.spotify_id, q.mbid::text, a.setlists_synced_at
    from public.setlist_refresh_queue(${limit}::int) q
    join public.artists a on a.id = q.id`;
}

/** An artist to refresh, with its last refresh (null: never, or an operator asked for it). */
export type RefreshArtist = ArtistRef & { setlists_synced_at: Date | null };

/** setlist.fm's eventDate (dd-MM-yyyy) as a UTC day's epoch ms, or null. */
function eventDay(eventDate: string | undefined): number | null {
  const m = eventDate?.match(/^(\d{2})-(\d{2})-(\d{4})$/);
  return m ? Date.UTC(+m[3], +m[2] - 1, +m[1]) : null;
}

/** Finds the artist's MBID through setlist.fm's search when the names match confidently. */
export async function resolveMbid(ctx: JobContext, artist: ArtistRef): Promise<string | null> {
  const found = await ctx.providers.setlistfm().searchSetlists({ artistName: artist.name });
  const candidates = new Map<string, string>();
  for (const s of found?.setlist ?? []) {
    if (s.artist?.mbid && s.artist.name) candidates.set(s.artist.mbid, s.artist.name);
  }
  const confident = [...candidates].filter(([, name]) =>
    nameConfidence(artist.name, name) >= NAME_CONFIDENCE_THRESHOLD
  );
  // two different acts with the artist's name: we cannot tell which one it is
  if (confident.length !== 1) return null;
  const mbid = confident[0][0].toLowerCase();
  if (!ctx.dryRun) {
    await ctx.sql`
      update public.artists set mbid = ${mbid}::uuid, updated_at = now()
      where id = ${artist.id}::uuid and mbid is null
        and not exists (select 1 from public.artists o where o.mbid = ${mbid}::uuid)`;
  }
  return mbid;
}

export interface SetlistsOutcome {
  setlists: number;
  scored: number;
}

/**
 * One artist's recent setlists (up to `maxPages` pages of 20); throws on
 * failure. `since`: the artist's last refresh, after which only pages with
 * setlists newer than it are read.
 */
export async function syncArtistSetlists(
  ctx: JobContext,
  artist: ArtistRef,
  maxPages: number,
  since: Date | null = null,
): Promise<SetlistsOutcome> {
  const api = ctx.providers.setlistfm();
  const mbid = artist.mbid ?? await resolveMbid(ctx, artist);
  if (!mbid) {
    ctx.run.skip("no_mbid");
    // nothing to fetch is a completed piece of work, not a failure
    ctx.run.succeeded++;
    if (!ctx.dryRun) await markSetlistsSynced(ctx.sql, artist.id);
    return { setlists: 0, scored: 0 };
  }
  const changed = new Set<string>();
  let count = 0;
  for (let page = 1; page <= maxPages; page++) {
    const body = await api.artistSetlists(mbid, page);
    // setlist.fm's 404: no setlists (or no page this far)
    if (!body || !body.setlist?.length) {
      if (page === 1) {
        ctx.run.skip("no_setlists");
        ctx.run.succeeded++;
      }
      break;
    }
    ctx.run.itemsSeen += body.setlist.length;
    const mapped = mapSetlists(body.setlist, mbid);
    for (const s of mapped.skipped) ctx.run.skip(`setlist_${s.reason}`);
    const result = await writeSetlistsPage(ctx.sql, { id: artist.id, name: artist.name }, mapped.setlists, {
      dryRun: ctx.dryRun,
    });
    ctx.run.addRows(result.counts);
    ctx.run.succeeded++;
    for (const id of result.changedShowIds) changed.add(id);
    count += mapped.setlists.length;
    if (page * (body.itemsPerPage ?? SETLISTFM_PAGE_SIZE) >= (body.total ?? 0)) break;
    // a refresh needs only what is new since the last one (newest first): the next page
    // only when this one reached back no further than a day before it
    const oldest = eventDay(body.setlist.at(-1)?.eventDate);
    if (since && oldest !== null && oldest < since.getTime() - 86_400_000) break;
  }
  let scored = 0;
  if (!ctx.dryRun) {
    await markSetlistsSynced(ctx.sql, artist.id);
    scored = await scoreShows(ctx, [...changed]);
    if (changed.size > 0) await refreshPredictions(ctx, artist.id);
  }
  return { setlists: count, scored };
}

/** A new or changed actual setlist: the artist's open predictions are recomputed (refresh_predictions keeps fans' votes). */
async function refreshPredictions(ctx: JobContext, artistId: string): Promise<void> {
  const [{ refreshed }] = await ctx.sql<{ refreshed: number }[]>`
    select public.refresh_predictions(${artistId}::uuid) as refreshed`;
  ctx.run.extra.predictions_refreshed = ((ctx.run.extra.predictions_refreshed as number) ?? 0) + refreshed;
}

/** score_prediction for the shows that have a prediction to score; a refusal is recorded, not fatal. */
async function scoreShows(ctx: JobContext, showIds: string[]): Promise<number> {
  if (showIds.length === 0) return 0;
  const predicted = await ctx.sql<{ show_id: string }[]>`
    select show_id::text from public.setlists where kind = 'predicted' and show_id = any(${showIds}::uuid[])`;
  let scored = 0;
  for (const { show_id } of predicted) {
    try {
      await ctx.sql`select public.score_prediction(${show_id}::uuid)`;
      scored++;
    } catch (error) {
      await ctx.run.recordError("database", `score:${show_id}`, errorMessage(error), { code: "score_failed" });
    }
  }
  ctx.run.extra.predictions_scored = ((ctx.run.extra.predictions_scored as number) ?? 0) + scored;
  return scored;
}

export async function syncSetlists(
  ctx: JobContext,
  params: { limit: number; artistIds?: string[]; maxPages: number },
): Promise<void> {
  ctx.providers.setlistfm();
  const artists = await staleSetlistArtists(ctx.sql, params.limit, params.artistIds);
  for (const [index, artist] of artists.entries()) {
    if (ctx.run.outOfTime({ count: artists.length - index, unit: "artists" })) break;
    await ctx.run.progress(index, artists.length, artist.name);
    try {
      await syncArtistSetlists(ctx, artist, params.maxPages, artist.setlists_synced_at);
    } catch (error) {
      if (error instanceof ProviderError && error.code === "budget_exhausted") {
        // the day's requests are spent: not this artist's failure; the queue keeps it for tomorrow
        ctx.run.stoppedEarly = true;
        ctx.run.extra.budget_exhausted = true;
        ctx.run.event("warn", "setlist_budget_exhausted", { reached: index, asked: artists.length });
        break;
      }
      await ctx.run.recordError(errorProvider(error, "database"), `artist:${artist.id}`, error, {
        artist_name: artist.name,
      });
    }
  }
  if (!params.artistIds) {
    // what this run could not reach, as the database sees it after the run
    const [{ status }] = await ctx.sql<{ status: Record<string, unknown> }[]>`
      select public.setlist_refresh_status() as status`;
    ctx.run.extra.unreached = status;
  }
  await ctx.run.progress(artists.length, artists.length, "done", true);
}
