// import-artist: drains the on-demand queue. An artist_import job (queued by
// the ticketmaster function when a fan picks an artist TheSet does not have)
// brings in that artist's upcoming shows, catalog and setlists, and builds
// predictions for the shows; a catalog_sync job (queued by
// ensure_predicted_setlist for an artist without songs) fetches the catalog
// and builds the waiting show's prediction. Progress goes into
// import_jobs.progress step by step so the SPA can show it; a failed job goes
// back to the queue with backoff (fail_import_job) and dies after its attempts.

import type { ReadShape } from "../../tables.ts";
import { mapAttraction } from "../../mappers/ticketmaster.ts";
import { writeEventsPage } from "../../writers/tours.ts";
import { type ArtistRef, type JobContext, loadArtist } from "../context.ts";
import { errorMessage, type ErrorProvider, errorProvider } from "../run.ts";
import { NoConfidentMatch, syncArtistCatalog } from "./songs.ts";
import { syncArtistSetlists } from "./setlists.ts";
import { syncEventQuery } from "./tours.ts";

/** The import_jobs columns the worker reads (generated types), with kind and payload narrowed. */
export type ImportJob = ReadShape<"import_jobs", "id" | "dedupe_key" | "artist_id" | "attempts"> & {
  kind: "artist_import" | "catalog_sync";
  payload: Record<string, unknown>;
};

/** How far ahead an import looks for the artist's shows. */
const IMPORT_DAYS = 365;
/** setlist.fm pages (20 setlists each) an import reads: the recent history predictions use. */
const IMPORT_SETLIST_PAGES = 2;

async function reportProgress(ctx: JobContext, job: ImportJob, progress: Record<string, unknown>): Promise<void> {
  if (ctx.dryRun || job.id <= 0) return;
  await ctx.sql`select public.report_import_progress(${job.id}, ${ctx.sql.json(progress as never)})`;
}

/** Predictions for the artist's upcoming shows now, rather than at the next ensure-upcoming-predictions tick. */
async function buildPredictions(ctx: JobContext, artistId: string, onlyShow?: string): Promise<number> {
  if (ctx.dryRun) return 0;
  const rows = await ctx.sql<{ built: number }[]>`
    select count(public.ensure_predicted_setlist(sh.id))::int as built
    from public.shows sh
    where sh.artist_id = ${artistId}::uuid
      and (${onlyShow ?? null}::uuid is null or sh.id = ${onlyShow ?? null}::uuid)
      and sh.status not in ('cancelled', 'completed')
      and (sh.starts_at > now() or (sh.starts_at is null and (sh.local_date > current_date or sh.date_tba)))`;
  return rows[0].built;
}

/** Everything about one Ticketmaster attraction: shows, catalog, setlists, predictions. */
export async function importArtist(
  ctx: JobContext,
  job: ImportJob,
  ticketmasterId: string,
): Promise<Record<string, unknown>> {
  const tm = ctx.providers.ticketmaster();
  await reportProgress(ctx, job, { step: "shows" });
  const attraction = await tm.attraction(ticketmasterId);
  const artistRow = attraction ? mapAttraction(attraction) : null;
  if (!artistRow) throw new ImportRefused(`Ticketmaster has no attraction ${ticketmasterId}`, "ticketmaster");
  // the artist first, so it exists even when it has no upcoming shows
  ctx.run.addRows(
    await writeEventsPage(ctx.sql, { artists: [artistRow], venues: [], shows: [], skipped: [] }, {
      dryRun: ctx.dryRun,
    }),
  );
  const now = Date.now();
  const failuresBefore = ctx.run.itemsFailed;
  const shows = await syncEventQuery(
    ctx,
    { attractionId: ticketmasterId },
    `attraction ${ticketmasterId}`,
    { start: now, end: now + IMPORT_DAYS * 86_400_000 },
    200,
    undefined,
    false,
  );
  if (ctx.run.itemsFailed > failuresBefore) {
    throw new ImportIncomplete(ctx.run.itemsFailed - failuresBefore, ctx.run.errorLog[failuresBefore]);
  }
  const [stored] = await ctx.sql<ArtistRef[]>`
    select id::text, name, ticketmaster_id, spotify_id, mbid::text from public.artists
    where ticketmaster_id = ${ticketmasterId}`;
  if (!stored) {
    // only a dry run gets here: its writes were rolled back
    return { step: "done", shows, dry_run: true };
  }
  if (job.id > 0) {
    await ctx
      .sql`update public.import_jobs set artist_id = ${stored.id}::uuid where id = ${job.id} and artist_id is null`;
  }
  await reportProgress(ctx, job, { step: "catalog", artist_id: stored.id, shows });
  let songs = 0;
  let spotifyId = stored.spotify_id;
  let catalogError: string | null = null;
  try {
    ({ songs, spotifyId } = await syncArtistCatalog(ctx, stored));
  } catch (error) {
    // a missing catalog leaves a gap, not a failed import: shows and setlists still count
    if (!(error instanceof NoConfidentMatch)) throw error;
    catalogError = error.message;
    await ctx.run.recordError("spotify", `artist:${stored.id}`, error, {
      code: error.code,
      candidates: error.candidates,
    });
  }
  await reportProgress(ctx, job, { step: "setlists", songs });
  // the row read above, with the Spotify id the catalog step may have adopted:
  // nothing else of it changes in between, so it is not read again
  const setlists = await syncArtistSetlists(ctx, { ...stored, spotify_id: spotifyId }, IMPORT_SETLIST_PAGES);
  const predictions = await buildPredictions(ctx, stored.id);
  return {
    step: "done",
    artist_id: stored.id,
    shows,
    songs,
    setlists: setlists.setlists,
    predictions,
    ...(catalogError ? { catalog_gap: catalogError } : {}),
  };
}

