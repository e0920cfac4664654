// One statement per request: reads, inserts/upserts, updates, deletes and
// function calls, each checked against the schema cache and rendered with
// the read tree of read_plan.ts for whatever the response has to contain.
//
// Writes take their rows from the JSON body with json_populate_recordset, as
// PostgREST does, so Postgres converts every value to its column's type.
// Function arguments go through json_to_record with the parameters' declared
// types, so arrays, json and enums arrive as they would from PostgREST.

import { closestByEdits, closestName, invalidBody, notImplemented, PgrstError } from "./errors.ts";
import type { Statement } from "./executor.ts";
import type { ParsedQuery } from "./query_string.ts";
import {
  bindRanges,
  ident,
  neededColumns,
  newPlanContext,
  planReadTree,
  qualified,
  type ReadNode,
  relationSource,
  SchemaMiss,
  selectBody,
  type Source,
  unknownRelation,
} from "./read_plan.ts";
import type { Column, Relation, Routine, SchemaSnapshot } from "./schema_cache.ts";
import { EXPOSED_SCHEMA } from "./schema_cache.ts";

export interface RequestShape {
  snapshot: SchemaSnapshot;
  /** table or function name */
  name: string;
  query: ParsedQuery;
  /** the row window for reads (limit/offset, Range, max_rows) */
  range: { lower: number; upper: number | null } | null;
  count: boolean;
  singular: boolean;
  /** Accept: ...;nulls=stripped */
  stripNulls: boolean;
  returnRepresentation: boolean;
  resolution: "merge-duplicates" | "ignore-duplicates" | null;
  missingDefault: boolean;
  body: unknown;
  bodyText: string | null;
  method: string;
}

export type Built =
  | { kind: "noop"; status: number; representation: boolean }
  | {
    kind: "statement";
    statement: Statement;
    readOnly: boolean;
    /** must see the result before committing (a singular write) */
    needsCheck: boolean;
    /** rows: a JSON array in `body`; object: a one-row array answered as an object */
    result: "rows" | "object" | "scalar" | "void";
    representation: boolean;
    rangeLower: number | null;
    /** false: a bare write whose only answer is its row count */
    returnsRows: boolean;
  };

function relationOf(shape: RequestShape): Relation {
  const relation = shape.snapshot.relations.get(shape.name);
  if (!relation) throw unknownRelation(shape.snapshot, shape.name);
  return relation;
}

function applyRange(root: ReadNode, range: RequestShape["range"]): void {
  if (!range) return;
  root.offset = range.lower;
  root.limit = range.upper === null ? null : Math.max(0, range.upper - range.lower + 1);
}

/** The outer statement every row-returning plan shares: total, page size and the JSON body. */
function aggregate(body: string, countSql: string | null, withBody: boolean, stripNulls = false): string {
  const rows = stripNulls ? "json_strip_nulls(coalesce(json_agg(pgrst_t), '[]'))" : "coalesce(json_agg(pgrst_t), '[]')";
  return `select ${countSql ?? "null"}::int8 as total, pg_catalog.count(*)::int8 as page, ${
    withBody ? `${rows}::text` : "null::text"
  } as body from (${body}) as pgrst_t`;
}

export function planTableRead(shape: RequestShape): Built {
  const relation = relationOf(shape);
  const ctx = newPlanContext(shape.snapshot);
  const root = planReadTree(ctx, relationSource(relation), shape.query.select, shape.query.levels);
  applyRange(root, shape.range);
  bindRanges(ctx, root);
  const from = `${qualified(relation.name)} as ${ident(root.alias)}`;
  const count = shape.count
    ? `(select pg_catalog.count(*) from (${selectBody(root, from, [], true)}) as pgrst_count)`
    : null;
  return {
    kind: "statement",
    statement: {
      text: aggregate(selectBody(root, from, [], false), count, shape.method !== "HEAD", shape.stripNulls),
      params: ctx.params.values,
    },
    returnsRows: true,
    readOnly: true,
    needsCheck: false,
    result: "rows",
    representation: true,
    rangeLower: shape.range?.lower ?? 0,
  };
}

