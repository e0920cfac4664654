// The SPA's window on Ticketmaster (verify_jwt on: anon key or a user's JWT).
// The API key stays server-side. Actions (JSON body, or query string on GET):
//   search_artists {query, size?: 1..20}   attractions, each saying whether TheSet has it
//   search_events  {query?, city?, country_code?, size?: 1..50}   upcoming music events
//   import_artist  {ticketmaster_id}   queue the import of an artist TheSet lacks (202 + job id),
//                                      or point at the artist when it is already complete (200)
// Every call counts against the caller's limits, and Ticketmaster requests draw
// only on the share of the daily budget the scheduled syncs leave (_shared/proxy.ts).

import type { ProxyCaller } from "../_shared/caller.ts";
import { getSql, refusalCode, type Sql } from "../_shared/db.ts";
import { CallStats } from "../_shared/http/stats.ts";
import { HttpError } from "../_shared/json.ts";
import { mapAttraction, mapEvents } from "../_shared/mappers/ticketmaster.ts";
import { providers } from "../_shared/providers/mod.ts";
import { startOfHour, tmDateTime } from "../_shared/providers/ticketmaster.ts";
import {
  badInput,
  createProxyHandler,
  optionalInt,
  optionalText,
  type Params,
  proxyAction,
  proxyBudgetShare,
  proxyLimits,
  requiredText,
  TooManyRequests,
} from "../_shared/proxy.ts";
import type { ReadShape } from "../_shared/tables.ts";

const TM_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** How long a caller at the import cap is asked to wait: about one import's run. */
const IMPORT_RETRY_AFTER_SECONDS = 60;

function ticketmaster() {
  return providers(new CallStats(), getSql(), { budgetShare: proxyBudgetShare() }).ticketmaster();
}

/** An artist TheSet has, as the search answer shows it. */
type KnownArtist = ReadShape<"artists", "id" | "slug"> & {
  ticketmaster_id: string;
  complete: boolean;
};

async function knownArtists(ids: string[]): Promise<Map<string, KnownArtist>> {
  if (ids.length === 0) return new Map();
  const rows = await getSql()<KnownArtist[]>`
    select a.ticketmaster_id, a.id::text, a.slug, a.songs_synced_at is not null as complete
    from public.artists a where a.ticketmaster_id = any(${ids}::text[])`;
  return new Map(rows.map((r) => [r.ticketmaster_id, r]));
}

const searchArtists = proxyAction(
  (params: Params) => ({
    query: requiredText(params, "query", 100),
    size: optionalInt(params, "size", 1, 20, 10),
  }),
  async ({ query, size }) => {
    const body = await ticketmaster().searchAttractions(query, size);
    const attractions = body._embedded?.attractions ?? [];
    const mapped = attractions.map((a) => ({ raw: a, row: mapAttraction(a) })).filter((a) => a.row !== null);
    const known = await knownArtists(mapped.map((a) => a.row!.ticketmaster_id));
    // live imports of every artist in the answer, whether or not TheSet has it yet
    const pending = await getSql()<ReadShape<"import_jobs", "dedupe_key" | "id">[]>`
      select dedupe_key, id::int from public.import_jobs
      where kind = 'artist_import' and status in ('queued', 'running')
        and dedupe_key = any(${mapped.map((a) => `tm:${a.row!.ticketmaster_id}`)}::text[])`;
    const pendingByKey = new Map(pending.map((p) => [p.dedupe_key, p.id]));
    return {
      body: {
        artists: mapped.map(({ raw, row }) => {
          const artist = known.get(row!.ticketmaster_id);
          return {
            ticketmaster_id: row!.ticketmaster_id,
            name: row!.name,
            image_url: row!.image_url,
            genres: row!.genres,
            upcoming_events: raw.upcomingEvents?._total ?? null,
            spotify_id: row!.spotify_id,
            mbid: row!.mbid,
            artist: artist ? { id: artist.id, slug: artist.slug, complete: artist.complete } : null,
            import_job_id: pendingByKey.get(`tm:${row!.ticketmaster_id}`) ?? null,
          };
        }),
        total: body.page?.totalElements ?? attractions.length,
      },
    };
  },
);

const searchEvents = proxyAction(
  (params: Params) => {
    const query = optionalText(params, "query", 100);
    const city = optionalText(params, "city", 100);
    const countryCode = optionalText(params, "country_code", 2);
    if (countryCode && !/^[A-Za-z]{2}$/.test(countryCode)) {
      throw badInput("country_code", "country_code must be two letters");
    }
    if (!query && !city) throw badInput("query", "give a query or a city");
    return { query, city, countryCode, size: optionalInt(params, "size", 1, 50, 20) };
  },
  async ({ query, city, countryCode, size }) => {
    // from the start of the hour, not this second, so the 300 s cache entry can be hit
    const startDateTime = tmDateTime(startOfHour(Date.now()));
    const body = await ticketmaster().searchEvents(
      { keyword: query, city, countryCode: countryCode?.toUpperCase(), startDateTime },
      size,
    );
    const events = body._embedded?.events ?? [];
    const mapped = mapEvents(events);
    const showIds = await getSql()<(ReadShape<"shows", "id"> & { ticketmaster_id: string })[]>`
      select ticketmaster_id, id::text from public.shows
      where ticketmaster_id = any(${mapped.shows.map((s) => s.ticketmaster_id)}::text[])`;
    const shows = new Map(showIds.map((s) => [s.ticketmaster_id, s.id]));
    const venues = new Map(mapped.venues.map((v) => [v.ticketmaster_id, v]));
    const artists = new Map(mapped.artists.map((a) => [a.ticketmaster_id, a]));
    return {
      body: {
        events: mapped.shows.map((s) => ({
          ticketmaster_id: s.ticketmaster_id,
          name: s.name,
          starts_at: s.starts_at,
          local_date: s.local_date,
          date_tba: s.date_tba,
          time_tba: s.time_tba,
          status: s.status,
          ticket_url: s.ticket_url,
          venue: s.venue_ticketmaster_id ? venues.get(s.venue_ticketmaster_id) ?? null : null,
          artists: s.billing.map((id) => ({ ticketmaster_id: id, name: artists.get(id)?.name ?? null })),
          show_id: shows.get(s.ticketmaster_id) ?? null,
        })),
        skipped: mapped.skipped.length,
        total: body.page?.totalElements ?? events.length,
      },
    };
  },
);

