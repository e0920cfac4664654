// postgres_changes bindings: what a channel asks for in its join config, checked
// against the catalog the way Supabase Realtime checks a subscription, and
// matched against WAL changes without a database round trip.
//
// A binding is {event, schema, table?, filter?}. The filter is PostgREST-like:
// `column=op.value`, several joined by commas (realtime-js's
// postgresChangesFilter builder), with op one of eq, neq, lt, lte, gt, gte, in.
// Values are normalised through the column's type once at join time, so a
// change is matched by comparing text (numbers numerically), as Realtime's
// check_equality_op compares typed values.

import type { Sql } from "../context.ts";

export type ChangeEvent = "INSERT" | "UPDATE" | "DELETE";
export type FilterOp = "eq" | "neq" | "lt" | "lte" | "gt" | "gte" | "in";

const SUPPORTED_OPS = new Set<string>(["eq", "neq", "lt", "lte", "gt", "gte", "in"]);
const KNOWN_OPS = new Set<string>([
  ...SUPPORTED_OPS,
  "like",
  "ilike",
  "match",
  "imatch",
  "is",
  "isdistinct",
  "fts",
  "plfts",
  "phfts",
  "wfts",
  "cs",
  "cd",
  "ov",
  "sl",
  "sr",
  "nxr",
  "nxl",
  "adj",
]);

/** How a column's values compare once they are text. */
type Comparison = "number" | "text" | "equality";

export interface ColumnFilter {
  column: string;
  op: FilterOp;
  /** canonical text of each value (one for every op but `in`) */
  values: string[];
  comparison: Comparison;
}

export interface ChangeBinding {
  /** echoed to the client in the join reply; stable for equal params */
  id: number;
  /** the binding as the client sent it, plus id: the join reply must match it field for field */
  reply: Record<string, unknown>;
  event: "*" | ChangeEvent;
  /** "*" for every schema */
  schema: string;
  /** null for every published table in the schema */
  table: string | null;
  filters: ColumnFilter[];
}

/** A binding the service cannot serve; `message` is what the client is told. */
export class BindingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BindingError";
  }
}

interface RawFilter {
  column: string;
  op: string;
  values: string[];
}

/** Realtime's rendering of subscription params inside its error messages. */
function describeParams(event: string, schema: string, table: string | null, filters: RawFilter[]): string {
  const quote = (s: string) => JSON.stringify(s);
  const rendered = filters.map((f) => {
    const value = f.op === "in" ? `[${f.values.map(quote).join(", ")}]` : quote(f.values[0] ?? "");
    return `{${quote(f.column)}, ${quote(f.op)}, ${value}, false}`;
  });
  return `[event: ${event}, schema: ${schema}, table: ${table ?? "*"}, filters: [${rendered.join(", ")}], select: nil]`;
}

function notEnabled(event: string, schema: string, table: string | null, filters: RawFilter[]): BindingError {
  return new BindingError(
    "Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: " +
      describeParams(event, schema, table, filters),
  );
}

function exceptionFor(
  event: string,
  schema: string,
  table: string | null,
  filters: RawFilter[],
  exception: string,
): BindingError {
  return new BindingError(
    "Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: " +
      `${describeParams(event, schema, table, filters)}. Exception: ${exception}`,
  );
}

/** Splits on commas outside double quotes and parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      current += ch;
      if (ch === "\\" && i + 1 < text.length) current += text[++i];
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  const trimmed = value;
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return trimmed;
}

/** Parses a filter string; throws BindingError with Realtime's message when it cannot. */
export function parseFilter(filter: string): RawFilter[] {
  const parseError = () => new BindingError(`Error parsing \`filter\` params: ${JSON.stringify([filter])}`);
  const result: RawFilter[] = [];
  for (const part of splitTopLevel(filter)) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw parseError();
    const column = part.slice(0, eq);
    const rest = part.slice(eq + 1);
    const dot = rest.indexOf(".");
    if (dot <= 0) throw parseError();
    const op = rest.slice(0, dot);
    const rawValue = rest.slice(dot + 1);
    if (op === "in") {
      if (!rawValue.startsWith("(") || !rawValue.endsWith(")")) throw parseError();
      const inner = rawValue.slice(1, -1);
      const values = inner === "" ? [] : splitTopLevel(inner).map(unquote);
      if (values.length === 0) throw parseError();
      result.push({ column, op, values });
    } else {
      result.push({ column, op, values: [unquote(rawValue)] });
    }
  }
  return result;
}

/** A stable small integer for equal params, like Realtime's :erlang.phash2 ids. */
function bindingId(params: Record<string, unknown>): number {
  const text = JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 134217728; // phash2's default range, 2^27
}

