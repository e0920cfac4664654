// Faults the demo upstream injects when a test asks for them (POST
// /__control/faults), and its own per-provider rate limits (429 with
// Retry-After when a client goes faster than the provider allows).

export type UpstreamProvider = "ticketmaster" | "spotify" | "setlistfm";

export interface FaultSpec {
  /** which provider's paths (default: any) */
  provider?: UpstreamProvider;
  /** a substring of the request's path and query, e.g. "page=2" or "/v1/albums/" */
  path?: string;
  /** query parameters that must all match exactly */
  query?: Record<string, string>;
  /**
   * status: answer `status` (default 500) in the provider's error format;
   * rate_limit: 429 with Retry-After `retry_after` seconds (default 1);
   * slow: wait `delay_ms` (default 5000) and then answer normally;
   * malformed: a 200 whose body is cut-off JSON;
   * drop: break the connection mid-answer;
   * empty: a valid answer with the page's items missing
   */
  kind: "status" | "rate_limit" | "slow" | "malformed" | "drop" | "empty";
  status?: number;
  retry_after?: number;
  delay_ms?: number;
  /** how many matching requests it applies to (default: all until reset) */
  times?: number;
  /** let this many matching requests through first */
  skip?: number;
}

interface ActiveFault extends FaultSpec {
  id: number;
  hits: number;
  seen: number;
}

export function validateFault(input: unknown): FaultSpec {
  if (input === null || typeof input !== "object") throw new Error("a fault is a JSON object");
  const f = input as Record<string, unknown>;
  const kinds = ["status", "rate_limit", "slow", "malformed", "drop", "empty"];
  if (typeof f.kind !== "string" || !kinds.includes(f.kind)) throw new Error(`kind must be one of ${kinds.join(", ")}`);
  if (f.provider !== undefined && !["ticketmaster", "spotify", "setlistfm"].includes(String(f.provider))) {
    throw new Error("provider must be ticketmaster, spotify or setlistfm");
  }
  for (const key of ["status", "retry_after", "delay_ms", "times", "skip"]) {
    if (f[key] !== undefined && (typeof f[key] !== "number" || !Number.isInteger(f[key]) || (f[key] as number) < 0)) {
      throw new Error(`${key} must be a non-negative integer`);
    }
  }
  if (f.path !== undefined && typeof f.path !== "string") throw new Error("path must be a string");
  if (f.query !== undefined && (typeof f.query !== "object" || f.query === null)) {
    throw new Error("query must be an object");
  }
  return f as unknown as FaultSpec;
}

export class FaultBook {
  #faults: ActiveFault[] = [];
  #nextId = 1;

  add(spec: FaultSpec): number {
    const id = this.#nextId++;
    this.#faults.push({ ...spec, id, hits: 0, seen: 0 });
    return id;
  }

  clear(): void {
    this.#faults = [];
  }

  list(): ActiveFault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  /** The fault to apply to this request, if any (and count it). */
  match(provider: UpstreamProvider, url: URL): ActiveFault | null {
    const target = url.pathname + url.search;
    for (const fault of this.#faults) {
      if (fault.provider && fault.provider !== provider) continue;
      if (fault.path && !target.includes(fault.path)) continue;
      if (fault.query && Object.entries(fault.query).some(([k, v]) => url.searchParams.get(k) !== String(v))) continue;
      if (fault.times !== undefined && fault.hits >= fault.times) continue;
      fault.seen++;
      if (fault.skip !== undefined && fault.seen <= fault.skip) continue;
      fault.hits++;
      return fault;
    }
    return null;
  }
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** A sliding-window log per provider, like the providers' own quotas. */
export class ProviderRateLimits {
  #sent = new Map<UpstreamProvider, number[]>();
  constructor(public limits: Partial<Record<UpstreamProvider, RateLimit | null>>) {}

  /** null when the request may proceed, else the seconds to wait (Retry-After). */
  check(provider: UpstreamProvider, now = Date.now()): number | null {
    const limit = this.limits[provider];
    if (!limit) return null;
    const sent = (this.#sent.get(provider) ?? []).filter((t) => t > now - limit.windowMs);
    if (sent.length >= limit.limit) {
      this.#sent.set(provider, sent);
      return Math.max(1, Math.ceil((sent[0] + limit.windowMs - now) / 1000));
    }
    sent.push(now);
    this.#sent.set(provider, sent);
    return null;
  }

  reset(): void {
    this.#sent.clear();
  }
}
