// One /rest/v1 request's parts as PostgREST reads them: Prefer and Accept
// headers, the JSON body (size-limited), the Range header and the settings the
// transaction gets (search path, role, claims, request headers and cookies).

import type { Caller } from "./credentials.ts";
import { invalidBody, PgrstError } from "./errors.ts";
import type { RequestSettings } from "./executor.ts";
import type { ParsedQuery } from "./query_string.ts";

/** Largest request body accepted; larger ones answer 413 before being read in full. */
export const MAX_BODY_BYTES = Number(Deno.env.get("THESET_REST_MAX_BODY_BYTES") ?? 8 * 1024 * 1024);

const SEARCH_PATH = `"public", "extensions"`;

export const JSON_TYPE = "application/json; charset=utf-8";
export const OBJECT_TYPE = "application/vnd.pgrst.object+json; charset=utf-8";

export interface Preferences {
  return: "representation" | "minimal" | "headers-only" | null;
  count: "exact" | "planned" | "estimated" | null;
  resolution: "merge-duplicates" | "ignore-duplicates" | null;
  missing: "default" | "null" | null;
  strict: boolean;
  maxAffected: number | null;
  timeZone: string | null;
  /** preferences PostgREST would not accept; an error under handling=strict */
  invalid: string[];
}

export function parsePreferences(request: Request, timeZones: Set<string>): Preferences {
  const prefs: Preferences = {
    return: null,
    count: null,
    resolution: null,
    missing: null,
    strict: false,
    maxAffected: null,
    timeZone: null,
    invalid: [],
  };
  const header = request.headers.get("prefer");
  if (!header) return prefs;
  for (const raw of header.split(",")) {
    const token = raw.trim();
    if (token === "") continue;
    const [key, value = ""] = token.split("=").map((s) => s.trim());
    if (key === "return" && ["representation", "minimal", "headers-only"].includes(value)) {
      prefs.return = value as Preferences["return"];
    } else if (key === "count" && ["exact", "planned", "estimated"].includes(value)) {
      prefs.count = value as Preferences["count"];
    } else if (key === "resolution" && ["merge-duplicates", "ignore-duplicates"].includes(value)) {
      prefs.resolution = value as Preferences["resolution"];
    } else if (key === "missing" && (value === "default" || value === "null")) prefs.missing = value;
    else if (key === "handling" && (value === "strict" || value === "lenient")) prefs.strict = value === "strict";
    else if (key === "max-affected" && /^\d+$/.test(value)) prefs.maxAffected = Number(value);
    else if (key === "timezone" && timeZones.has(value)) prefs.timeZone = value;
    // the transaction end is the server's to choose (db-tx-end = commit), as on Supabase
    else if (key === "tx" && (value === "commit" || value === "rollback")) continue;
    else prefs.invalid.push(token);
  }
  if (prefs.strict && prefs.invalid.length) {
    throw new PgrstError(
      400,
      "PGRST122",
      "Invalid preferences given with handling=strict",
      `Invalid preferences: ${prefs.invalid.join(", ")}`,
    );
  }
  // max-affected only binds under handling=strict
  if (!prefs.strict) prefs.maxAffected = null;
  return prefs;
}

export function appliedPreferences(prefs: Preferences, method: string): string | null {
  const applied: string[] = [];
  if (prefs.return && method !== "GET" && method !== "HEAD") applied.push(`return=${prefs.return}`);
  if (prefs.count) applied.push(`count=${prefs.count}`);
  if (prefs.resolution && method === "POST") applied.push(`resolution=${prefs.resolution}`);
  if (prefs.missing && method === "POST") applied.push(`missing=${prefs.missing}`);
  if (prefs.strict) applied.push("handling=strict");
  if (prefs.maxAffected !== null) applied.push(`max-affected=${prefs.maxAffected}`);
  if (prefs.timeZone) applied.push(`timezone=${prefs.timeZone}`);
  return applied.length ? applied.join(", ") : null;
}

