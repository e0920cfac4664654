// The Spotify Web API as a development-mode app sees it after February 2026,
// served by the demo upstream: POST /api/token (client credentials, Basic
// auth checked), GET /v1/search (limit at most 10), /v1/artists/{id},
// /v1/artists/{id}/albums (limit at most 10), /v1/albums/{id}/tracks (at
// most 50), with Spotify's paging objects and {"error":{status,message}}.
// No popularity or followers, no top-tracks, no batch GETs.

import { type Answer, fold, intParam, type RouteContext } from "./answer.ts";

export interface SpotifyCredentials {
  clientId: string;
  clientSecret: string;
}

const TOKEN_SECONDS = 3600;
const BASE62_RE = /^[0-9A-Za-z]{22}$/;

function apiError(status: number, message: string): Answer {
  return { status, body: { error: { status, message } } };
}

export class SpotifyTokens {
  #issued = new Map<string, number>();

  issue(now: number): string {
    const token = `synthetic-${crypto.randomUUID()}`;
    this.#issued.set(token, now + TOKEN_SECONDS * 1000);
    return token;
  }

  check(token: string, now: number): "ok" | "expired" | "invalid" {
    const expires = this.#issued.get(token);
    if (expires === undefined) return "invalid";
    return expires > now ? "ok" : "expired";
  }

  clear(): void {
    this.#issued.clear();
  }
}

export async function handleSpotifyToken(
  ctx: RouteContext,
  credentials: SpotifyCredentials,
  tokens: SpotifyTokens,
): Promise<Answer> {
  if (ctx.request.method !== "POST") return { status: 405, body: { error: "method_not_allowed" } };
  const auth = ctx.request.headers.get("authorization") ?? "";
  const expected = `Basic ${btoa(`${credentials.clientId}:${credentials.clientSecret}`)}`;
  const form = new URLSearchParams(await ctx.request.text());
  if (form.get("grant_type") !== "client_credentials") {
    return {
      status: 400,
      body: { error: "unsupported_grant_type", error_description: "grant_type parameter is missing" },
    };
  }
  if (auth !== expected) return { status: 400, body: { error: "invalid_client", error_description: "Invalid client" } };
  return {
    status: 200,
    body: { access_token: tokens.issue(ctx.now), token_type: "Bearer", expires_in: TOKEN_SECONDS },
  };
}

function page<T>(ctx: RouteContext, items: T[], limit: number, offset: number) {
  const at = (o: number) => {
    const u = new URL(ctx.url.pathname + ctx.url.search, ctx.origin);
    u.searchParams.set("offset", String(o));
    u.searchParams.set("limit", String(limit));
    return u.toString();
  };
  return {
    href: at(offset),
    items: items.slice(offset, offset + limit),
    limit,
    next: offset + limit < items.length ? at(offset + limit) : null,
    offset,
    previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
    total: items.length,
  };
}

function limitOffset(ctx: RouteContext, max: number, fallback: number): { limit: number; offset: number } | Answer {
  const limit = intParam(ctx.url, "limit") ?? fallback;
  const offset = intParam(ctx.url, "offset") ?? 0;
  if (Number.isNaN(limit) || limit < 0 || limit > max) return apiError(400, "Invalid limit");
  if (Number.isNaN(offset) || offset < 0 || offset > 1000) return apiError(400, "Invalid offset");
  return { limit, offset };
}

const emptyPaging = (key?: string) => (b: unknown) => {
  const copy = structuredClone(b) as Record<string, Record<string, unknown>>;
  const target = key ? copy[key] : (copy as Record<string, unknown>);
  (target as Record<string, unknown>).items = [];
  return copy;
};

