// setlist.fm API 1.0 client: an artist's setlists by page (20 a page, from
// 1) and setlist search. A 404 is setlist.fm's way of saying "no results".

import type { ProviderClient } from "../http/client.ts";
import type { SfmSetlistsResponse } from "./setlistfm_types.ts";

export const SETLISTFM_PAGE_SIZE = 20;

export class SetlistfmApi {
  constructor(
    private readonly client: ProviderClient,
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async #get(path: string, params: Record<string, string | number>): Promise<SfmSetlistsResponse | null> {
    const url = new URL(`${this.baseUrl}/rest/1.0${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
    const res = await this.client.getJson<SfmSetlistsResponse>(url, {
      headers: { "x-api-key": this.apiKey, Accept: "application/json" },
      notFoundIsEmpty: true,
      cacheTtlSeconds: 6 * 3600,
    });
    return res.status === 404 ? null : res.body;
  }

  /** Page `page` (from 1) of the artist's setlists, newest first; null when there are none. */
  async artistSetlists(mbid: string, page: number): Promise<SfmSetlistsResponse | null> {
    return await this.#get(`/artist/${encodeURIComponent(mbid)}/setlists`, { p: page });
  }

  async searchSetlists(params: { artistName?: string; artistMbid?: string; date?: string }, page = 1) {
    const query: Record<string, string | number> = { p: page };
    for (const [k, v] of Object.entries(params)) if (v) query[k] = v;
    return await this.#get("/search/setlists", query);
  }
}
