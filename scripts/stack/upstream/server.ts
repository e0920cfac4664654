// The demo upstream: one local HTTP server that answers the Ticketmaster,
// Spotify and setlist.fm paths the sync uses, from the synthetic dataset in
// fixtures.ts. The stack runs it (registry service "upstream") when .env has
// no provider keys. A test makes a namespace of its own on it over HTTP
// (POST /__control/namespaces: its own ids, keys, faults, quotas and
// counters under /__ns/<name>/), so tests need nothing but its URL.
//
//   /discovery/v2/...            Ticketmaster Discovery v2
//   /api/token, /v1/...          Spotify accounts + Web API
//   /rest/1.0/...                setlist.fm API 1.0
//   /__control/...               faults, reset, stats, rate limits, dataset, namespaces (control.ts)
//   /__ns/<name>/...             all of the above but namespaces, in that namespace
//
// Every provider answer is JSON with an ETag; If-None-Match answers 304.

import type { Answer, RouteContext } from "./answer.ts";
import { type Dataset, type DemoOptions, generateDataset } from "./fixtures.ts";
import { type Controllable, controlStandIn, NAMESPACE_PATH, Namespaces } from "./control.ts";
import { FaultBook, ProviderRateLimits, type RateLimit, type UpstreamProvider } from "./faults.ts";
import { handleSetlistfm } from "./setlistfm.ts";
import { handleSpotifyApi, handleSpotifyToken, type SpotifyCredentials, SpotifyTokens } from "./spotify.ts";
import { handleTicketmaster } from "./ticketmaster.ts";

/** The credentials the stack hands the functions in demo mode; the upstream checks them like the real services. */
export const DEMO_CREDENTIALS = {
  ticketmasterApiKey: "synthetic-demo-ticketmaster-key",
  spotifyClientId: "synthetic-demo-spotify-client",
  spotifyClientSecret: "synthetic-demo-spotify-secret",
  setlistfmApiKey: "synthetic-demo-setlistfm-key",
};

/** The providers' own quotas, slightly above what the sync's client allows itself. */
export const DEFAULT_RATE_LIMITS: Record<UpstreamProvider, RateLimit> = {
  ticketmaster: { limit: 5, windowMs: 1000 },
  spotify: { limit: 150, windowMs: 30_000 },
  setlistfm: { limit: 2, windowMs: 1000 },
};

export interface UpstreamOptions extends DemoOptions {
  hostname?: string;
  /** 0 picks a free port */
  port?: number;
  rateLimits?: Partial<Record<UpstreamProvider, RateLimit | null>>;
  /** null accepts any non-empty key (as tests and demo mode need); default DEMO_CREDENTIALS */
  ticketmasterApiKey?: string | null;
  setlistfmApiKey?: string | null;
  spotify?: SpotifyCredentials;
  /** a clock for Spotify token expiry */
  now?: () => number;
  /** serve this dataset instead of generating the demo's (the benchmarks' scale mode: scale.ts) */
  dataset?: Dataset;
}

