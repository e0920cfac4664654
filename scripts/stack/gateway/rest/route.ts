// Routes one /rest/v1 request: a table of endpoints says which planner
// (request_plan.ts) answers each method; the plan runs in one transaction
// (executor.ts), planned again once when the schema cache was stale; the answer
// carries PostgREST's status, Content-Range and content type.

import type { Caller } from "./credentials.ts";
import { isDatabaseError, notImplemented, PgrstError } from "./errors.ts";
import type { RestDatabase } from "./executor.ts";
import { projectConfig } from "./project_config.ts";
import { parseQuery } from "./query_string.ts";
import { SchemaMiss } from "./plan_sql.ts";
import { type Built, planDelete, planInsert, planTableRead, planUpdate, type RequestShape } from "./request_plan.ts";
import { planRpc } from "./rpc_plan.ts";
import {
  acceptedRepresentation,
  appliedPreferences,
  effectiveRange,
  JSON_TYPE,
  OBJECT_TYPE,
  parsePreferences,
  type Preferences,
  rangeHeader,
  readJsonBody,
  requestSettings,
} from "./request.ts";
import type { SchemaCache, SchemaSnapshot } from "./schema_cache.ts";

/** Errors a stale schema cache can cause: undefined table, function, column. */
const STALE_CACHE_CODES = new Set(["42P01", "42883", "42703"]);

export interface RestState {
  cache: SchemaCache;
  db: RestDatabase;
  ready: Promise<void>;
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

type Planner = (shape: RequestShape) => Built;
type Statement = Extract<Built, { kind: "statement" }>;

/** The endpoints /rest/v1 serves and the planner that answers each method there; any other method is refused. */
const ENDPOINTS: Record<"table" | "rpc", Partial<Record<string, Planner>>> = {
  table: { GET: planTableRead, HEAD: planTableRead, POST: planInsert, PATCH: planUpdate, DELETE: planDelete },
  rpc: { GET: planRpc, HEAD: planRpc, POST: planRpc },
};

/** What a request's path and method address: a table or a function, and the planner for the method. */
interface Target {
  /** the path below /rest/v1 */
  path: string;
  name: string;
  isRpc: boolean;
  planner: Planner;
}

function resolveTarget(url: URL, method: string): Target {
  const path = url.pathname.slice("/rest/v1".length) || "/";
  let segments: string[];
  try {
    segments = path.split("/").filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    throw new PgrstError(404, "PGRST125", "Invalid path specified in request URL");
  }
  if (segments.length === 0) {
    throw notImplemented("The OpenAPI description of the root endpoint is not served by the local platform.");
  }
  const isRpc = segments[0] === "rpc" && segments.length === 2;
  if (segments.length > 1 && !isRpc) {
    throw new PgrstError(404, "PGRST125", "Invalid path specified in request URL");
  }
  const planner = ENDPOINTS[isRpc ? "rpc" : "table"][method];
  if (isRpc && !planner) {
    throw new PgrstError(405, "PGRST101", `Cannot use the ${method} method on RPC`);
  }
  if (!isRpc && method === "PUT") {
    throw notImplemented(
      "PUT (single-row upsert by primary key) is not supported by the local platform; use POST with Prefer: resolution=merge-duplicates.",
    );
  }
  if (!planner) throw new PgrstError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
  return { path, name: isRpc ? segments[1] : segments[0], isRpc, planner };
}

/** Everything about one request that does not depend on the schema snapshot it is planned against. */
interface RequestParts {
  request: Request;
  url: URL;
  target: Target;
  prefs: Preferences;
  singular: boolean;
  stripNulls: boolean;
  read: boolean;
  body: { text: string; value: unknown } | null;
}

function requestShape(parts: RequestParts, snapshot: SchemaSnapshot): RequestShape {
  const { request, url, target, prefs, singular, stripNulls, read, body } = parts;
  const { name, isRpc } = target;
  const routines = isRpc ? snapshot.routines.get(name) ?? [] : [];
  const argumentNames = new Set(routines.flatMap((r) => r.params.map((p) => p.name)));
  const query = parseQuery(url.searchParams, (param) => isRpc && read && argumentNames.has(param));
  const maxRows = projectConfig().maxRows;
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
    method: request.method,
  };
}

export async function route(request: Request, url: URL, caller: Caller, state: RestState): Promise<Response> {
  const method = request.method;
  const target = resolveTarget(url, method);
  const snapshotFirst = await state.cache.current();
  const prefs = parsePreferences(request, snapshotFirst.timeZones);
  const { singular, stripNulls } = acceptedRepresentation(request);
  const read = method === "GET" || method === "HEAD";
  let body: { text: string; value: unknown } | null = null;
  if (!read && (target.isRpc || method === "POST" || method === "PATCH")) {
    body = await readJsonBody(request, target.isRpc);
  }
  const parts: RequestParts = { request, url, target, prefs, singular, stripNulls, read, body };
  const plan = (snapshot: SchemaSnapshot) => target.planner(requestShape(parts, snapshot));
  const noop = (built: Extract<Built, { kind: "noop" }>) =>
    respond(method, built.status, built.representation ? "[]" : null, {}, singular, prefs, 0);

  let snapshot = snapshotFirst;
  let built: Built;
  try {
    built = plan(snapshot);
  } catch (error) {
    // a name the cache does not know may be DDL that committed a moment ago
    if (!(error instanceof SchemaMiss) || !await state.cache.refreshIfStale()) throw error;
    snapshot = await state.cache.current();
    built = plan(snapshot);
  }
  if (built.kind === "noop") return noop(built);

  const execute = (snapshot: SchemaSnapshot, built: Statement) =>
    state.db.run(snapshot.roleSettings.get(caller.role) ?? [], {
      readOnly: built.readOnly,
      settings: requestSettings(request, caller, target.path),
      main: built.statement,
      returnsRows: built.returnsRows,
      singular: built.needsCheck,
      timeZone: prefs.timeZone,
      maxAffected: method === "PATCH" || method === "DELETE" || target.isRpc ? prefs.maxAffected : null,
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
    if (built.kind === "noop") return noop(built);
    row = await execute(snapshot, built);
  }
  return answer(parts, built, row);
}

/** The response to an executed statement: rows read or called for, or rows written. */
function answer(parts: RequestParts, built: Statement, row: { total?: unknown; page?: unknown; body?: unknown }) {
  const { request: { method }, target: { isRpc }, prefs, singular, read } = parts;
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
  if (read || isRpc) return answerRows(parts, built, headers, row, page, total);

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

/** Rows read, or a function's answer: Content-Range, 206 for a partial page, singular or array bodies. */
function answerRows(
  parts: RequestParts,
  built: Statement,
  headers: Record<string, string>,
  row: { body?: unknown },
  page: number,
  total: number | null,
): Response {
  const { request: { method }, singular } = parts;
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
