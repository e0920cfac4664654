// Spotify Web API client for a development-mode app (after February 2026):
// client-credentials token, artist search (limit <= 10), an artist's albums
// and singles (limit <= 10 a page), album tracks, track search.

import type { ProviderClient } from "../http/client.ts";
import { ProviderError } from "../http/errors.ts";
import type {
  SpotifyAlbum,
  SpotifyPaging,
  SpotifySearchArtists,
  SpotifySearchTracks,
  SpotifyToken,
  SpotifyTrack,
} from "./spotify_types.ts";

export const SPOTIFY_SEARCH_MAX_LIMIT = 10;
export const SPOTIFY_ALBUMS_MAX_LIMIT = 10;
export const SPOTIFY_TRACKS_MAX_LIMIT = 50;

/** Tokens by client id and accounts host, shared by every run in this isolate until they expire. */
const tokens = new Map<string, { value: string; expiresAt: number }>();

export function forgetSpotifyTokens(): void {
  tokens.clear();
}

export class SpotifyApi {
  constructor(
    private readonly client: ProviderClient,
    private readonly apiBaseUrl: string,
    private readonly accountsBaseUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  get #tokenKey(): string {
    return `${this.accountsBaseUrl} ${this.clientId}`;
  }

  async #token(): Promise<string> {
    const cached = tokens.get(this.#tokenKey);
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    const res = await this.client.request<SpotifyToken>({
      method: "POST",
      url: new URL(`${this.accountsBaseUrl}/api/token`),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${btoa(`${this.clientId}:${this.clientSecret}`)}`,
      },
      body: "grant_type=client_credentials",
    });
    const token = res.body!;
    // renew a minute early so a long run never sends an expired token
    tokens.set(this.#tokenKey, { value: token.access_token, expiresAt: Date.now() + (token.expires_in - 60) * 1000 });
    return token.access_token;
  }

  async #get<T>(path: string, params: Record<string, string | number>, cacheTtlSeconds: number): Promise<T> {
    const url = new URL(`${this.apiBaseUrl}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
    for (let attempt = 0;; attempt++) {
      const token = await this.#token();
      try {
        const res = await this.client.getJson<T>(url, {
          headers: { Authorization: `Bearer ${token}` },
          cacheTtlSeconds,
        });
        return res.body as T;
      } catch (error) {
        // an expired or revoked token: fetch a new one once
        if (attempt === 0 && error instanceof ProviderError && error.status === 401) {
          tokens.delete(this.#tokenKey);
          continue;
        }
        throw error;
      }
    }
  }

  async searchArtists(query: string, limit = SPOTIFY_SEARCH_MAX_LIMIT): Promise<SpotifySearchArtists> {
    return await this.#get<SpotifySearchArtists>(
      "/v1/search",
      { q: query, type: "artist", limit: Math.min(limit, SPOTIFY_SEARCH_MAX_LIMIT) },
      3600,
    );
  }

  async searchTracks(query: string, limit = SPOTIFY_SEARCH_MAX_LIMIT): Promise<SpotifySearchTracks> {
    return await this.#get<SpotifySearchTracks>(
      "/v1/search",
      { q: query, type: "track", limit: Math.min(limit, SPOTIFY_SEARCH_MAX_LIMIT) },
      3600,
    );
  }

  /** Every album and single of the artist, following Spotify's paging (10 a page). */
  async artistAlbums(artistId: string, maxPages = 10): Promise<SpotifyAlbum[]> {
    const albums: SpotifyAlbum[] = [];
    for (let page = 0; page < maxPages; page++) {
      const body = await this.#get<SpotifyPaging<SpotifyAlbum>>(
        `/v1/artists/${encodeURIComponent(artistId)}/albums`,
        { include_groups: "album,single", limit: SPOTIFY_ALBUMS_MAX_LIMIT, offset: page * SPOTIFY_ALBUMS_MAX_LIMIT },
        12 * 3600,
      );
      albums.push(...body.items);
      if (!body.next || body.items.length === 0) break;
    }
    return albums;
  }

  async albumTracks(albumId: string, maxPages = 10): Promise<SpotifyTrack[]> {
    const tracks: SpotifyTrack[] = [];
    for (let page = 0; page < maxPages; page++) {
      const body = await this.#get<SpotifyPaging<SpotifyTrack>>(
        `/v1/albums/${encodeURIComponent(albumId)}/tracks`,
        { limit: SPOTIFY_TRACKS_MAX_LIMIT, offset: page * SPOTIFY_TRACKS_MAX_LIMIT },
        7 * 24 * 3600,
      );
      tracks.push(...body.items);
      if (!body.next || body.items.length === 0) break;
    }
    return tracks;
  }
}
