// The demo upstream's control API (/__control/...): what a test asks of the
// provider stand-in over HTTP, so product tests need nothing but its URL.
//
// Per stand-in (the server's own at /__control/..., a namespace's at
// /__ns/<name>/__control/...):
//   /__control/faults         POST a FaultSpec (or a list) / GET them / DELETE all
//   /__control/reset          POST: no faults, fresh counters, tokens and rate windows
//   /__control/stats          GET: requests per provider and path
//   /__control/rate-limits    POST {"ticketmaster": {"limit": 5, "windowMs": 1000} | null, ...}
//   /__control/dataset        GET: the synthetic data it serves, as JSON (datasetJson)
// On the server only:
//   /__control/namespaces     POST {"namespace", "seed"?, "today"?, "credentials"?, "rate_limits"?}: a stand-in
//                             of its own under /__ns/<namespace>/ (its ids prefixed, its keys, faults, quotas
//                             and counters), 201 {"namespace", "url", "seed", "today"}; GET: their names
//   /__control/namespaces/<n> DELETE: forget it

import type { Dataset } from "./fixtures.ts";
import {
  type FaultBook,
  type ProviderRateLimits,
  type RateLimit,
  type UpstreamProvider,
  validateFault,
} from "./faults.ts";

/** What the control endpoints act on: one stand-in's state. */
export interface Controllable {
  dataset: Dataset;
  faults: FaultBook;
  rateLimits: ProviderRateLimits;
  requests: Record<UpstreamProvider, number>;
  byPath: Map<string, number>;
  reset(): void;
}

const PROVIDERS: UpstreamProvider[] = ["ticketmaster", "spotify", "setlistfm"];

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** The dataset as JSON: its maps as objects keyed like them (the ids a test looks things up by). */
export function datasetJson(dataset: Dataset): Record<string, unknown> {
  return {
    options: dataset.options,
    artists: dataset.artists,
    events: dataset.events,
    spotify_artists: dataset.spotifyArtists,
    albums_by_artist: Object.fromEntries(dataset.albumsByArtist),
    tracks_by_album: Object.fromEntries(dataset.tracksByAlbum),
    setlists_by_mbid: Object.fromEntries(dataset.setlistsByMbid),
  };
}

/** Provider quotas from a request body: each a {limit, windowMs} of positive integers, or null for none. */
export function validateRateLimits(input: unknown): Partial<Record<UpstreamProvider, RateLimit | null>> {
  if (!input || typeof input !== "object" || Array.isArray(input)) throw new Error("a JSON object of provider limits");
  const limits: Partial<Record<UpstreamProvider, RateLimit | null>> = {};
  for (const [provider, limit] of Object.entries(input)) {
    if (!PROVIDERS.includes(provider as UpstreamProvider)) throw new Error(`unknown provider ${provider}`);
    const l = limit as RateLimit | null;
    const positive = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n > 0;
    if (l !== null && (typeof l !== "object" || !positive(l.limit) || !positive(l.windowMs))) {
      throw new Error(`${provider}: {"limit": n, "windowMs": ms} with positive integers, or null`);
    }
    limits[provider as UpstreamProvider] = l;
  }
  return limits;
}

/** A stand-in's own control endpoints; null when the path is not one of them. */
export async function controlStandIn(target: Controllable, request: Request, path: string): Promise<Response | null> {
  const route = `${request.method} ${path}`;
  switch (route) {
    case "POST /__control/faults":
      try {
        const body = await request.json();
        const ids = (Array.isArray(body) ? body : [body]).map((f) => target.faults.add(validateFault(f)));
        return json(201, { ids });
      } catch (error) {
        return json(400, { message: (error as Error).message });
      }
    case "DELETE /__control/faults":
      target.faults.clear();
      return json(200, { faults: 0 });
    case "GET /__control/faults":
      return json(200, target.faults.list());
    case "POST /__control/reset":
      target.reset();
      return json(200, { reset: true });
    case "GET /__control/stats":
      return json(200, { requests: target.requests, by_path: Object.fromEntries(target.byPath) });
    case "GET /__control/dataset":
      return json(200, datasetJson(target.dataset));
    case "POST /__control/rate-limits":
      try {
        Object.assign(target.rateLimits.limits, validateRateLimits(await request.json()));
        return json(200, target.rateLimits.limits);
      } catch (error) {
        return json(400, { message: (error as Error).message });
      }
  }
  return null;
}