export interface Upstream {
  url: string;
  port: number;
  dataset: Dataset;
  faults: FaultBook;
  rateLimits: ProviderRateLimits;
  /** requests per provider since the last reset */
  requests: Record<UpstreamProvider, number>;
  byPath: Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

function providerOf(pathname: string): UpstreamProvider | null {
  if (pathname.startsWith("/discovery/v2/")) return "ticketmaster";
  if (pathname === "/api/token" || pathname.startsWith("/v1/")) return "spotify";
  if (pathname.startsWith("/rest/1.0/")) return "setlistfm";
  return null;
}

function rateLimited(provider: UpstreamProvider, retryAfter: number): Answer {
  const headers = { "Retry-After": String(retryAfter) };
  switch (provider) {
    case "ticketmaster":
      return {
        status: 429,
        headers: { ...headers, "Rate-Limit-Over": "1" },
        body: {
          fault: {
            faultstring: "Rate limit quota violation. Quota limit exceeded. Identifier : synthetic-demo",
            detail: { errorcode: "policies.ratelimit.QuotaViolation" },
          },
        },
      };
    case "spotify":
      return { status: 429, headers, body: { error: { status: 429, message: "API rate limit exceeded" } } };
    case "setlistfm":
      return { status: 429, headers, body: { code: 429, status: "Too Many Requests", message: "Too Many Requests" } };
  }
}

function serverError(provider: UpstreamProvider, status: number): Answer {
  switch (provider) {
    case "ticketmaster":
      return {
        status,
        body: {
          fault: {
            faultstring: "Internal server error (synthetic fault)",
            detail: { errorcode: "messaging.adaptors.http.flow.ServiceUnavailable" },
          },
        },
      };
    case "spotify":
      return { status, body: { error: { status, message: "Server error (synthetic fault)" } } };
    case "setlistfm":
      return { status, body: { code: status, status: "Error", message: "synthetic fault" } };
  }
}

async function etagOf(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return `"${[...new Uint8Array(digest)].slice(0, 12).map((b) => b.toString(16).padStart(2, "0")).join("")}"`;
}

function svg(label: string, seed: string): Response {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = h % 360;
  const initials = label.slice(0, 2).toUpperCase();
  const body = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 180" width="640" height="360">` +
    `<rect width="320" height="180" fill="hsl(${hue},45%,35%)"/>` +
    `<text x="160" y="105" font-family="sans-serif" font-size="56" fill="white" text-anchor="middle">${initials}</text>` +
    `<text x="160" y="165" font-family="sans-serif" font-size="12" fill="white" text-anchor="middle" opacity="0.8">synthetic demo image</text></svg>`;
  return new Response(body, { headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" } });
}

/** One provider stand-in: a dataset with its credentials, faults, quotas and counters (the server's, or a namespace's). */
interface StandIn extends Controllable {
  /** answers a request whose path is `url`'s, with `origin` as the base of the URLs it hands out */
  handle(request: Request, url: URL, origin: string): Promise<Response>;
}

function standIn(options: UpstreamOptions): StandIn {
  const dataset = options.dataset ?? generateDataset(options);
  const faults = new FaultBook();
  const rateLimits = new ProviderRateLimits({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits });
  const tokens = new SpotifyTokens();
  const now = options.now ?? (() => Date.now());
  const credentials: SpotifyCredentials = options.spotify ?? {
    clientId: DEMO_CREDENTIALS.spotifyClientId,
    clientSecret: DEMO_CREDENTIALS.spotifyClientSecret,
  };
  const tmKey = options.ticketmasterApiKey === undefined
    ? DEMO_CREDENTIALS.ticketmasterApiKey
    : options.ticketmasterApiKey;
  const sfmKey = options.setlistfmApiKey === undefined ? DEMO_CREDENTIALS.setlistfmApiKey : options.setlistfmApiKey;
  const requests: Record<UpstreamProvider, number> = { ticketmaster: 0, spotify: 0, setlistfm: 0 };
  const byPath = new Map<string, number>();

  const answer = async (request: Request, url: URL, origin: string, provider: UpstreamProvider): Promise<Response> => {
    requests[provider]++;
    byPath.set(url.pathname, (byPath.get(url.pathname) ?? 0) + 1);

    const fault = faults.match(provider, url);
    let answer: Answer | null = null;
    if (fault?.kind === "slow") await new Promise((r) => setTimeout(r, fault.delay_ms ?? 5000));
    if (fault?.kind === "status") answer = serverError(provider, fault.status ?? 500);
    if (fault?.kind === "rate_limit") answer = rateLimited(provider, fault.retry_after ?? 1);
    if (fault?.kind === "drop") {
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"partial":'));
          controller.error(new Error("synthetic fault: connection dropped"));
        },
      });
      return new Response(stream, { status: 200, headers: { "content-type": "application/json" } });
    }
    if (!answer) {
      const retryAfter = rateLimits.check(provider);
      if (retryAfter !== null) answer = rateLimited(provider, retryAfter);
    }
    if (!answer) {
      const ctx: RouteContext = { dataset, request, url, origin, now: now() };
      if (provider === "ticketmaster") answer = handleTicketmaster(ctx, tmKey);
      else if (provider === "setlistfm") answer = handleSetlistfm(ctx, sfmKey);
      else if (url.pathname === "/api/token") answer = await handleSpotifyToken(ctx, credentials, tokens);
      else answer = handleSpotifyApi(ctx, tokens);
    }
    if (fault?.kind === "empty" && answer.status === 200 && answer.emptyPage) {
      answer.body = answer.emptyPage(answer.body);
    }

    let text = JSON.stringify(answer.body).replaceAll("{origin}", origin);
    const headers = new Headers({ "content-type": "application/json; charset=utf-8", ...answer.headers });
    if (fault?.kind === "malformed") {
      text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    } else if (answer.status === 200 && request.method === "GET") {
      const etag = await etagOf(text);
      headers.set("ETag", etag);
      if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
    }
    return new Response(text, { status: answer.status, headers });
  };