const SQLSTATE_NAMES: Record<string, string> = {
  "22P02": "invalid_text_representation",
  "22003": "numeric_value_out_of_range",
  "22007": "invalid_datetime_format",
  "22008": "datetime_field_overflow",
  "22001": "string_data_right_truncation",
  "42704": "undefined_object",
};

function describePgError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const name = e.code ? SQLSTATE_NAMES[e.code] : undefined;
  return `ERROR ${e.code ?? "XX000"}${name ? ` (${name})` : ""} ${e.message ?? String(error)}`;
}

interface ColumnInfo {
  type: string;
  category: string;
  selectable: boolean;
}

/**
 * A binding's filters checked against the table as the subscriber's role sees it: known operators on columns
 * the role may select, comparisons the column's type supports, and each value cast to the column's type
 * (its canonical text is what rows are compared with). Throws Realtime's exception otherwise.
 */
async function compileFilters(
  sql: Sql,
  role: string,
  { eventRaw, schema, table }: { eventRaw: string; schema: string; table: string | null },
  rawFilters: RawFilter[],
): Promise<ColumnFilter[]> {
  const filters: ColumnFilter[] = [];
  const roleExists = await sql<{ ok: boolean }[]>`select pg_catalog.to_regrole(${role}) is not null as ok`;
  if (!roleExists[0].ok) {
    throw exceptionFor(
      eventRaw,
      schema,
      table,
      rawFilters,
      `ERROR 42704 (undefined_object) role ${JSON.stringify(role)} does not exist`,
    );
  }
  const rows = await sql<{ name: string; type: string; category: string; selectable: boolean }[]>`
    select a.attname as name,
           pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
           t.typcategory as category,
           pg_catalog.has_column_privilege(${role}, a.attrelid, a.attnum, 'SELECT') as selectable
    from pg_catalog.pg_attribute a
    join pg_catalog.pg_type t on t.oid = a.atttypid
    where a.attrelid = (pg_catalog.quote_ident(${schema}) || '.' || pg_catalog.quote_ident(${table}))::regclass
      and a.attnum > 0 and not a.attisdropped
  `;
  const columns = new Map<string, ColumnInfo>(rows.map((r) => [r.name, r]));
  for (const raw of rawFilters) {
    if (!KNOWN_OPS.has(raw.op)) {
      throw exceptionFor(
        eventRaw,
        schema,
        table,
        rawFilters,
        `ERROR 22P02 (invalid_text_representation) invalid input value for enum realtime.equality_op: ${
          JSON.stringify(raw.op)
        }`,
      );
    }
    const column = columns.get(raw.column);
    if (!column || !column.selectable) {
      throw exceptionFor(
        eventRaw,
        schema,
        table,
        rawFilters,
        `ERROR P0001 (raise_exception) invalid column for filter ${raw.column}`,
      );
    }
    if (!SUPPORTED_OPS.has(raw.op)) {
      throw exceptionFor(
        eventRaw,
        schema,
        table,
        rawFilters,
        `filter operator ${raw.op} is not supported by Realtime (eq, neq, lt, lte, gt, gte, in)`,
      );
    }
    const comparison = comparisonFor(column);
    if (["lt", "lte", "gt", "gte"].includes(raw.op) && comparison === "equality") {
      throw exceptionFor(
        eventRaw,
        schema,
        table,
        rawFilters,
        `filter operator ${raw.op} is not supported on column ${raw.column} of type ${column.type} by the local platform`,
      );
    }
    const values: string[] = [];
    for (const value of raw.values) {
      try {
        // the type name comes from format_type over the catalog, never from the client
        const [row] = await sql.unsafe<{ canonical: string }[]>(
          `select ($1::text)::${column.type}::text as canonical`,
          [value],
        );
        values.push(row.canonical);
      } catch (error) {
        throw exceptionFor(eventRaw, schema, table, rawFilters, describePgError(error));
      }
    }
    filters.push({ column: raw.column, op: raw.op as FilterOp, values, comparison });
  }
  return filters;
}

/**
 * Validates one binding from a join config against the catalog and the
 * subscriber's role. Returns the compiled binding or throws BindingError.
 */
