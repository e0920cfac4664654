// GET /functions/v1/calendar?show=<uuid>   one show as an .ics ("Add to calendar")
// GET /functions/v1/calendar?artist=<slug> the artist's feed to subscribe to: upcoming shows (cancelled
//                                         ones marked so) and the last 30 days
// Public data only (what anon reads anyway), so the gateway's JWT check is off for it (config.toml);
// answers text/calendar, or a JSON error: 400 invalid_request, 404 show_not_found / artist_not_found,
// 405 method_not_allowed.

import { buildCalendar, type CalendarShow } from "../_shared/calendar.ts";
import { corsHeaders, preflight } from "../_shared/cors.ts";
import { getSql, type Sql } from "../_shared/db.ts";
import { errorResponse, HttpError } from "../_shared/json.ts";
import { log } from "../_shared/log.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A feed is a few hundred shows at most; a cap keeps one request cheap whatever the catalog. */
const FEED_LIMIT = 500;

function showsQuery(sql: Sql, where: { showId?: string; artistId?: string }) {
  return sql<CalendarShow[]>`
    select s.id::text, s.name, a.name as artist_name, s.starts_at::text, s.local_date::text, s.date_tba, s.time_tba,
           s.status::text, v.name as venue_name, v.city as venue_city, v.country as venue_country,
           v.timezone as venue_timezone, s.updated_at::text
    from public.shows s
    join public.artists a on a.id = s.artist_id
    left join public.venues v on v.id = s.venue_id
    where ${
    where.showId ? sql`s.id = ${where.showId}::uuid` : sql`s.artist_id = ${where.artistId!}::uuid
      and (s.local_date >= (now() at time zone 'utc')::date - 30 or s.date_tba)`
  }
    order by s.local_date nulls last, s.starts_at nulls last, s.id
    limit ${FEED_LIMIT}`;
}

function calendarResponse(body: string, filename: string, inline: boolean): Response {
  const headers = new Headers(corsHeaders);
  headers.set("Content-Type", "text/calendar; charset=utf-8");
  headers.set("Content-Disposition", `${inline ? "inline" : "attachment"}; filename="${filename}"`);
  // a feed is polled by calendar apps; shows change a few times a day at most
  headers.set("Cache-Control", "public, max-age=900");
  return new Response(body, { status: 200, headers });
}

async function answer(request: Request): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    throw new HttpError(405, "method_not_allowed", "Use GET.");
  }
  const params = new URL(request.url).searchParams;
  const showId = params.get("show");
  const artistSlug = params.get("artist");
  if ((showId === null) === (artistSlug === null)) {
    throw new HttpError(400, "invalid_request", "Give exactly one of ?show=<show id> or ?artist=<artist slug>.");
  }
  const sql = getSql();
  if (showId !== null) {
    if (!UUID.test(showId)) throw new HttpError(400, "invalid_request", "show must be a show id (a UUID).");
    const shows = await showsQuery(sql, { showId });
    if (shows.length === 0) throw new HttpError(404, "show_not_found", "There is no such show.");
    return calendarResponse(buildCalendar(shows[0].name, shows), `show-${showId}.ics`, false);
  }
  if (!SLUG.test(artistSlug!)) throw new HttpError(400, "invalid_request", "artist must be an artist slug.");
  const [artist] = await sql<{ id: string; name: string }[]>`
    select id::text, name from public.artists where slug = ${artistSlug!}`;
  if (!artist) throw new HttpError(404, "artist_not_found", "There is no such artist.");
  const shows = await showsQuery(sql, { artistId: artist.id });
  return calendarResponse(buildCalendar(`${artist.name} on TheSet`, shows), `${artistSlug}.ics`, true);
}

export async function handler(request: Request): Promise<Response> {
  const early = preflight(request);
  if (early) return early;
  try {
    return await answer(request);
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error);
    log("error", "calendar_failed", { error: String(error) });
    return errorResponse(new HttpError(500, "internal_error", "The calendar could not be built."));
  }
}