/** The representation asked for: one object (.single()) or an array; nulls stripped (.stripNulls()). */
export function acceptedRepresentation(request: Request): { singular: boolean; stripNulls: boolean } {
  const accept = request.headers.get("accept");
  if (!accept) return { singular: false, stripNulls: false };
  const types = accept.split(",").map((entry) => {
    const [type, ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    return { type, stripNulls: params.includes("nulls=stripped") };
  }).filter((t) => t.type);
  const object = types.find((t) =>
    t.type === "application/vnd.pgrst.object+json" || t.type === "application/vnd.pgrst.object"
  );
  if (object) return { singular: true, stripNulls: object.stripNulls };
  const acceptable = ["application/json", "*/*", "application/*", "application/vnd.pgrst.array+json"];
  const array = types.find((t) => acceptable.includes(t.type));
  if (types.length && !array) {
    throw new PgrstError(
      406,
      "PGRST107",
      `None of these media types are available: ${types.map((t) => t.type).join(", ")}`,
    );
  }
  return { singular: false, stripNulls: array?.stripNulls ?? false };
}

export function checkProfile(request: Request): void {
  const read = request.method === "GET" || request.method === "HEAD";
  const profile = request.headers.get(read ? "accept-profile" : "content-profile");
  if (profile !== null && profile !== "public") {
    throw new PgrstError(
      406,
      "PGRST106",
      `Invalid schema: ${profile}`,
      null,
      "Only the following schemas are exposed: public",
    );
  }
}

/**
 * Reads the body as UTF-8 text up to `limit` bytes. A larger one is refused
 * with `tooLarge()` as soon as Content-Length or the bytes streamed so far pass
 * the limit, so an oversized body without a Content-Length is never buffered whole.
 * Shared with the auth routes, which answer with their own error.
 */
export async function readLimitedBody(request: Request, limit: number, tooLarge: () => Error): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function readBody(request: Request): Promise<string> {
  return readLimitedBody(
    request,
    MAX_BODY_BYTES,
    () =>
      new PgrstError(
        413,
        "PGRST413",
        "Payload Too Large",
        `Request bodies are limited to ${MAX_BODY_BYTES} bytes in the local platform.`,
      ),
  );
}

export async function readJsonBody(request: Request, allowEmpty: boolean): Promise<{ text: string; value: unknown }> {
  const contentType = (request.headers.get("content-type") ?? "application/json").split(";")[0].trim().toLowerCase();
  if (contentType !== "application/json" && !contentType.endsWith("+json")) {
    await request.body?.cancel().catch(() => {});
    throw new PgrstError(415, "PGRST107", `Content-Type not acceptable: ${contentType}`);
  }
  const text = await readBody(request);
  if (text.trim() === "") {
    if (allowEmpty) return { text: "{}", value: {} };
    throw invalidBody("Empty or invalid json");
  }
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    throw invalidBody("Empty or invalid json");
  }
}

export interface Range {
  lower: number;
  upper: number | null;
}

export function rangeHeader(request: Request): Range | null {
  const header = request.headers.get("range");
  if (!header) return null;
  const match = /^(?:items=)?\s*(\d+)-(\d*)\s*$/.exec(header);
  if (!match) return null;
  const lower = Number(match[1]);
  const upper = match[2] === "" ? null : Number(match[2]);
  if (upper !== null && lower > upper) {
    throw new PgrstError(
      416,
      "PGRST103",
      "Requested range not satisfiable",
      "The lower boundary must be lower than or equal to the upper boundary in the Range header.",
    );
  }
  return { lower, upper };
}

/** Intersects limit/offset with the Range header and max_rows into one window. */
export function effectiveRange(query: ParsedQuery, header: Range | null, maxRows: number | null): Range {
  const root = query.levels.get("")!;
  const offset = root.offset ?? 0;
  let lower = offset;
  let upper: number | null = root.limit !== null ? offset + root.limit - 1 : null;
  if (header) {
    lower = Math.max(lower, header.lower);
    if (header.upper !== null) upper = upper === null ? header.upper : Math.min(upper, header.upper);
  }
  if (maxRows !== null) upper = upper === null ? lower + maxRows - 1 : Math.min(upper, lower + maxRows - 1);
  return { lower, upper };
}

/** What PostgREST sets for the transaction: search path, role, claims and the request itself. */
export function requestSettings(request: Request, caller: Caller, path: string): RequestSettings {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) if (name !== "cookie") headers[name] = value;
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return {
    role: caller.role,
    claims: caller.claimsJson,
    method: request.method,
    path,
    headers: JSON.stringify(headers),
    cookies: JSON.stringify(cookies),
    searchPath: SEARCH_PATH,
  };
}