export async function compileBinding(sql: Sql, raw: unknown, role: string): Promise<ChangeBinding> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new BindingError("Error parsing `postgres_changes` params: each binding must be an object");
  }
  const params = raw as Record<string, unknown>;
  const eventRaw = params.event;
  const schema = params.schema ?? "public";
  const tableRaw = params.table;
  const filterRaw = params.filter;
  if (typeof eventRaw !== "string" || !["*", "INSERT", "UPDATE", "DELETE"].includes(eventRaw.toUpperCase())) {
    throw new BindingError(
      `Error parsing \`event\` params: ${
        JSON.stringify([eventRaw ?? null])
      }: expected one of *, INSERT, UPDATE, DELETE`,
    );
  }
  if (typeof schema !== "string" || schema === "") {
    throw new BindingError(`Error parsing \`schema\` params: ${JSON.stringify([schema])}`);
  }
  if (tableRaw !== undefined && tableRaw !== null && (typeof tableRaw !== "string" || tableRaw === "")) {
    throw new BindingError(`Error parsing \`table\` params: ${JSON.stringify([tableRaw])}`);
  }
  if (filterRaw !== undefined && filterRaw !== null && typeof filterRaw !== "string") {
    throw new BindingError(`Error parsing \`filter\` params: ${JSON.stringify([filterRaw])}`);
  }
  const event = eventRaw.toUpperCase() as ChangeBinding["event"];
  const table = typeof tableRaw === "string" && tableRaw !== "*" ? tableRaw : null;
  const rawFilters = typeof filterRaw === "string" && filterRaw !== "" ? parseFilter(filterRaw) : [];
  if (params.select !== undefined && params.select !== null) {
    throw exceptionFor(
      eventRaw,
      schema,
      table,
      rawFilters,
      "column selection (`select`) is not supported by the local platform",
    );
  }
  if (rawFilters.length > 0 && table === null) {
    throw exceptionFor(eventRaw, schema, table, rawFilters, "a filter needs a table");
  }

  const published = await sql<{ schemaname: string; tablename: string }[]>`
    select schemaname, tablename from pg_catalog.pg_publication_tables
    where pubname = 'supabase_realtime'
      and (${schema} = '*' or schemaname = ${schema})
      and (${table}::text is null or tablename = ${table})
  `;
  if (published.length === 0) throw notEnabled(eventRaw, schema, table, rawFilters);

  const filters = rawFilters.length > 0 ? await compileFilters(sql, role, { eventRaw, schema, table }, rawFilters) : [];

  const reply: Record<string, unknown> = { ...params };
  const id = bindingId(params);
  reply.id = id;
  return { id, reply, event, schema, table, filters };
}

function comparisonFor(column: ColumnInfo): Comparison {
  if (column.category === "N") return "number";
  if (column.category === "S") return "text";
  // canonical output of these orders the same way as the values (ISO dates,
  // UTC timestamps, fixed-width uuid hex)
  if (["uuid", "date", "timestamp without time zone", "timestamp with time zone"].includes(column.type)) return "text";
  if (/^time(\(\d+\))? without time zone$/.test(column.type)) return "text";
  if (/^timestamp\(\d+\) with(out)? time zone$/.test(column.type)) return "text";
  return "equality";
}

function compareNumbers(a: string, b: string): number {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) {
    const x = BigInt(a), y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a), y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return a === b ? 0 : NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compare(comparison: Comparison, a: string, b: string): number {
  if (comparison === "number") return compareNumbers(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function filterHolds(filter: ColumnFilter, value: string | null | undefined): boolean {
  // a null never satisfies a comparison, as in SQL
  if (value === null || value === undefined) return false;
  const eq = (other: string) => filter.comparison === "number" ? compareNumbers(value, other) === 0 : value === other;
  switch (filter.op) {
    case "eq":
      return eq(filter.values[0]);
    case "neq":
      return !eq(filter.values[0]);
    case "in":
      return filter.values.some(eq);
    case "lt":
      return compare(filter.comparison, value, filter.values[0]) < 0;
    case "lte":
      return compare(filter.comparison, value, filter.values[0]) <= 0;
    case "gt":
      return compare(filter.comparison, value, filter.values[0]) > 0;
    case "gte":
      return compare(filter.comparison, value, filter.values[0]) >= 0;
  }
}

/**
 * Does this change satisfy the binding? `values` is the new row as text
 * (column -> text output). Deletes are not filtered, as on Supabase: the
 * old record carries only the replica identity.
 */
export function bindingMatches(
  binding: ChangeBinding,
  schema: string,
  table: string,
  event: ChangeEvent,
  values: Map<string, string | null>,
): boolean {
  if (binding.event !== "*" && binding.event !== event) return false;
  if (binding.schema !== "*" && binding.schema !== schema) return false;
  if (binding.table !== null && binding.table !== table) return false;
  if (event === "DELETE") return true;
  for (const filter of binding.filters) {
    if (!filterHolds(filter, values.get(filter.column))) return false;
  }
  return true;
}
