// sync-popular-tours: upcoming music events over the configured markets and
// a date window, page by page within Ticketmaster's depth limit (a window
// with more events than the pages can reach is split in two), each page
// mapped and written in one transaction. Also the event part of an import.

import { env } from "../../env.ts";
import { mapEvents } from "../../mappers/ticketmaster.ts";
import {
  expectedEventsOnPage,
  isWholeEventsPage,
  startOfHour,
  TM_MAX_DEPTH,
  TM_MAX_PAGE_SIZE,
  tmDateTime,
  type TmEventQuery,
} from "../../providers/ticketmaster.ts";
import { writeEventsPage } from "../../writers/tours.ts";
import type { JobContext } from "../context.ts";
import { errorProvider } from "../run.ts";

export interface Market {
  city?: string;
  countryCode?: string;
  dmaId?: string;
}

export interface ToursParams {
  markets: Market[];
  /** how far ahead, in days */
  days: number;
  pageSize: number;
  /** pages per market (and per window when a window is split) */
  maxPages: number;
}

/** Five large markets on three continents; TICKETMASTER_MARKETS ("City:CC;City:CC" or "dma:345") overrides. */
export const DEFAULT_MARKETS: Market[] = [
  { city: "New York", countryCode: "US" },
  { city: "Los Angeles", countryCode: "US" },
  { city: "Chicago", countryCode: "US" },
  { city: "London", countryCode: "GB" },
  { city: "Montréal", countryCode: "CA" },
];

export function configuredMarkets(): Market[] {
  const raw = env("TICKETMASTER_MARKETS");
  if (!raw) return DEFAULT_MARKETS;
  return raw.split(";").map((part) => part.trim()).filter(Boolean).map((part) => {
    const dma = part.match(/^dma:(\d+)$/i);
    if (dma) return { dmaId: dma[1] };
    const [city, countryCode] = part.split(":").map((s) => s.trim());
    return { city, countryCode: countryCode?.toUpperCase() };
  });
}

export function marketLabel(market: Market): string {
  if (market.dmaId) return `dma ${market.dmaId}`;
  return [market.city, market.countryCode].filter(Boolean).join(", ");
}

const DAY = 86_400_000;

/** Pages of one query, with every page written as it arrives. Returns the events seen. */
export async function syncEventQuery(
  ctx: JobContext,
  baseQuery: TmEventQuery,
  label: string,
  window: { start: number; end: number },
  pageSize: number,
  maxPages = Number.MAX_SAFE_INTEGER,
  /**
   * stop between pages at the run's cut-off (a market of the tour sync); an
   * import takes every page or fails (its late calls end at the deadline) and is retried
   */
  stopAtCutoff = true,
): Promise<number> {
  const { run } = ctx;
  const api = ctx.providers.ticketmaster();
  const size = Math.min(Math.max(1, pageSize), TM_MAX_PAGE_SIZE);
  const reachablePages = Math.ceil(TM_MAX_DEPTH / size);
  const pageCap = Math.min(reachablePages, maxPages);
  const windows = [window];
  let seen = 0;
  while (windows.length > 0) {
    const { start, end } = windows.shift()!;
    const query: TmEventQuery = { ...baseQuery, startDateTime: tmDateTime(start), endDateTime: tmDateTime(end) };
    const span = `${tmDateTime(start).slice(0, 10)}..${tmDateTime(end).slice(0, 10)}`;
    let totalPages: number | null = null;
    let totalElements = 0;
    for (let page = 0; totalPages === null || page < Math.min(totalPages, pageCap); page++) {
      // the markets after this one are counted by syncPopularTours
      if (stopAtCutoff && run.outOfTime({ count: null, unit: `pages of ${label}` })) return seen;
      const item = `${label} ${span} page ${page}`;
      let body;
      try {
        body = await api.eventsPage(query, page, size);
      } catch (error) {
        await run.recordError(errorProvider(error, "ticketmaster"), item, error);
        // without page 0 we do not know how many pages there are
        if (totalPages === null) break;
        continue;
      }
      if (totalPages === null) {
        totalPages = body.page?.totalPages ?? 0;
        totalElements = body.page?.totalElements ?? 0;
        // more events than paging can reach: split the window so every event is reachable
        if (totalPages > reachablePages && end - start > DAY) {
          const middle = start + Math.floor((end - start) / 2);
          windows.unshift({ start, end: middle }, { start: middle + 1000, end });
          break;
        }
        if (totalPages > pageCap) run.skip("beyond_page_limit", totalElements - pageCap * size);
      }
      const events = body._embedded?.events ?? [];
      // a page inside the range that comes back short has lost events: say so, keep what came
      if (!isWholeEventsPage(body, page, size)) {
        const expected = expectedEventsOnPage(body, page, size);
        await run.recordError("ticketmaster", item, `page returned ${events.length} of ${expected} events`, {
          code: "short_page",
        });
      }
      seen += events.length;
      run.itemsSeen += events.length;
      const mapped = mapEvents(events);
      for (const s of mapped.skipped) run.skip(s.reason);
      try {
        run.addRows(await writeEventsPage(ctx.sql, mapped, { dryRun: ctx.dryRun }));
        run.succeeded++;
      } catch (error) {
        await run.recordError("database", item, error, { events: events.length });
      }
    }
  }
  return seen;
}

export async function syncPopularTours(ctx: JobContext, params: ToursParams): Promise<void> {
  // on the hour, not this second: a retry or re-run in the same hour hits the cache
  const start = startOfHour(Date.now());
  const end = start + params.days * DAY;
  // resolve the client first: a missing key fails the run before any market is tried
  ctx.providers.ticketmaster();
  for (const [index, market] of params.markets.entries()) {
    if (ctx.run.outOfTime({ count: params.markets.length - index, unit: "markets" })) break;
    await ctx.run.progress(index, params.markets.length, marketLabel(market), true);
    const query: TmEventQuery = {};
    if (market.city) query.city = market.city;
    if (market.countryCode) query.countryCode = market.countryCode;
    if (market.dmaId) query.dmaId = market.dmaId;
    await syncEventQuery(ctx, query, marketLabel(market), { start, end }, params.pageSize, params.maxPages);
    if (ctx.run.stoppedEarly) {
      // cut off between this market's pages: it is left too, partly synced
      ctx.run.left = { count: params.markets.length - index, unit: "markets (the first partly synced)" };
      break;
    }
  }
  await ctx.run.progress(params.markets.length, params.markets.length, "done", true);
}