/** The HTTP answer to each refusal of request_artist_import (SQL decides; this only translates its code). */
function importRefusal(code: string | null, maxPending: number): HttpError | null {
  if (code === "import_limit_reached") {
    return new TooManyRequests(
      "too_many_imports",
      `this caller already has ${maxPending} imports queued or running; wait for one to finish`,
      IMPORT_RETRY_AFTER_SECONDS,
    );
  }
  return null;
}

/** What request_artist_import would do for this caller now: join a live job, queue a new one, or refuse. */
type ImportDecision = { joined: true; jobId: number; name: string | null } | { joined: false };

class RollBack extends Error {}

/** How many imports request_artist_import lets this caller have waiting (the service role is not capped). */
function importCap(caller: ProxyCaller): number {
  return caller.kind === "service_role" ? 2_147_483_647 : proxyLimits().maxPendingImports;
}

/** A job as request_artist_import left it; fresh when this transaction queued it (not joined). */
type RequestedJob = { id: number; fresh: boolean; name: string | null };

/** Calls request_artist_import inside the transaction tx, turning its refusals into HTTP errors. */
async function requestImport(
  tx: Sql,
  caller: ProxyCaller,
  id: string,
  payload: { ticketmaster_id: string; name?: string },
  artistId: string | null,
): Promise<RequestedJob> {
  try {
    const [{ job_id }] = await tx<{ job_id: number }[]>`
      select public.request_artist_import(
        ${caller.key}, ${`tm:${id}`}, ${tx.json(payload)}, ${artistId}::uuid, ${
      importCap(caller)
    }::int)::int as job_id`;
    // a job queued by this transaction was created at its now(); a joined one earlier
    const [job] = await tx<RequestedJob[]>`
      select id::int, created_at = now() as fresh, payload ->> 'name' as name
      from public.import_jobs where id = ${job_id}`;
    return job;
  } catch (error) {
    throw importRefusal(refusalCode(error), importCap(caller)) ?? error;
  }
}

/** Runs request_artist_import in a transaction of its own, committed. */
function commitImport(
  caller: ProxyCaller,
  id: string,
  payload: { ticketmaster_id: string; name: string },
  artistId: string | null,
): Promise<RequestedJob> {
  return getSql().begin((tx) => requestImport(tx as unknown as Sql, caller, id, payload, artistId)) as Promise<
    RequestedJob
  >;
}

/**
 * Asks request_artist_import what it would do, keeping nothing: a join or a refusal is final and costs no
 * Ticketmaster request; only a new job is first checked against Ticketmaster, then requested for real.
 */
async function decideImport(caller: ProxyCaller, id: string, artistId: string | null): Promise<ImportDecision> {
  let decision: ImportDecision | null = null;
  try {
    await getSql().begin(async (tx) => {
      const job = await requestImport(tx as unknown as Sql, caller, id, { ticketmaster_id: id }, artistId);
      decision = job.fresh ? { joined: false } : { joined: true, jobId: job.id, name: job.name };
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return decision!;
}

const importArtist = proxyAction(
  (params: Params) => {
    const id = requiredText(params, "ticketmaster_id", 64);
    if (!TM_ID_RE.test(id)) throw badInput("ticketmaster_id", "ticketmaster_id is not a Ticketmaster id");
    return { id };
  },
  async ({ id }, caller) => {
    const sql = getSql();
    const [existing] = await sql<(ReadShape<"artists", "id" | "slug"> & { complete: boolean })[]>`
      select id::text, slug, songs_synced_at is not null as complete from public.artists where ticketmaster_id = ${id}`;
    if (existing?.complete) {
      return { status: 200, body: { status: "exists", artist_id: existing.id, slug: existing.slug, job_id: null } };
    }
    const queued = (job: number, name: string | null) => ({
      status: 202,
      body: { status: "queued", job_id: job, artist_id: existing?.id ?? null, slug: existing?.slug ?? null, name },
    });
    const artistId = existing?.id ?? null;
    // an import already on its way is joined as it is, and a caller at the cap is refused: neither spends a
    // Ticketmaster request
    const decision = await decideImport(caller, id, artistId);
    if (decision.joined) return queued(decision.jobId, decision.name);

    // only what Ticketmaster knows can be queued: a made-up id is a 404, not a job that dies later
    const attraction = await ticketmaster().attraction(id);
    const row = attraction ? mapAttraction(attraction) : null;
    if (!row) throw new HttpError(404, "attraction_not_found", `Ticketmaster has no attraction ${id}`);
    // SQL decides again: another request may have joined, queued or taken the last slot meanwhile
    const job = await commitImport(caller, id, { ticketmaster_id: id, name: row.name }, artistId);
    return queued(job.id, job.name);
  },
);

export const handler = createProxyHandler("ticketmaster", {
  search_artists: searchArtists,
  search_events: searchEvents,
  import_artist: importArtist,
});
