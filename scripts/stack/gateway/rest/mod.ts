// /rest/v1: PostgREST's HTTP semantics for the query forms supabase-js
// produces, over the project's `public` schema.
//
//   GET|HEAD /rest/v1/<table>      read, with select/filters/order/range/count
//   POST     /rest/v1/<table>      insert or upsert (on_conflict, resolution)
//   PATCH    /rest/v1/<table>      update rows matching the filters
//   DELETE   /rest/v1/<table>      delete rows matching the filters
//   GET|HEAD|POST /rest/v1/rpc/<f> call a function (args as JSON or query)
//
// Each request: the gateway's API-key gate, the JWT's role, one transaction
// (executor.ts), one statement built from the schema cache (read_plan.ts,
// request_plan.ts), PostgREST's status codes and error bodies. Anything outside
// the supported subset answers a PostgREST-style error, never a different
// result.

import type { GatewayContext } from "../context.ts";
import { apiKeyRejection, type Caller, resolveCaller } from "./credentials.ts";
import {
  errorResponse,
  fromDatabaseError,
  invalidBody,
  isDatabaseError,
  notImplemented,
  PgrstError,
} from "./errors.ts";
import { connectionFailure, type RequestSettings, RestDatabase } from "./executor.ts";
import { projectConfig } from "./project_config.ts";
import { type ParsedQuery, parseQuery } from "./query_string.ts";
import { SchemaCache, type SchemaSnapshot } from "./schema_cache.ts";
import { SchemaMiss } from "./read_plan.ts";
import { planDelete, planInsert, planRpc, planTableRead, planUpdate, type RequestShape } from "./request_plan.ts";
import { withForwardedFor } from "../forwarded.ts";

/** Largest request body accepted; larger ones answer 413 before being read in full. */
export const MAX_BODY_BYTES = Number(Deno.env.get("THESET_REST_MAX_BODY_BYTES") ?? 8 * 1024 * 1024);

const SEARCH_PATH = `"public", "extensions"`;

/** Errors a stale schema cache can cause: undefined table, function, column. */
const STALE_CACHE_CODES = new Set(["42P01", "42883", "42703"]);

interface RestState {
  cache: SchemaCache;
  db: RestDatabase;
  ready: Promise<void>;
}

const states = new WeakMap<GatewayContext, RestState>();

function stateFor(ctx: GatewayContext): RestState {
  let state = states.get(ctx);
  if (!state) {
    const cache = new SchemaCache(ctx.adminSql);
    const db = new RestDatabase();
    const ready = (async () => {
      const stop = await cache.listen();
      ctx.onClose(stop);
      ctx.onClose(() => db.close());
      await cache.current();
    })();
    state = { cache, db, ready };
    // a failed start is retried by the next request
    ready.catch(() => states.delete(ctx));
    states.set(ctx, state);
  }
  return state;
}

const JSON_TYPE = "application/json; charset=utf-8";
const OBJECT_TYPE = "application/vnd.pgrst.object+json; charset=utf-8";