/** A job that cannot succeed however often it is retried (the queue still decides when it is dead). */
export class ImportRefused extends Error {
  constructor(message: string, readonly provider: ErrorProvider = "database") {
    super(message);
    this.name = "ImportRefused";
  }
}

async function catalogSync(ctx: JobContext, job: ImportJob): Promise<Record<string, unknown>> {
  const artistId = (job.payload.artist_id as string | undefined) ?? job.artist_id;
  if (!artistId) throw new ImportRefused("catalog_sync job without an artist_id");
  const artist = await loadArtist(ctx.sql, artistId);
  if (!artist) throw new ImportRefused(`artist ${artistId} no longer exists`);
  await reportProgress(ctx, job, { step: "catalog", artist_id: artistId });
  const { songs } = await syncArtistCatalog(ctx, artist);
  const showId = typeof job.payload.show_id === "string" ? job.payload.show_id : undefined;
  const predictions = songs > 0 ? await buildPredictions(ctx, artistId, showId) : 0;
  return { step: "done", artist_id: artistId, songs, predictions };
}

/** What a dry run would work on: the due jobs, unclaimed. */
async function peek(ctx: JobContext, limit: number): Promise<ImportJob[]> {
  return await ctx.sql<ImportJob[]>`
    select id::int, kind, dedupe_key, artist_id::text, payload, attempts
    from public.import_jobs
    where status = 'queued' and run_after <= now()
    order by kind, run_after, id limit ${limit}`;
}

/** Claims the next due job, artist imports (a fan is waiting on the page) before catalog syncs. */
async function claimNext(ctx: JobContext): Promise<ImportJob | null> {
  for (const kind of ["artist_import", "catalog_sync"]) {
    const [job] = await ctx.sql<ImportJob[]>`
      select id::int, kind, dedupe_key, artist_id::text, payload, attempts
      from public.claim_import_jobs(${kind}, 1)`;
    if (job) return job;
  }
  return null;
}

/** An import that lost part of its data (a page that failed): the job is retried rather than completed. */
export class ImportIncomplete extends Error {
  readonly provider: ErrorProvider;
  constructor(failures: number, first: { provider: ErrorProvider; message: string } | undefined) {
    super(`${failures} part(s) of the import failed, first ${first?.message ?? "unknown"}`);
    this.name = "ImportIncomplete";
    this.provider = first?.provider ?? "database";
  }
}

/**
 * One job; the run counts jobs, not the pages and artists inside them: the
 * job's nested failures stay recorded in sync_errors, and the job is one
 * success or one failure.
 */
export async function runOneJob(ctx: JobContext, job: ImportJob): Promise<void> {
  const { run } = ctx;
  const before = { seen: run.itemsSeen, failed: run.itemsFailed, succeeded: run.succeeded };
  const settle = (ok: boolean) => {
    run.itemsSeen = before.seen + 1;
    run.itemsFailed = before.failed + (ok ? 0 : 1);
    run.succeeded = before.succeeded + (ok ? 1 : 0);
  };
  try {
    let result: Record<string, unknown>;
    if (job.kind === "artist_import") {
      const tmId = job.payload.ticketmaster_id;
      if (typeof tmId !== "string" || tmId === "") {
        throw new ImportRefused("artist_import job without a ticketmaster_id");
      }
      result = await importArtist(ctx, job, tmId);
    } else {
      result = await catalogSync(ctx, job);
    }
    if (!ctx.dryRun && job.id > 0) {
      await ctx.sql`select public.complete_import_job(${job.id}, ${ctx.sql.json(result as never)})`;
    }
    settle(true);
  } catch (error) {
    const provider = error instanceof ImportIncomplete || error instanceof ImportRefused
      ? error.provider
      : errorProvider(error, "database");
    await run.recordError(provider, `import_job:${job.id}`, error, {
      kind: job.kind,
      dedupe_key: job.dedupe_key,
      attempt: job.attempts,
    });
    if (!ctx.dryRun && job.id > 0) {
      await ctx.sql`select public.fail_import_job(${job.id}, ${errorMessage(error)})`;
    }
    settle(false);
  }
}

export async function drainImportQueue(ctx: JobContext, params: { limit: number; artistId?: string }): Promise<void> {
  if (params.artistId) {
    // a direct re-import of an artist we have: no queue involved
    const artist = await loadArtist(ctx.sql, params.artistId);
    if (!artist?.ticketmaster_id) {
      throw new ImportRefused(`artist ${params.artistId} has no Ticketmaster id to import from`);
    }
    await runOneJob(ctx, {
      id: 0,
      kind: "artist_import",
      dedupe_key: `tm:${artist.ticketmaster_id}`,
      artist_id: artist.id,
      payload: { ticketmaster_id: artist.ticketmaster_id },
      attempts: 1,
    });
    return;
  }
  if (ctx.dryRun) {
    const due = await peek(ctx, params.limit);
    for (const job of due) await runOneJob(ctx, job);
    ctx.run.extra.jobs_run = due.length;
    return;
  }
  // one claim at a time: a job is only held while it is being worked on
  let done = 0;
  while (done < params.limit && !ctx.run.outOfTime({ count: null, unit: "queued import jobs" })) {
    const job = await claimNext(ctx);
    if (!job) break;
    ctx.run.event("info", "import_job_claimed", { job_id: job.id, kind: job.kind, dedupe_key: job.dedupe_key });
    await ctx.run.progress(done, null, `${job.kind} ${job.dedupe_key}`, true);
    await runOneJob(ctx, job);
    done++;
  }
  ctx.run.extra.jobs_run = done;
  await ctx.run.progress(done, done, "done", true);
}
