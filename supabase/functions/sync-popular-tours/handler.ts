// POST /functions/v1/sync-popular-tours
// {limit?: pages per market (default 5, all Ticketmaster's depth allows at 200 a page), dry_run?, artist_id?,
//  markets?: [{city, countryCode} | {dmaId}], days?: 1..365 (default 180), page_size?: 1..200 (default 200)}
// With artist_id, only that artist's events (by its Ticketmaster id) are synced.

import { integerField, invalid, rejectArtistIds } from "../_shared/sync/body.ts";
import { loadArtist } from "../_shared/sync/context.ts";
import { createSyncHandler } from "../_shared/sync/handler.ts";
import { configuredMarkets, type Market, syncEventQuery, syncPopularTours } from "../_shared/sync/jobs/tours.ts";

interface Params {
  markets: Market[];
  days: number;
  pageSize: number;
  maxPages: number;
}

function parseMarkets(value: unknown): Market[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 50) {
    throw invalid("markets must be a list of 1 to 50 {city, countryCode} or {dmaId} objects", "markets");
  }
  return value.map((m, i) => {
    if (m === null || typeof m !== "object" || Array.isArray(m)) {
      throw invalid(`markets[${i}] must be an object`, "markets");
    }
    const { city, countryCode, dmaId, ...rest } = m as Record<string, unknown>;
    if (Object.keys(rest).length > 0) {
      throw invalid(`markets[${i}] has unknown field ${Object.keys(rest)[0]}`, "markets");
    }
    if (dmaId !== undefined) {
      if (typeof dmaId !== "string" || !/^\d{1,5}$/.test(dmaId)) {
        throw invalid(`markets[${i}].dmaId must be digits`, "markets");
      }
      return { dmaId };
    }
    if (typeof city !== "string" || city.trim() === "" || city.length > 100) {
      throw invalid(`markets[${i}].city must be a city name`, "markets");
    }
    if (countryCode !== undefined && (typeof countryCode !== "string" || !/^[A-Za-z]{2}$/.test(countryCode))) {
      throw invalid(`markets[${i}].countryCode must be an ISO 3166 alpha-2 code`, "markets");
    }
    return { city: city.trim(), countryCode: (countryCode as string | undefined)?.toUpperCase() };
  });
}

export const handler = createSyncHandler<Params>({
  job: "sync-popular-tours",
  defaultLimit: 5,
  jobFields: ["markets", "days", "page_size"],
  parse: (body, common) => {
    rejectArtistIds(common);
    return {
      markets: body.markets === undefined ? configuredMarkets() : parseMarkets(body.markets),
      days: integerField(body, "days", 1, 365) ?? 180,
      pageSize: integerField(body, "page_size", 1, 200) ?? 200,
      maxPages: common.limit,
    };
  },
  scope: (p, c) => ({ markets: p.markets, days: p.days, page_size: p.pageSize, artist_id: c.artistId ?? null }),
  run: async (ctx, params, common) => {
    if (common.artistId) {
      const artist = await loadArtist(ctx.sql, common.artistId);
      if (!artist?.ticketmaster_id) throw new Error(`artist ${common.artistId} has no Ticketmaster id`);
      const now = Date.now();
      await syncEventQuery(
        ctx,
        { attractionId: artist.ticketmaster_id },
        artist.name,
        { start: now, end: now + params.days * 86_400_000 },
        params.pageSize,
        params.maxPages,
      );
      return;
    }
    await syncPopularTours(ctx, params);
  },
});