interface Preferences {
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

function parsePreferences(request: Request, timeZones: Set<string>): Preferences {
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

function appliedPreferences(prefs: Preferences, method: string): string | null {
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
function acceptedRepresentation(request: Request): { singular: boolean; stripNulls: boolean } {
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

function checkProfile(request: Request): void {
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

async function readJsonBody(request: Request, allowEmpty: boolean): Promise<{ text: string; value: unknown }> {
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

interface Range {
  lower: number;
  upper: number | null;
}

function rangeHeader(request: Request): Range | null {
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
function effectiveRange(query: ParsedQuery, header: Range | null, maxRows: number | null): Range {
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
function requestSettings(request: Request, caller: Caller, path: string): RequestSettings {
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

function contentRange(lower: number, returned: number, total: number | null): string {
  const totalText = total === null ? "*" : String(total);
  return returned > 0 ? `${lower}-${lower + returned - 1}/${totalText}` : `*/${totalText}`;
}

function singularityError(rows: number): PgrstError {
  return new PgrstError(
    406,
    "PGRST116",
    "Cannot coerce the result to a single JSON object",
    `The result contains ${rows} rows`,
  );
}

/** The body text of a one-element JSON array, as the object itself. */
function firstElement(arrayText: string): string {
  const trimmed = arrayText.trim();
  return trimmed.slice(1, trimmed.length - 1).trim();
}

export async function handleRest(
  received: Request,
  ctx: GatewayContext,
  info: Deno.ServeHandlerInfo,
): Promise<Response> {
  // request.headers carries x-forwarded-for as Supabase's proxy hands it to PostgREST
  const request = withForwardedFor(received, info);
  const url = new URL(request.url);
  const gate = apiKeyRejection(request, url);
  if (gate) {
    await request.body?.cancel().catch(() => {});
    return gate;
  }
  let caller: Caller | null = null;
  try {
    const state = stateFor(ctx);
    await state.ready.catch((error) => {
      console.error("rest: schema cache load failed:", error);
      throw new PgrstError(503, "PGRST002", "Could not query the database for the schema cache. Retrying.");
    });
    caller = await resolveCaller(request, url, ctx.jwtSecret);
    checkProfile(request);
    return await route(request, url, caller, state);
  } catch (error) {
    await request.body?.cancel().catch(() => {});
    if (error instanceof PgrstError) return errorResponse(error);
    if (isDatabaseError(error)) return errorResponse(fromDatabaseError(error, caller?.authenticated ?? false));
    const connection = connectionFailure(error);
    if (connection) return errorResponse(connection);
    throw error;
  }
}

async function route(request: Request, url: URL, caller: Caller, state: RestState): Promise<Response> {
  const path = url.pathname.slice("/rest/v1".length) || "/";
  let segments: string[];
  try {
    segments = path.split("/").filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    throw new PgrstError(404, "PGRST125", "Invalid path specified in request URL");
  }
  const method = request.method;
  if (segments.length === 0) {
    throw notImplemented("The OpenAPI description of the root endpoint is not served by the local platform.");
  }
  const isRpc = segments[0] === "rpc" && segments.length === 2;
  if (segments.length > 1 && !isRpc) {
    throw new PgrstError(404, "PGRST125", "Invalid path specified in request URL");
  }
  if (isRpc && !["GET", "HEAD", "POST"].includes(method)) {
    throw new PgrstError(405, "PGRST101", `Cannot use the ${method} method on RPC`);
  }
  if (!isRpc && method === "PUT") {
    throw notImplemented(
      "PUT (single-row upsert by primary key) is not supported by the local platform; use POST with Prefer: resolution=merge-duplicates.",
    );
  }
  if (!isRpc && !["GET", "HEAD", "POST", "PATCH", "DELETE"].includes(method)) {
    throw new PgrstError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
  }
  const snapshotFirst = await state.cache.current();
  const prefs = parsePreferences(request, snapshotFirst.timeZones);
  const { singular, stripNulls } = acceptedRepresentation(request);
  const read = method === "GET" || method === "HEAD";
  const maxRows = projectConfig().maxRows;

  let body: { text: string; value: unknown } | null = null;
  if (!read && (isRpc || method === "POST" || method === "PATCH")) body = await readJsonBody(request, isRpc);

  const buildShape = (snapshot: SchemaSnapshot): RequestShape => {
    const name = isRpc ? segments[1] : segments[0];
    const routines = isRpc ? snapshot.routines.get(name) ?? [] : [];
    const argumentNames = new Set(routines.flatMap((r) => r.params.map((p) => p.name)));
    const query = parseQuery(url.searchParams, (param) => isRpc && read && argumentNames.has(param));
    const range = read || isRpc ? effectiveRange(query, read ? rangeHeader(request) : null, maxRows) : null;
    return {
      snapshot,
      name,
      query,
      range,
      count: prefs.count !== null,
      singular,
      stripNulls,
      returnRepresentation: prefs.return === "representation",
      resolution: prefs.resolution,
      missingDefault: prefs.missing === "default",
      body: body?.value,
      bodyText: body?.text ?? null,
      method,
    };
  };

  const plan = (snapshot: SchemaSnapshot) => {
    const shape = buildShape(snapshot);
    if (isRpc) return planRpc(shape);
    if (read) return planTableRead(shape);
    if (method === "POST") return planInsert(shape);
    if (method === "PATCH") return planUpdate(shape);
    return planDelete(shape);
  };

  let snapshot = snapshotFirst;
  let firstBuilt;
  try {
    firstBuilt = plan(snapshot);
  } catch (error) {
    // a name the cache does not know may be DDL that committed a moment ago
    if (!(error instanceof SchemaMiss) || !await state.cache.refreshIfStale()) throw error;
    snapshot = await state.cache.current();
    firstBuilt = plan(snapshot);
  }
  let built = firstBuilt;

  if (built.kind === "noop") {
    return respond(method, built.status, built.representation ? "[]" : null, {}, singular, prefs, 0);
  }

  const execute = (snapshot: SchemaSnapshot, built: Extract<typeof firstBuilt, { kind: "statement" }>) =>
    state.db.run(snapshot.roleSettings.get(caller.role) ?? [], {
      readOnly: built.readOnly,
      settings: requestSettings(request, caller, path),
      main: built.statement,
      returnsRows: built.returnsRows,
      singular: built.needsCheck,
      timeZone: prefs.timeZone,
      maxAffected: method === "PATCH" || method === "DELETE" || isRpc ? prefs.maxAffected : null,
    });
  let row;
  try {
    row = await execute(snapshot, built);
  } catch (error) {
    // a relation, function or column dropped a moment ago: the failed statement
    // changed nothing, so reload the cache if DDL committed since and plan again
    if (!isDatabaseError(error) || !STALE_CACHE_CODES.has(error.code) || !await state.cache.refreshIfStale()) {
      throw error;
    }
    snapshot = await state.cache.current();
    built = plan(snapshot);
    if (built.kind === "noop") {
      return respond(method, built.status, built.representation ? "[]" : null, {}, singular, prefs, 0);
    }
    row = await execute(snapshot, built);
  }
  const total = row.total === null ? null : Number(row.total);
  const page = Number(row.page ?? 0);

  const headers: Record<string, string> = {};
  const applied = appliedPreferences(prefs, method);
  if (applied) headers["Preference-Applied"] = applied;

  if (built.result === "void") return new Response(null, { status: 204, headers });
  if (built.result === "scalar") {
    return new Response(String(row.body ?? "null"), {
      status: 200,
      headers: { ...headers, "Content-Type": JSON_TYPE },
    });
  }

  if (read || isRpc) {
    const lower = built.rangeLower ?? 0;
    headers["Content-Range"] = contentRange(lower, page, total);
    let status = 200;
    if (total !== null) {
      if (lower > total && !(lower === 0 && total === 0)) {
        throw new PgrstError(
          416,
          "PGRST103",
          "Requested range not satisfiable",
          `An offset of ${lower} was requested, but there are only ${total} rows.`,
        );
      }
      if (page < total) status = 206;
    }
    if (built.result === "object") {
      // a function returning one composite value answers that object
      return new Response(firstElement(String(row.body)), {
        status: 200,
        headers: { ...headers, "Content-Type": JSON_TYPE },
      });
    }
    if (singular) {
      if (page !== 1) throw singularityError(page);
      return new Response(method === "HEAD" ? null : firstElement(String(row.body)), {
        status: 200,
        headers: { ...headers, "Content-Type": OBJECT_TYPE },
      });
    }
    return new Response(method === "HEAD" ? null : String(row.body), {
      status,
      headers: { ...headers, "Content-Type": JSON_TYPE },
    });
  }

  // writes
  const affected = page;
  headers["Content-Range"] = `*/${prefs.count ? affected : "*"}`;
  const created = method === "POST";
  if (!built.representation) return new Response(null, { status: created ? 201 : 204, headers });
  if (singular) {
    return new Response(firstElement(String(row.body)), {
      status: created ? 201 : 200,
      headers: { ...headers, "Content-Type": OBJECT_TYPE },
    });
  }
  return new Response(String(row.body), {
    status: created ? 201 : 200,
    headers: { ...headers, "Content-Type": JSON_TYPE },
  });
}

function respond(
  method: string,
  status: number,
  body: string | null,
  headers: Record<string, string>,
  singular: boolean,
  prefs: Preferences,
  rows: number,
): Response {
  if (singular && body !== null) throw singularityError(rows);
  const applied = appliedPreferences(prefs, method);
  return new Response(body, {
    status,
    headers: {
      ...headers,
      ...(applied ? { "Preference-Applied": applied } : {}),
      ...(body !== null ? { "Content-Type": JSON_TYPE } : {}),
    },
  });
}
