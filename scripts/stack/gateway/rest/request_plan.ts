// One statement per request: reads, inserts/upserts, updates, deletes and
// function calls, each checked against the schema cache and rendered with
// the read tree of read_plan.ts for whatever the response has to contain.
//
// Writes take their rows from the JSON body with json_populate_recordset, as
// PostgREST does, so Postgres converts every value to its column's type.
// Function arguments go through json_to_record with the parameters' declared
// types, so arrays, json and enums arrive as they would from PostgREST
// (rpc_plan.ts).

import { invalidBody, notImplemented, PgrstError } from "./errors.ts";
import type { Statement } from "./executor.ts";
import type { ParsedQuery } from "./query_string.ts";
import {
  bindRanges,
  neededColumns,
  newPlanContext,
  planReadTree,
  type ReadNode,
  relationSource,
  selectBody,
} from "./read_plan.ts";
import { ident, qualified, SchemaMiss, unknownRelation } from "./plan_sql.ts";
import type { Relation, SchemaSnapshot } from "./schema_cache.ts";

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

export function applyRange(root: ReadNode, range: RequestShape["range"]): void {
  if (!range) return;
  root.offset = range.lower;
  root.limit = range.upper === null ? null : Math.max(0, range.upper - range.lower + 1);
}

/** The outer statement every row-returning plan shares: total, page size and the JSON body. */
export function aggregate(body: string, countSql: string | null, withBody: boolean, stripNulls = false): string {
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

export function isPlainObject(value: unknown): value is Record<string, unknown> {
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
