// The provider stand-in the functions' tests run their syncs against, reached
// over HTTP only: any server speaking the demo upstream's formats and its
// control API (/__control/...), named by THESET_TEST_UPSTREAM_URL. npm test
// gives the stack's own demo upstream in demo mode and starts one for the run
// otherwise; point the variable at another to run the tests beside a hosted
// project. A test makes a namespace of its own there (its own provider ids,
// keys, faults, quotas and counters) and reads the data it serves back as JSON.
// Nothing here imports the local platform's internals.

export type Provider = "ticketmaster" | "spotify" | "setlistfm";
type Json = Record<string, unknown>;

/** An artist of the synthetic dataset (the upstream's own bookkeeping beside the provider JSON). */
export interface DemoArtist {
  index: number;
  name: string;
  tmId: string;
  /** tours the five demo markets (false: only an on-demand import finds it) */
  inMarkets: boolean;
  genre: string;
  subGenre: string;
  /** null: the artist is not on Spotify at all */
  spotifyId: string | null;
  /** Ticketmaster's externalLinks carry the Spotify URL (else the sync must search) */
  linksSpotify: boolean;
  mbid: string | null;
  linksMbid: boolean;
  songs: string[];
}

export interface DemoEvent {
  /** the event as Ticketmaster's events.json returns it */
  json: Json;
  market: { city: string; countryCode: string; timezone: string } | null;
  /** UTC start in ms; null when the date is TBA */
  startUtc: number | null;
  localDate: string | null;
  isMusic: boolean;
  attractionIds: string[];
}

export interface DemoDataset {
  options: { seed: number; namespace: string; today: string };
  artists: DemoArtist[];
  events: DemoEvent[];
  spotifyArtists: Json[];
  albumsByArtist: Map<string, Json[]>;
  tracksByAlbum: Map<string, Json[]>;
  /** newest first, as setlist.fm returns them */
  setlistsByMbid: Map<string, Json[]>;
  /** every artist's setlists */
  allSetlists: Json[];
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** What the upstream answers wrongly, and when (the control API's FaultSpec). */
export interface FaultSpec {
  provider?: Provider;
  /** a substring of the request's path and query */
  path?: string;
  query?: Record<string, string>;
  kind: "status" | "rate_limit" | "slow" | "malformed" | "drop" | "empty";
  status?: number;
  retry_after?: number;
  delay_ms?: number;
  times?: number;
  skip?: number;
}

export interface UpstreamStats {
  /** requests per provider since the namespace was made or reset */
  requests: Record<Provider, number>;
  byPath: Record<string, number>;
}

/** A namespace of its own on the upstream: point the providers' base URLs at `url`. */
export interface UpstreamNamespace {
  name: string;
  /** the base URL of every provider in this namespace (Ticketmaster, Spotify API and accounts, setlist.fm) */
  url: string;
  /** the data it serves (fetched once) */
  dataset(): Promise<DemoDataset>;
  stats(): Promise<UpstreamStats>;
  addFaults(...specs: FaultSpec[]): Promise<void>;
  clearFaults(): Promise<void>;
  setRateLimits(limits: Partial<Record<Provider, RateLimit | null>>): Promise<void>;
  /** no faults, fresh counters, tokens and quota windows */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface NamespaceOptions {
  /** letters and digits; prefixes every provider id it serves */
  namespace: string;
  seed?: number;
  /** YYYY-MM-DD the data is anchored on (default: the upstream's today) */
  today?: string;
  credentials?: {
    ticketmasterApiKey: string;
    setlistfmApiKey: string;
    spotifyClientId: string;
    spotifyClientSecret: string;
  };
  rateLimits?: Partial<Record<Provider, RateLimit | null>>;
}

/** The upstream the tests may make namespaces on (THESET_TEST_UPSTREAM_URL). */
export function testUpstreamUrl(): string {
  const url = Deno.env.get("THESET_TEST_UPSTREAM_URL");
  if (!url) {
    throw new Error(
      "THESET_TEST_UPSTREAM_URL is not set: run the tests with npm test, or point it at a demo upstream",
    );
  }
  return url.replace(/\/+$/, "");
}

async function control(method: string, url: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`upstream ${method} ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

const asMap = (object: unknown) => new Map(Object.entries(object as Record<string, Json[]>));

/** The data an upstream (or one of its namespaces) serves, from GET <base>/__control/dataset. */
export async function fetchDataset(base: string): Promise<DemoDataset> {
  // deno-lint-ignore no-explicit-any -- the control API's JSON, read field by field into DemoDataset
  const raw = await control("GET", `${base}/__control/dataset`) as any;
  const setlistsByMbid = asMap(raw.setlists_by_mbid);
  return {
    options: raw.options,
    artists: raw.artists,
    events: raw.events,
    spotifyArtists: raw.spotify_artists,
    albumsByArtist: asMap(raw.albums_by_artist),
    tracksByAlbum: asMap(raw.tracks_by_album),
    setlistsByMbid,
    allSetlists: [...setlistsByMbid.values()].flat(),
  };
}

/** Makes a namespace on the upstream at `base` (POST /__control/namespaces). */
export async function openNamespace(options: NamespaceOptions, base = testUpstreamUrl()): Promise<UpstreamNamespace> {
  const c = options.credentials;
  const made = await control("POST", `${base}/__control/namespaces`, {
    namespace: options.namespace,
    seed: options.seed,
    today: options.today,
    credentials: c && {
      ticketmaster_api_key: c.ticketmasterApiKey,
      setlistfm_api_key: c.setlistfmApiKey,
      spotify_client_id: c.spotifyClientId,
      spotify_client_secret: c.spotifyClientSecret,
    },
    rate_limits: options.rateLimits,
  }) as { url: string };
  const url = made.url;
  let dataset: Promise<DemoDataset> | null = null;
  return {
    name: options.namespace,
    url,
    dataset: () => dataset ??= fetchDataset(url),
    async stats() {
      const raw = await control("GET", `${url}/__control/stats`) as {
        requests: UpstreamStats["requests"];
        by_path: Record<string, number>;
      };
      return { requests: raw.requests, byPath: raw.by_path };
    },
    async addFaults(...specs) {
      await control("POST", `${url}/__control/faults`, specs);
    },
    async clearFaults() {
      await control("DELETE", `${url}/__control/faults`);
    },
    async setRateLimits(limits) {
      await control("POST", `${url}/__control/rate-limits`, limits);
    },
    async reset() {
      await control("POST", `${url}/__control/reset`);
    },
    async close() {
      await control("DELETE", `${base}/__control/namespaces/${options.namespace}`);
    },
  };
}

/** A dataset for a seed and a day, without keeping a namespace: made, read and deleted. */
export async function datasetFor(options: Omit<NamespaceOptions, "namespace">): Promise<DemoDataset> {
  const namespace = await openNamespace({ ...options, namespace: `d${crypto.randomUUID().slice(0, 8)}` });
  try {
    return await namespace.dataset();
  } finally {
    await namespace.close();
  }
}