function unknownBodyColumn(relation: string, column: string): SchemaMiss {
  return new SchemaMiss(400, "PGRST204", `Could not find the '${column}' column of '${relation}' in the schema cache`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Rows of an insert body and the columns they write. */
function insertRows(shape: RequestShape, relation: Relation): { rows: Record<string, unknown>[]; columns: string[] } {
  const body = shape.body;
  const rows = Array.isArray(body) ? body : [body];
  if (!rows.every(isPlainObject)) throw invalidBody("Empty or invalid json");
  let columns = shape.query.columns;
  if (!columns) {
    const first = Object.keys(rows[0] ?? {});
    const sameKeys = rows.every((row) => {
      const keys = Object.keys(row);
      return keys.length === first.length && keys.every((k) => first.includes(k));
    });
    if (!sameKeys) throw invalidBody("All object keys must match");
    columns = first;
  }
  for (const column of columns) if (!relation.columns.has(column)) throw unknownBodyColumn(relation.name, column);
  return { rows: rows as Record<string, unknown>[], columns: [...new Set(columns)] };
}

/** The representation part of a write: select over the rows the write returned. */
function representation(
  shape: RequestShape,
  relation: Relation,
): { ctx: ReturnType<typeof newPlanContext>; root: ReadNode } {
  const ctx = newPlanContext(shape.snapshot);
  const root = planReadTree(ctx, relationSource(relation), shape.query.select, shape.query.levels);
  return { ctx, root };
}

function returningList(alias: string, root: ReadNode): string {
  const needed = neededColumns(root);
  // no named columns needed: return the whole row
  if (needed === "*" || needed.length === 0) return `${ident(alias)}.*`;
  return needed.map((c) => `${ident(alias)}.${ident(c)}`).join(", ");
}

function conflictTarget(shape: RequestShape, relation: Relation): string[] {
  const target = shape.query.onConflict ?? relation.primaryKey;
  for (const column of target) if (!relation.columns.has(column)) throw unknownBodyColumn(relation.name, column);
  return target;
}

export function planInsert(shape: RequestShape): Built {
  const relation = relationOf(shape);
  const { rows, columns } = insertRows(shape, relation);
  const { ctx, root } = representation(shape, relation);
  // only the response's own filters apply to a write's representation
  root.where = [];
  root.limit = null;
  root.offset = null;
  bindRanges(ctx, root);
  const wantsRows = shape.returnRepresentation;
  const target = qualified(relation.name);
  const alias = root.alias;

  // missing=default: rows that leave a column out get its default, so rows
  // are written in groups of equal key sets, each naming only its own columns
  const groups: Array<{ columns: string[]; rows: Record<string, unknown>[] }> = [];
  if (shape.missingDefault) {
    for (const row of rows) {
      const present = columns.filter((c) => c in row);
      const group = groups.find((g) =>
        g.columns.length === present.length && g.columns.every((c) => present.includes(c))
      );
      if (group) group.rows.push(row);
      else groups.push({ columns: present, rows: [row] });
    }
  } else groups.push({ columns, rows });
  if (groups.length === 0) groups.push({ columns, rows: [] });

  let conflict = "";
  if (shape.resolution) {
    const targetColumns = conflictTarget(shape, relation);
    if (shape.resolution === "ignore-duplicates") {
      conflict = targetColumns.length
        ? ` on conflict (${targetColumns.map(ident).join(", ")}) do nothing`
        : " on conflict do nothing";
    } else {
      if (targetColumns.length === 0) {
        throw new PgrstError(
          400,
          "42P10",
          "there is no unique or exclusion constraint matching the ON CONFLICT specification",
        );
      }
      conflict = ` on conflict (${targetColumns.map(ident).join(", ")})`;
    }
  }
  const returning = wantsRows
    ? ` returning ${returningList(alias, root)}`
    : shape.count || groups.length > 1
    ? " returning 1"
    : "";
  const inserts = groups.map((group) => {
    const bodyParam = ctx.params.add(
      groups.length === 1 && shape.bodyText !== null
        ? (Array.isArray(shape.body) ? shape.bodyText : `[${shape.bodyText}]`)
        : JSON.stringify(group.rows),
      "json",
    );
    const list = group.columns.map(ident).join(", ");
    let onConflict = conflict;
    if (shape.resolution === "merge-duplicates") {
      onConflict = group.columns.length
        ? `${conflict} do update set ${group.columns.map((c) => `${ident(c)} = excluded.${ident(c)}`).join(", ")}`
        : `${conflict} do nothing`;
    }
    return `insert into ${target} as ${ident(alias)}${
      group.columns.length ? ` (${list})` : ""
    } select ${list} from json_populate_recordset(null::${target}, ${bodyParam}) as pgrst_body${onConflict}${returning}`;
  });

  let text: string;
  let returnsRows = true;
  if (wantsRows) {
    const ctes = inserts.map((sql, i) => `pgrst_g${i} as (${sql})`);
    const union = inserts.map((_, i) => `select * from pgrst_g${i}`).join(" union all ");
    const body = selectBody(root, `pgrst_source as ${ident(alias)}`, [], false);
    text = `with ${ctes.join(", ")}, pgrst_source as (${union}) ${aggregate(body, null, true, shape.stripNulls)}`;
  } else if (inserts.length === 1 && !shape.count) {
    text = inserts[0];
    returnsRows = false;
  } else {
    const ctes = inserts.map((sql, i) => `pgrst_g${i} as (${sql})`);
    const counted = inserts.map((_, i) => `(select pg_catalog.count(*) from pgrst_g${i})`).join(" + ");
    text = `with ${ctes.join(", ")} select null::int8 as total, (${counted})::int8 as page, null::text as body`;
  }
  return {
    kind: "statement",
    statement: { text, params: ctx.params.values },
    returnsRows,
    readOnly: false,
    needsCheck: shape.singular && wantsRows,
    result: "rows",
    representation: wantsRows,
    rangeLower: null,
  };
}

function requireFilters(root: ReadNode, verb: "UPDATE" | "DELETE"): void {
  // Supabase loads pg-safeupdate for the API: a write without a filter is refused
  if (root.where.length === 0) throw new PgrstError(400, "21000", `${verb} requires a WHERE clause`);
}

function rejectRange(shape: RequestShape): void {
  const root = shape.query.levels.get("")!;
  if (root.limit !== null || root.offset !== null) {
    throw notImplemented(
      "limit/offset on PATCH and DELETE are not supported by the local platform",
    );
  }
}

function writeStatement(
  shape: RequestShape,
  ctx: ReturnType<typeof newPlanContext>,
  root: ReadNode,
  dml: (returning: string) => string,
): Built {
  const wantsRows = shape.returnRepresentation;
  const returning = wantsRows ? ` returning ${returningList(root.alias, root)}` : shape.count ? " returning 1" : "";
  let text: string;
  let returnsRows = true;
  if (wantsRows) {
    const view = { ...root, where: [], limit: null, offset: null, limitSql: undefined, offsetSql: undefined };
    const body = selectBody(view, `pgrst_source as ${ident(root.alias)}`, [], false);
    text = `with pgrst_source as (${dml(returning)}) ${aggregate(body, null, true, shape.stripNulls)}`;
  } else if (shape.count) {
    text = `with pgrst_source as (${
      dml(returning)
    }) select null::int8 as total, pg_catalog.count(*)::int8 as page, null::text as body from pgrst_source`;
  } else {
    text = dml("");
    returnsRows = false;
  }
  return {
    kind: "statement",
    statement: { text, params: ctx.params.values },
    returnsRows,
    readOnly: false,
    needsCheck: shape.singular && wantsRows,
    result: "rows",
    representation: wantsRows,
    rangeLower: null,
  };
}

export function planUpdate(shape: RequestShape): Built {
  const relation = relationOf(shape);
  if (!isPlainObject(shape.body)) throw invalidBody("Empty or invalid json");
  const columns = shape.query.columns ?? Object.keys(shape.body);
  for (const column of columns) if (!relation.columns.has(column)) throw unknownBodyColumn(relation.name, column);
  rejectRange(shape);
  const { ctx, root } = representation(shape, relation);
  if (columns.length === 0) {
    return { kind: "noop", status: shape.returnRepresentation ? 200 : 204, representation: shape.returnRepresentation };
  }
  requireFilters(root, "UPDATE");
  bindRanges(ctx, root);
  const target = qualified(relation.name);
  const bodyParam = ctx.params.add(shape.bodyText, "json");
  const sets = columns.map((c) => `${ident(c)} = pgrst_body.${ident(c)}`).join(", ");
  return writeStatement(
    shape,
    ctx,
    root,
    (returning) =>
      `update ${target} as ${
        ident(root.alias)
      } set ${sets} from json_populate_record(null::${target}, ${bodyParam}) as pgrst_body where ${
        root.where.join(" and ")
      }${returning}`,
  );
}

export function planDelete(shape: RequestShape): Built {
  const relation = relationOf(shape);
  rejectRange(shape);
  const { ctx, root } = representation(shape, relation);
  requireFilters(root, "DELETE");
  bindRanges(ctx, root);
  const target = qualified(relation.name);
  return writeStatement(
    shape,
    ctx,
    root,
    (returning) => `delete from ${target} as ${ident(root.alias)} where ${root.where.join(" and ")}${returning}`,
  );
}

// ---------------------------------------------------------------------------
// rpc
// ---------------------------------------------------------------------------

function noFunction(shape: RequestShape, keys: string[], candidates: Routine[]): SchemaMiss {
  const sorted = [...keys].sort();
  const func = `${EXPOSED_SCHEMA}.${shape.name}`;
  const withParams = sorted.length === 0
    ? " without parameters"
    : ` with parameter${sorted.length > 1 ? "s" : ""} ${sorted.join(", ")}`;
  const isPost = shape.method === "POST";
  let hint: string | null = null;
  if (candidates.length) {
    const signatures = candidates.map((r) => `(${r.params.map((p) => p.name).sort().join(", ")})`);
    hint = `Perhaps you meant to call the function ${func}${signatures[0]}`;
  } else {
    const names = [...shape.snapshot.routines.keys()];
    const close = closestByEdits(shape.name, names) ?? closestName(shape.name, names, 0.75);
    if (close) hint = `Perhaps you meant to call the function ${EXPOSED_SCHEMA}.${close}`;
  }
  return new SchemaMiss(
    404,
    "PGRST202",
    `Could not find the function ${func}${
      sorted.length ? `(${sorted.join(", ")})` : " without parameters"
    } in the schema cache`,
    `Searched for the function ${func}${withParams}${
      isPost ? " or with a single unnamed json/jsonb parameter" : ""
    }, but no matches were found in the schema cache.`,
    hint,
  );
}

const takesWholeBody = (r: Routine) =>
  r.params.length === 1 && r.params[0].name === "" && /^jsonb?$/.test(r.params[0].type);

/** The overload whose parameter names fit the arguments; or one taking the whole body as json. */
function chooseRoutine(
  shape: RequestShape,
  args: Record<string, unknown> | null,
): { routine: Routine; keys: string[]; wholeBody: boolean } {
  const candidates = shape.snapshot.routines.get(shape.name) ?? [];
  const keys = args ? Object.keys(args) : [];
  const matches = args === null ? [] : candidates.filter((r) => {
    const names = r.params.map((p) => p.name);
    return keys.every((k) => names.includes(k)) && r.params.every((p) => p.hasDefault || keys.includes(p.name));
  });
  if (matches.length === 0 && shape.method === "POST") {
    const whole = candidates.filter(takesWholeBody);
    if (whole.length === 1) return { routine: whole[0], keys: [], wholeBody: true };
  }
  if (matches.length === 0) throw noFunction(shape, keys, candidates);
  if (matches.length > 1) {
    throw new PgrstError(
      300,
      "PGRST203",
      `Could not choose the best candidate function between: ${
        matches.map((r) => `${EXPOSED_SCHEMA}.${r.name}(${r.params.map((p) => `${p.name} => ${p.type}`).join(", ")})`)
          .join(", ")
      }`,
      null,
      "Try renaming the parameters or the function itself in the database so function overloading can be resolved",
    );
  }
  return { routine: matches[0], keys, wholeBody: false };
}

export function planRpc(shape: RequestShape): Built {
  let args: Record<string, unknown> | null;
  if (shape.method === "POST") {
    if (Array.isArray(shape.body)) {
      throw notImplemented(
        "Calling a function once per element of a JSON array is not supported by the local platform",
      );
    }
    args = isPlainObject(shape.body) ? shape.body : null;
  } else {
    args = Object.fromEntries(shape.query.rest);
  }
  const { routine, keys, wholeBody } = chooseRoutine(shape, args);
  const ctx = newPlanContext(shape.snapshot);
  const fn = qualified(routine.name);
  let call: string;
  let argsFrom = "";
  if (wholeBody) {
    call = `${fn}(${ctx.params.add(shape.bodyText ?? "{}", routine.params[0].type)})`;
  } else if (keys.length === 0) {
    call = `${fn}()`;
  } else if (keys.every((k) => isScalarArgument(args![k], routine.params.find((p) => p.name === k)!.type))) {
    // scalars go straight to the parameter's type; json/jsonb parameters get the JSON text
    const types = new Map(routine.params.map((p) => [p.name, p.type]));
    call = `${fn}(${
      keys.map((k) => {
        const type = types.get(k)!;
        const value = args![k];
        const text = value === null ? null : /^jsonb?$/.test(type) ? JSON.stringify(value) : String(value);
        return `${ident(k)} := ${ctx.params.add(text, type)}`;
      }).join(", ")
    })`;
  } else {
    const types = new Map(routine.params.map((p) => [p.name, p.type]));
    const argJson = JSON.stringify(Object.fromEntries(keys.map((k) => [k, args![k]])));
    argsFrom = `json_to_record(${ctx.params.add(argJson, "json")}) as pgrst_args(${
      keys.map((k) => `${ident(k)} ${types.get(k)}`).join(", ")
    })`;
    call = `${fn}(${keys.map((k) => `${ident(k)} := pgrst_args.${ident(k)}`).join(", ")})`;
  }
  const readOnly = shape.method !== "POST" || routine.volatility !== "volatile";
  const base = {
    kind: "statement" as const,
    readOnly,
    needsCheck: false,
    representation: true,
  };

  if (routine.returnKind === "void" || (routine.returnKind === "scalar" && !routine.returnsSet)) {
    const from = argsFrom ? ` from ${argsFrom}` : "";
    const text = routine.returnKind === "void"
      ? `select null::int8 as total, 1::int8 as page, null::text as body from (select ${call}${from}) as pgrst_void`
      : `select null::int8 as total, 1::int8 as page, to_json(${call})::text as body${from}`;
    return {
      ...base,
      statement: { text, params: ctx.params.values },
      returnsRows: true,
      result: routine.returnKind === "void" ? "void" : "scalar",
      rangeLower: null,
    };
  }
  if (routine.returnKind === "composite" && routine.returnColumns.length === 0) {
    throw notImplemented(
      `${routine.name} returns records without a column definition`,
    );
  }

  // a set of scalars reads as rows of one column named after the function
  const scalarColumn: Column = {
    name: routine.name,
    type: routine.returnType,
    nullable: true,
    defaultSql: null,
    identity: "",
    generated: "",
  };
  const columns = routine.returnKind === "scalar" ? [scalarColumn] : routine.returnColumns;
  const source: Source = {
    name: routine.name,
    columns: new Map(columns.map((c) => [c.name, c])),
    columnList: columns,
    relationshipOrigin: routine.returnKind === "composite" ? routine.returnRelation : null,
  };
  const select = routine.returnKind === "scalar" ? [{ kind: "star" as const }] : shape.query.select;
  const root = planReadTree(ctx, source, select, shape.query.levels);
  if (routine.returnsSet) applyRange(root, shape.range);
  bindRanges(ctx, root);
  const callFrom = routine.returnKind === "scalar"
    ? `${argsFrom ? `${argsFrom} cross join lateral ` : ""}${call} as pgrst_call(${ident(routine.name)})`
    : `${argsFrom ? `${argsFrom} cross join lateral ` : ""}${call} as pgrst_call`;
  const sourceCte = `pgrst_source as (select pgrst_call.* from ${callFrom})`;
  const from = `pgrst_source as ${ident(root.alias)}`;
  const count = shape.count && routine.returnsSet
    ? `(select pg_catalog.count(*) from (${selectBody(root, from, [], true)}) as pgrst_count)`
    : null;
  const body = selectBody(root, from, [], false);
  const text = routine.returnKind === "scalar"
    ? `with ${sourceCte} select ${
      count ?? "null"
    }::int8 as total, pg_catalog.count(*)::int8 as page, coalesce(json_agg(pgrst_t.${
      ident(routine.name)
    }), '[]')::text as body from (${body}) as pgrst_t`
    : `with ${sourceCte} ${aggregate(body, count, shape.method !== "HEAD", shape.stripNulls)}`;
  return {
    ...base,
    statement: { text, params: ctx.params.values },
    returnsRows: true,
    result: routine.returnsSet ? "rows" : "object",
    rangeLower: routine.returnsSet ? shape.range?.lower ?? 0 : null,
  };
}

/** A value that reaches its parameter as text without json_to_record's help. */
function isScalarArgument(value: unknown, type: string): boolean {
  if (/^jsonb?$/.test(type)) return true;
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