export const NAMESPACE_PATH = "/__ns/";
/** Namespaces held at once: each holds a few MB of data, and a test that died may not delete its own. */
export const MAX_NAMESPACES = 32;

/** What a namespace is made with, read from POST /__control/namespaces. */
export interface NamespaceSpec {
  namespace: string;
  seed?: number;
  today?: string;
  ticketmasterApiKey?: string;
  setlistfmApiKey?: string;
  spotify?: { clientId: string; clientSecret: string };
  rateLimits?: Partial<Record<UpstreamProvider, RateLimit | null>>;
}

export function validateNamespaceSpec(input: unknown): NamespaceSpec {
  if (!input || typeof input !== "object") throw new Error("a JSON object");
  const body = input as Record<string, unknown>;
  if (typeof body.namespace !== "string" || !/^[A-Za-z0-9]{1,24}$/.test(body.namespace)) {
    throw new Error("namespace: 1 to 24 letters and digits");
  }
  if (body.seed !== undefined && !Number.isInteger(body.seed)) throw new Error("seed: an integer");
  if (body.today !== undefined && (typeof body.today !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(body.today))) {
    throw new Error("today: YYYY-MM-DD");
  }
  const spec: NamespaceSpec = {
    namespace: body.namespace,
    seed: body.seed as number | undefined,
    today: body.today as string | undefined,
  };
  if (body.credentials !== undefined) {
    const c = body.credentials as Record<string, unknown>;
    const names = ["ticketmaster_api_key", "setlistfm_api_key", "spotify_client_id", "spotify_client_secret"];
    if (!c || typeof c !== "object" || names.some((n) => typeof c[n] !== "string" || c[n] === "")) {
      throw new Error(`credentials: {${names.join(", ")}}, each a non-empty string`);
    }
    spec.ticketmasterApiKey = String(c.ticketmaster_api_key);
    spec.setlistfmApiKey = String(c.setlistfm_api_key);
    spec.spotify = { clientId: String(c.spotify_client_id), clientSecret: String(c.spotify_client_secret) };
  }
  if (body.rate_limits !== undefined) spec.rateLimits = validateRateLimits(body.rate_limits);
  return spec;
}

/** The namespaces a server holds, each a stand-in of its own made by `create`. */
export class Namespaces<T extends Controllable> {
  #held = new Map<string, T>();
  constructor(private readonly create: (spec: NamespaceSpec) => T) {}

  /** POST and GET /__control/namespaces, DELETE /__control/namespaces/<name>; null for any other path. */
  async control(request: Request, url: URL): Promise<Response | null> {
    if (url.pathname === "/__control/namespaces" && request.method === "POST") {
      let spec: NamespaceSpec;
      try {
        spec = validateNamespaceSpec(await request.json());
      } catch (error) {
        return json(400, { message: (error as Error).message });
      }
      if (this.#held.has(spec.namespace)) return json(409, { message: `namespace ${spec.namespace} exists` });
      if (this.#held.size >= MAX_NAMESPACES) {
        return json(429, { message: `${MAX_NAMESPACES} namespaces are held: DELETE one first` });
      }
      const made = this.create(spec);
      this.#held.set(spec.namespace, made);
      const { seed, today } = made.dataset.options;
      return json(201, {
        namespace: spec.namespace,
        url: `${url.origin}${NAMESPACE_PATH}${spec.namespace}`,
        seed,
        today,
      });
    }
    if (url.pathname === "/__control/namespaces" && request.method === "GET") {
      return json(200, [...this.#held.keys()]);
    }
    const named = url.pathname.match(/^\/__control\/namespaces\/([A-Za-z0-9]+)$/);
    if (named && request.method === "DELETE") {
      return this.#held.delete(named[1])
        ? json(200, { deleted: named[1] })
        : json(404, { message: "no such namespace" });
    }
    return null;
  }

  /** The namespace a path under /__ns/<name>/ belongs to, and the path inside it; null for other paths. */
  route(pathname: string): { name: string; target: T | undefined; path: string } | null {
    const match = pathname.match(/^\/__ns\/([A-Za-z0-9]+)(\/.*)?$/);
    if (!match) return null;
    return { name: match[1], target: this.#held.get(match[1]), path: match[2] ?? "/" };
  }

  get size(): number {
    return this.#held.size;
  }
}
