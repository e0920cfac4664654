// Ticketmaster Discovery v2 as the demo upstream serves it: events.json,
// attractions.json and attractions/{id}.json, with Ticketmaster's paging
// (size up to 200, page from 0, size * page < 1000), its _embedded / _links /
// page objects and its error bodies.

import { type Answer, fold, intParam, type RouteContext } from "./answer.ts";

const MAX_SIZE = 200;
const MAX_DEPTH = 1000;

function tmError(status: number, code: string, detail: string): Answer {
  return {
    status,
    body: {
      errors: [{
        code,
        detail,
        status: String(status),
        _links: { about: { href: `/discovery/v2/errors.html#${code}` } },
      }],
    },
  };
}

function fault(status: number, faultstring: string, errorcode: string): Answer {
  return { status, body: { fault: { faultstring, detail: { errorcode } } } };
}

const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function paging(ctx: RouteContext): { size: number; page: number } | Answer {
  const size = intParam(ctx.url, "size") ?? 20;
  const page = intParam(ctx.url, "page") ?? 0;
  if (Number.isNaN(size) || Number.isNaN(page) || size < 0 || page < 0) {
    return tmError(400, "DIS1016", "Query param 'size' and 'page' must be non-negative integers");
  }
  const capped = Math.min(size, MAX_SIZE);
  if (capped * page >= MAX_DEPTH) {
    return tmError(
      400,
      "DIS1035",
      "API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000",
    );
  }
  return { size: capped, page };
}

function links(
  ctx: RouteContext,
  page: number,
  totalPages: number,
): Record<string, { href: string; templated?: boolean }> {
  const at = (p: number) => {
    const u = new URL(ctx.url.pathname + ctx.url.search, ctx.origin);
    u.searchParams.delete("apikey");
    u.searchParams.set("page", String(p));
    return { href: `${u.pathname}?${u.searchParams.toString()}` };
  };
  const out: Record<string, { href: string; templated?: boolean }> = { self: at(page) };
  if (totalPages > 0) {
    out.first = at(0);
    if (page > 0) out.prev = at(page - 1);
    if (page < totalPages - 1) out.next = at(page + 1);
    out.last = at(totalPages - 1);
  }
  return out;
}

function pageOf<T>(items: T[], size: number, page: number) {
  const totalPages = size === 0 ? 0 : Math.ceil(items.length / size);
  return { slice: items.slice(page * size, page * size + size), totalPages };
}

export function handleTicketmaster(ctx: RouteContext, apiKey: string | null): Answer {
  const key = ctx.url.searchParams.get("apikey");
  if (!key) {
    return fault(
      401,
      "Failed to resolve API Key variable request.queryparam.apikey",
      "steps.oauth.v2.FailedToResolveAPIKey",
    );
  }
  if (apiKey !== null && key !== apiKey) return fault(401, "Invalid ApiKey", "oauth.v2.InvalidApiKey");
  if (ctx.request.method !== "GET") return tmError(405, "DIS1001", "Method not allowed");

  const path = ctx.url.pathname.replace(/^\/discovery\/v2/, "");
  if (path === "/events.json") return events(ctx);
  if (path === "/attractions.json") return attractions(ctx);
  const one = path.match(/^\/attractions\/([^/]+)\.json$/);
  if (one) {
    const attraction = ctx.dataset.attractions.get(one[1]);
    if (!attraction) {
      return tmError(404, "DIS1004", `Resource not found with provided criteria (locale=en-us, id=${one[1]})`);
    }
    return { status: 200, body: attraction };
  }
  return tmError(404, "DIS1004", "Resource not found with provided criteria (locale=en-us)");
}

function events(ctx: RouteContext): Answer {
  const q = ctx.url.searchParams;
  const paged = paging(ctx);
  if ("status" in paged) return paged;
  for (const name of ["startDateTime", "endDateTime"]) {
    const value = q.get(name);
    if (value !== null && !DATE_TIME_RE.test(value)) {
      return tmError(
        400,
        "DIS1015",
        "Query param with date must be of valid format YYYY-MM-DDTHH:mm:ssZ {example: 2020-08-01T14:00:00Z }",
      );
    }
  }
  const classification = q.get("classificationName");
  const city = q.get("city");
  const countryCode = q.get("countryCode");
  const dmaId = q.get("dmaId");
  const keyword = q.get("keyword");
  const attractionId = q.get("attractionId");
  const start = q.get("startDateTime") ? Date.parse(q.get("startDateTime")!) : null;
  const end = q.get("endDateTime") ? Date.parse(q.get("endDateTime")!) : null;

  const matching = ctx.dataset.events.filter((e) => {
    if (classification) {
      const wanted = fold(classification);
      const segment = fold(String((e.json.classifications as { segment: { name: string } }[])[0].segment.name));
      if (!(wanted === segment || (wanted === "music" ? e.isMusic : false))) return false;
    }
    if (city && (!e.market || fold(e.market.city) !== fold(city))) return false;
    if (countryCode && (!e.market || e.market.countryCode !== countryCode.toUpperCase())) return false;
    if (dmaId && (!e.market || String(e.market.dmaId) !== dmaId)) return false;
    if (keyword && !fold(e.keywordText).includes(fold(keyword))) return false;
    if (attractionId && !attractionId.split(",").some((id) => e.attractionIds.includes(id))) return false;
    // events with a TBA date have no instant to filter on: Ticketmaster lists them
    if (e.startUtc !== null) {
      if (start !== null && e.startUtc < start) return false;
      if (end !== null && e.startUtc > end) return false;
    }
    return true;
  });
  const { slice, totalPages } = pageOf(matching, paged.size, paged.page);
  const body: Record<string, unknown> = {};
  if (slice.length > 0) body._embedded = { events: slice.map((e) => e.json) };
  body._links = links(ctx, paged.page, totalPages);
  body.page = { size: paged.size, totalElements: matching.length, totalPages, number: paged.page };
  return {
    status: 200,
    body,
    emptyPage: (b) => {
      const copy = { ...(b as Record<string, unknown>) };
      delete copy._embedded;
      return copy;
    },
  };
}

function attractions(ctx: RouteContext): Answer {
  const q = ctx.url.searchParams;
  const paged = paging(ctx);
  if ("status" in paged) return paged;
  const keyword = q.get("keyword");
  const classification = q.get("classificationName");
  const all = [...ctx.dataset.attractions.values()];
  const matching = all.filter((a) => {
    if (keyword && !fold(String(a.name)).includes(fold(keyword))) return false;
    if (classification && fold(classification) !== "music") return false;
    return true;
  });
  const { slice, totalPages } = pageOf(matching, paged.size, paged.page);
  const body: Record<string, unknown> = {};
  if (slice.length > 0) body._embedded = { attractions: slice };
  body._links = links(ctx, paged.page, totalPages);
  body.page = { size: paged.size, totalElements: matching.length, totalPages, number: paged.page };
  return {
    status: 200,
    body,
    emptyPage: (b) => {
      const copy = { ...(b as Record<string, unknown>) };
      delete copy._embedded;
      return copy;
    },
  };
}