export function handleSpotifyApi(ctx: RouteContext, tokens: SpotifyTokens): Answer {
  const auth = ctx.request.headers.get("authorization");
  if (!auth) return apiError(401, "No token provided");
  const token = auth.replace(/^Bearer\s+/i, "");
  const state = tokens.check(token, ctx.now);
  if (state === "invalid") return apiError(401, "Invalid access token");
  if (state === "expired") return apiError(401, "The access token expired");
  if (ctx.request.method !== "GET") return apiError(405, "Method not allowed");

  const path = ctx.url.pathname;
  const data = ctx.dataset;
  if (path === "/v1/search") return search(ctx);
  let m = path.match(/^\/v1\/artists\/([^/]+)$/);
  if (m) {
    if (!BASE62_RE.test(m[1])) return apiError(400, "Invalid base62 id");
    const artist = data.spotifyArtists.find((a) => a.id === m![1]);
    return artist ? { status: 200, body: artist } : apiError(404, "Resource not found");
  }
  m = path.match(/^\/v1\/artists\/([^/]+)\/albums$/);
  if (m) {
    if (!BASE62_RE.test(m[1])) return apiError(400, "Invalid base62 id");
    if (!data.spotifyArtists.some((a) => a.id === m![1])) return apiError(404, "Resource not found");
    const lo = limitOffset(ctx, 10, 10);
    if ("status" in lo) return lo;
    const groups = (ctx.url.searchParams.get("include_groups") ?? "album,single,appears_on,compilation").split(",");
    const albums = (data.albumsByArtist.get(m[1]) ?? []).filter((a) => groups.includes(String(a.album_group)));
    return { status: 200, body: page(ctx, albums, lo.limit, lo.offset), emptyPage: emptyPaging() };
  }
  m = path.match(/^\/v1\/albums\/([^/]+)\/tracks$/);
  if (m) {
    if (!BASE62_RE.test(m[1])) return apiError(400, "Invalid base62 id");
    const tracks = data.tracksByAlbum.get(m[1]);
    if (!tracks) return apiError(404, "Resource not found");
    const lo = limitOffset(ctx, 50, 20);
    if ("status" in lo) return lo;
    return { status: 200, body: page(ctx, tracks, lo.limit, lo.offset), emptyPage: emptyPaging() };
  }
  if (/^\/v1\/artists\/[^/]+\/top-tracks$/.test(path) || path === "/v1/artists" || path === "/v1/tracks") {
    // gone for development-mode apps since February 2026
    return apiError(403, "Forbidden");
  }
  return apiError(404, "Service not found");
}

/** Splits Spotify's q into free words and field filters (artist:"x y", track:z). */
function parseQuery(q: string): { words: string[]; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const rest = q.replace(/(\w+):"([^"]*)"|(\w+):(\S+)/g, (_all, k1, v1, k2, v2) => {
    fields[(k1 ?? k2).toLowerCase()] = v1 ?? v2;
    return " ";
  });
  return { words: fold(rest).split(/\s+/).filter(Boolean), fields };
}

function search(ctx: RouteContext): Answer {
  const q = ctx.url.searchParams.get("q");
  const type = ctx.url.searchParams.get("type");
  if (!q) return apiError(400, "No search query");
  if (!type) return apiError(400, "Missing parameter type");
  const lo = limitOffset(ctx, 10, 10);
  if ("status" in lo) return lo;
  const { words, fields } = parseQuery(q);
  const has = (text: string, needles: string[]) => needles.every((w) => fold(text).includes(w));
  const types = type.split(",");
  const body: Record<string, unknown> = {};
  if (types.includes("artist")) {
    const wanted = [...words, ...(fields.artist ? fold(fields.artist).split(/\s+/) : [])];
    const phrase = wanted.join(" ");
    const found = ctx.dataset.spotifyArtists
      .filter((a) => has(String(a.name), wanted))
      // the exact name ranks first, as Spotify's relevance puts it
      .sort((a, b) => Number(fold(String(b.name)) === phrase) - Number(fold(String(a.name)) === phrase));
    body.artists = page(ctx, found, lo.limit, lo.offset);
  }
  if (types.includes("track")) {
    const found: Record<string, unknown>[] = [];
    for (const [artistId, albums] of ctx.dataset.albumsByArtist) {
      const artist = ctx.dataset.spotifyArtists.find((a) => a.id === artistId)!;
      if (fields.artist && !has(String(artist.name), fold(fields.artist).split(/\s+/))) continue;
      for (const album of albums) {
        for (const track of ctx.dataset.tracksByAlbum.get(String(album.id)) ?? []) {
          const titleWords = [...words, ...(fields.track ? fold(fields.track).split(/\s+/) : [])];
          if (!has(String(track.name), titleWords)) continue;
          const { artists: _a, ...albumInfo } = album;
          found.push({ ...track, album: { ...albumInfo, artists: album.artists } });
        }
      }
    }
    body.tracks = page(ctx, found, lo.limit, lo.offset);
  }
  if (Object.keys(body).length === 0) return apiError(400, "Bad search type field");
  return {
    status: 200,
    body,
    emptyPage: (b) => {
      const copy = structuredClone(b) as Record<string, { items: unknown[] }>;
      for (const v of Object.values(copy)) v.items = [];
      return copy;
    },
  };
}
