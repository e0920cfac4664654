// setlist.fm API 1.0 as the demo upstream serves it: /rest/1.0/artist/{mbid}/setlists?p=
// and /rest/1.0/search/setlists, 20 setlists a page from page 1, x-api-key
// required, JSON only, and 404 {"code":404,"status":"Not Found","message":"not found"}
// for an empty result (including a page past the last).

import { type Answer, fold, intParam, type RouteContext } from "./answer.ts";

const PAGE_SIZE = 20;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sfmError(status: number, statusText: string, message: string, now: number): Answer {
  return {
    status,
    body: { code: status, status: statusText, message, timestamp: new Date(now).toISOString().replace("Z", "+0000") },
  };
}

function pageOf(ctx: RouteContext, setlists: Record<string, unknown>[]): Answer {
  const p = intParam(ctx.url, "p") ?? 1;
  if (Number.isNaN(p) || p < 1) return sfmError(400, "Bad Request", "invalid page", ctx.now);
  const slice = setlists.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE);
  if (slice.length === 0) return sfmError(404, "Not Found", "not found", ctx.now);
  return {
    status: 200,
    body: { type: "setlists", itemsPerPage: PAGE_SIZE, page: p, total: setlists.length, setlist: slice },
    emptyPage: (b) => ({ ...(b as Record<string, unknown>), setlist: [] }),
  };
}

export function handleSetlistfm(ctx: RouteContext, apiKey: string | null): Answer {
  const key = ctx.request.headers.get("x-api-key");
  if (!key || (apiKey !== null && key !== apiKey)) return sfmError(403, "Forbidden", "Forbidden", ctx.now);
  if (!(ctx.request.headers.get("accept") ?? "").includes("application/json")) {
    // the real API would answer XML; the synthetic upstream only speaks JSON
    return sfmError(406, "Not Acceptable", "send Accept: application/json", ctx.now);
  }
  const path = ctx.url.pathname.replace(/^\/rest\/1\.0/, "");
  const byArtist = path.match(/^\/artist\/([^/]+)\/setlists$/);
  if (byArtist) {
    if (!UUID_RE.test(byArtist[1])) return sfmError(400, "Bad Request", "invalid mbid", ctx.now);
    return pageOf(ctx, ctx.dataset.setlistsByMbid.get(byArtist[1].toLowerCase()) ?? []);
  }
  if (path === "/search/setlists") {
    const q = ctx.url.searchParams;
    const artistMbid = q.get("artistMbid")?.toLowerCase();
    const artistName = q.get("artistName");
    const cityName = q.get("cityName");
    const date = q.get("date");
    const year = q.get("year");
    if (!artistMbid && !artistName && !cityName && !date && !year) {
      return sfmError(400, "Bad Request", "at least one search parameter is required", ctx.now);
    }
    const found = ctx.dataset.allSetlists.filter((s) => {
      const artist = s.artist as { mbid: string; name: string };
      const venue = s.venue as { city: { name: string } };
      if (artistMbid && artist.mbid !== artistMbid) return false;
      if (artistName && !fold(artist.name).includes(fold(artistName))) return false;
      if (cityName && fold(venue.city.name) !== fold(cityName)) return false;
      if (date && s.eventDate !== date) return false;
      if (year && !String(s.eventDate).endsWith(year)) return false;
      return true;
    });
    return pageOf(ctx, found);
  }
  return sfmError(404, "Not Found", "not found", ctx.now);
}
