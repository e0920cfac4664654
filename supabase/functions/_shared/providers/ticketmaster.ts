// Ticketmaster Discovery v2 client: events.json pages, one attraction, and
// attraction search, through the shared ProviderClient.

import type { ProviderClient } from "../http/client.ts";
import type { TmAttraction, TmAttractionsResponse, TmEventsResponse } from "./ticketmaster_types.ts";

export interface TmEventQuery {
  city?: string;
  countryCode?: string;
  dmaId?: string;
  attractionId?: string;
  keyword?: string;
  /** YYYY-MM-DDTHH:mm:ssZ */
  startDateTime?: string;
  endDateTime?: string;
}

/** Ticketmaster's limits: size at most 200, and size * page must stay below 1000. */
export const TM_MAX_PAGE_SIZE = 200;
export const TM_MAX_DEPTH = 1000;

/**
 * Whether a page of events holds as many as its own paging says it should:
 * `size` on every page but the last, the remainder on the last, none past it.
 */
export function isWholeEventsPage(body: TmEventsResponse, page: number, size: number): boolean {
  return (body._embedded?.events ?? []).length >= expectedEventsOnPage(body, page, size);
}

/** How many events a page should hold by its own paging (see isWholeEventsPage). */
export function expectedEventsOnPage(body: TmEventsResponse, page: number, size: number): number {
  const totalElements = body.page?.totalElements ?? 0;
  return Math.max(0, Math.min(size, totalElements - page * size));
}

const HOUR_MS = 3_600_000;

/**
 * The start of the hour holding `ms`. Event queries start there rather than at
 * this second so a query's URL (its api_cache key) is the same all hour long,
 * and a repeat or re-run is answered from the cache instead of asking again.
 */
export function startOfHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** An instant in the format Ticketmaster accepts (no milliseconds). */
export function tmDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class TicketmasterApi {
  constructor(
    private readonly client: ProviderClient,
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  #url(path: string, params: Record<string, string | number | undefined>): URL {
    const url = new URL(`${this.baseUrl}/discovery/v2${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
    url.searchParams.set("apikey", this.apiKey);
    return url;
  }

  /** One page of upcoming music events; `page` from 0. */
  async eventsPage(query: TmEventQuery, page: number, size: number, cacheTtlSeconds = 600): Promise<TmEventsResponse> {
    if (size < 1 || size > TM_MAX_PAGE_SIZE) throw new RangeError(`size must be 1..${TM_MAX_PAGE_SIZE}`);
    if (size * page >= TM_MAX_DEPTH) throw new RangeError("size * page must stay below 1000");
    const url = this.#url("/events.json", {
      classificationName: "music",
      sort: "date,asc",
      ...query,
      size,
      page,
    });
    const res = await this.client.getJson<TmEventsResponse>(url, {
      cacheTtlSeconds,
      secretParams: ["apikey"],
      // a page short of what its own paging promises is not served again from the cache
      cacheable: (body) => isWholeEventsPage(body as TmEventsResponse, page, size),
    });
    return res.body ?? {};
  }

  /** An attraction by id, or null when Ticketmaster does not know it. */
  async attraction(id: string): Promise<TmAttraction | null> {
    const res = await this.client.getJson<TmAttraction>(
      this.#url(`/attractions/${encodeURIComponent(id)}.json`, {}),
      // an unknown id is an answer (null), not a failure to count or retry
      { cacheTtlSeconds: 3600, secretParams: ["apikey"], notFoundIsEmpty: true },
    );
    return res.body;
  }

  async searchAttractions(keyword: string, size: number): Promise<TmAttractionsResponse> {
    const url = this.#url("/attractions.json", { keyword, classificationName: "music", size });
    const res = await this.client.getJson<TmAttractionsResponse>(url, {
      cacheTtlSeconds: 300,
      secretParams: ["apikey"],
    });
    return res.body ?? {};
  }

  async searchEvents(query: TmEventQuery, size: number): Promise<TmEventsResponse> {
    return await this.eventsPage(query, 0, size, 300);
  }
}
