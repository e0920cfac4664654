// The SQL text every plan is written with: quoted identifiers, bound parameters, array literals,
// column references with JSON paths, and the errors for names the schema cache does not have.

import { closestByEdits, closestName, PgrstError } from "./errors.ts";
import type { FieldRef } from "./query_string.ts";
import type { Column, SchemaSnapshot } from "./schema_cache.ts";
import { EXPOSED_SCHEMA } from "./schema_cache.ts";
import type { Source } from "./read_plan.ts";

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(name: string): string {
  return `${ident(EXPOSED_SCHEMA)}.${ident(name)}`;
}

/**
 * Collects bind parameters; every value a client sends goes through here. The
 * statement receives them as one text[] ($1) and each use casts its element
 * to the type it meets (the column's type, text for patterns, ...), so Postgres
 * parses the value with that type's input function as PostgREST's untyped
 * parameters would be.
 */
export class Params {
  readonly values: Array<string | null> = [];
  add(value: string | null, type: string): string {
    this.values.push(value);
    return `$1[${this.values.length}]::${type}`;
  }
}

/** A Postgres array literal of text elements (NULL for null), quoting every element. */
export function arrayLiteral(items: Array<string | null>): string {
  return `{${
    items.map((item) => item === null ? "NULL" : `"${item.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")
  }}`;
}

/** Thrown when a name is not in the schema cache: the caller may reload and retry once. */
export class SchemaMiss extends PgrstError {}

export function unknownColumn(relation: string, column: string, candidates: Iterable<string>): SchemaMiss {
  const suggestion = closestByEdits(column, candidates);
  return new SchemaMiss(
    400,
    "42703",
    `column ${relation}.${column} does not exist`,
    null,
    suggestion ? `Perhaps you meant to reference the column "${relation}.${suggestion}".` : null,
  );
}

export function unknownRelation(snapshot: SchemaSnapshot, name: string): SchemaMiss {
  const suggestion = closestName(name, snapshot.relations.keys(), 0.55);
  return new SchemaMiss(
    404,
    "PGRST205",
    `Could not find the table '${EXPOSED_SCHEMA}.${name}' in the schema cache`,
    null,
    suggestion ? `Perhaps you meant the table '${EXPOSED_SCHEMA}.${suggestion}'` : null,
  );
}

/** Renders a column reference with its JSON path; keys are bound parameters. */
export function fieldSql(alias: string, field: FieldRef, params: Params): string {
  let sql = `${alias}.${ident(field.name)}`;
  for (const step of field.jsonPath) {
    const key = /^-?\d+$/.test(step.key) ? params.add(step.key, "int") : params.add(step.key, "text");
    sql = `${sql}${step.arrow}${key}`;
  }
  return sql;
}

export function checkColumn(source: Source, name: string): Column {
  const column = source.columns.get(name);
  if (!column) throw unknownColumn(source.name, name, source.columns.keys());
  return column;
}

/** PGRST108: a filter or order names an embedded resource the select list does not have. */
export function notEmbedded(name: string): PgrstError {
  return new PgrstError(
    400,
    "PGRST108",
    `'${name}' is not an embedded resource in this request`,
    null,
    `Verify that '${name}' is included in the 'select' query parameter.`,
  );
}