  const self: StandIn = {
    dataset,
    faults,
    rateLimits,
    requests,
    byPath,
    reset() {
      faults.clear();
      rateLimits.reset();
      Object.assign(rateLimits.limits, DEFAULT_RATE_LIMITS, options.rateLimits);
      tokens.clear();
      requests.ticketmaster = requests.spotify = requests.setlistfm = 0;
      byPath.clear();
    },
    async handle(request, url, origin) {
      if (url.pathname === "/health") {
        return Response.json({ status: "ok", synthetic: true, today: dataset.options.today });
      }
      if (url.pathname.startsWith("/__control/")) {
        return await controlStandIn(self, request, url.pathname) ??
          Response.json({ message: "unknown control endpoint" }, { status: 404 });
      }
      const image = url.pathname.match(/^\/demo-images\/(\w+)\/([^/]+)\.svg$/);
      if (image) {
        const attraction = dataset.attractions.get(image[2]);
        return svg(String(attraction?.name ?? image[1]), image[2]);
      }
      if (url.pathname.startsWith("/demo-pages/")) {
        return new Response(
          "<!doctype html><title>Synthetic demo data</title><p>This page stands in for a provider page. " +
            "Everything in TheSet's demo mode is synthetic: no real artist, venue, show or ticket.</p>",
          { headers: { "content-type": "text/html; charset=utf-8" } },
        );
      }
      const provider = providerOf(url.pathname);
      if (!provider) {
        return Response.json({ message: "not a provider path of the synthetic upstream" }, { status: 404 });
      }
      return await answer(request, url, origin, provider);
    },
  };
  return self;
}

export function createUpstream(options: UpstreamOptions = {}): Upstream {
  const root = standIn(options);
  // a namespace's own data, credentials and quotas; the server's clock
  const namespaces = new Namespaces((spec) => standIn({ ...spec, now: options.now }));

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const own = await namespaces.control(request, url);
    if (own) return own;
    const inNamespace = namespaces.route(url.pathname);
    if (!inNamespace) return await root.handle(request, url, url.origin);
    if (!inNamespace.target) {
      return Response.json({ message: `no namespace ${inNamespace.name} (POST /__control/namespaces)` }, {
        status: 404,
      });
    }
    const origin = `${url.origin}${NAMESPACE_PATH}${inNamespace.name}`;
    return await inNamespace.target.handle(request, new URL(`${url.origin}${inNamespace.path}${url.search}`), origin);
  };

  const abort = new AbortController();
  const server = Deno.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 0,
    signal: abort.signal,
    onListen: () => {},
    onError: (error) => {
      // a "drop" fault breaks its own stream on purpose: nothing to report
      if (!String((error as Error)?.message).includes("synthetic fault")) console.error("upstream:", error);
      return Response.json({ message: "synthetic upstream error" }, { status: 500 });
    },
  }, handle);

  const { dataset, faults, rateLimits, requests, byPath } = root;
  return {
    url: `http://${options.hostname ?? "127.0.0.1"}:${server.addr.port}`,
    port: server.addr.port,
    dataset,
    faults,
    rateLimits,
    requests,
    byPath,
    reset: () => root.reset(),
    close: async () => {
      abort.abort();
      await server.finished;
    },
  };
}
