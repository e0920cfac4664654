// The PostgREST query grammar, parsed into plain data: select lists with
// aliases, casts, JSON paths and embedded resources; horizontal filters with
// PostgREST's operators, negation, quantifiers and nested and/or trees;
// order, limit and offset (also per embedded resource); on_conflict and
// columns. Nothing here knows the schema: names are checked later against
// the schema cache. Anything that does not parse is PGRST100, as PostgREST
// answers it.
//
// This file holds the parsed shapes, the select list and the parameters around it;
// query_cursor.ts the names and JSON paths everything is made of, query_filters.ts
// the filters and logic trees.

import { PgrstError, queryParamError } from "./errors.ts";
import { Cursor, ParseFailure, parseField, parseJsonPath, parseName } from "./query_cursor.ts";
import { parseFilterParam, parseTreeParam } from "./query_filters.ts";

export interface JsonPathStep {
  arrow: "->" | "->>";
  key: string;
}

export interface FieldRef {
  name: string;
  jsonPath: JsonPathStep[];
}

export type SelectItem =
  | { kind: "star" }
  | { kind: "column"; alias: string | null; field: FieldRef; cast: string | null }
  | {
    kind: "embed";
    alias: string | null;
    relation: string;
    hint: string | null;
    joinType: "inner" | "left" | null;
    spread: boolean;
    items: SelectItem[];
  };

export type FilterValue =
  | { kind: "scalar"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "is"; value: "null" | "not_null" | "true" | "false" | "unknown" };

export interface Filter {
  field: FieldRef;
  negated: boolean;
  operator: string;
  quantifier: "any" | "all" | null;
  /** text search configuration of fts(config) and friends */
  language: string | null;
  value: FilterValue;
}

export type LogicNode =
  | { kind: "filter"; filter: Filter }
  | { kind: "and" | "or"; negated: boolean; children: LogicNode[] };

export interface OrderTerm {
  /** an embedded to-one resource whose column orders the parent: order=artist(name) */
  relation: string | null;
  field: FieldRef;
  direction: "asc" | "desc" | null;
  nulls: "first" | "last" | null;
}

/** Everything for one level of the embedding tree, keyed by its path ("" for the root). */
export interface LevelParams {
  filters: LogicNode[];
  order: OrderTerm[] | null;
  limit: number | null;
  offset: number | null;
}

export interface ParsedQuery {
  select: SelectItem[];
  levels: Map<string, LevelParams>;
  onConflict: string[] | null;
  columns: string[] | null;
  /** query parameters that are neither reserved nor filters: rpc arguments for GET /rpc */
  rest: Array<[string, string]>;
}

const AGGREGATES = new Set(["count", "sum", "avg", "max", "min"]);

// ---------------------------------------------------------------------------
// select
// ---------------------------------------------------------------------------

function parseSelectItems(cursor: Cursor, nested: boolean): SelectItem[] {
  const items: SelectItem[] = [];
  if (nested && cursor.peek() === ")") return items;
  for (;;) {
    items.push(parseSelectItem(cursor));
    if (cursor.eat(",")) continue;
    if (nested ? cursor.peek() === ")" : cursor.done) return items;
    cursor.fail(nested ? `"," or ")"` : `"," or end of input`);
  }
}

function parseSelectItem(cursor: Cursor): SelectItem {
  if (cursor.eat("*")) return { kind: "star" };
  const spread = cursor.eat("...");
  const start = cursor.pos;
  let alias: string | null = null;
  let name = parseName(cursor);
  if (cursor.peek() === ":" && cursor.peek(1) !== ":") {
    cursor.pos++;
    alias = name;
    name = parseName(cursor);
  }
  if (cursor.peek() === "!" || cursor.peek() === "(") {
    let hint: string | null = null;
    let joinType: "inner" | "left" | null = null;
    while (cursor.eat("!")) {
      const word = parseName(cursor, "embed hint");
      if (word === "inner" || word === "left") joinType = word;
      else if (hint === null) hint = word;
      else cursor.fail(`"inner" or "left"`);
    }
    cursor.expect("(");
    if (AGGREGATES.has(name) && cursor.peek() === ")" && hint === null) {
      throw new ParseFailure("aggregate");
    }
    const items = parseSelectItems(cursor, true);
    cursor.expect(")");
    return { kind: "embed", alias, relation: name, hint, joinType, spread, items };
  }
  if (spread) {
    cursor.pos = start;
    cursor.fail("an embedded resource after ...");
  }
  const jsonPath = parseJsonPath(cursor);
  if (cursor.peek() === "." && /^\.(count|sum|avg|max|min)\(\)/.test(cursor.text.slice(cursor.pos))) {
    throw new ParseFailure("aggregate");
  }
  let cast: string | null = null;
  if (cursor.eat("::")) {
    const castStart = cursor.pos;
    while (!cursor.done && /[A-Za-z0-9_]/.test(cursor.peek())) cursor.pos++;
    cast = cursor.text.slice(castStart, cursor.pos);
    if (cast === "") cursor.fail("cast type");
  }
  return { kind: "column", alias, field: { name, jsonPath }, cast };
}

export function parseSelect(raw: string): SelectItem[] {
  const cursor = new Cursor(raw);
  try {
    if (raw.trim() === "") return [];
    return parseSelectItems(cursor, false);
  } catch (error) {
    if (error instanceof ParseFailure) {
      if (error.message === "aggregate") {
        throw new PgrstError(400, "PGRST123", "Use of aggregate functions is not allowed");
      }
      throw queryParamError(`"failed to parse select parameter (${raw})"`, error.message);
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------
// order, limit, offset, column lists
// ---------------------------------------------------------------------------

function parseOrder(raw: string): OrderTerm[] {
  const cursor = new Cursor(raw);
  const terms: OrderTerm[] = [];
  try {
    for (;;) {
      let relation: string | null = null;
      let field = parseField(cursor);
      if (cursor.eat("(")) {
        relation = field.name;
        field = parseField(cursor);
        cursor.expect(")");
      }
      let direction: OrderTerm["direction"] = null;
      let nulls: OrderTerm["nulls"] = null;
      while (cursor.eat(".")) {
        if (cursor.eat("asc")) direction = "asc";
        else if (cursor.eat("desc")) direction = "desc";
        else if (cursor.eat("nullsfirst")) nulls = "first";
        else if (cursor.eat("nullslast")) nulls = "last";
        else cursor.fail(`"asc", "desc", "nullsfirst" or "nullslast"`);
      }
      terms.push({ relation, field, direction, nulls });
      if (cursor.eat(",")) continue;
      if (cursor.done) return terms;
      cursor.fail(`"," or end of input`);
    }
  } catch (error) {
    if (error instanceof ParseFailure) throw queryParamError(`"failed to parse order (${raw})"`, error.message);
    throw error;
  }
}

function parseNonNegativeInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) {
    throw queryParamError(
      `"failed to parse ${name} parameter (${raw})"`,
      `unexpected "${raw[0] ?? ""}" expecting digit`,
    );
  }
  return Number(raw);
}

function parseColumnList(name: string, raw: string): string[] {
  const cursor = new Cursor(raw);
  const names: string[] = [];
  try {
    for (;;) {
      names.push(parseName(cursor));
      if (cursor.eat(",")) continue;
      if (cursor.done) return names;
      cursor.fail(`"," or end of input`);
    }
  } catch (error) {
    if (error instanceof ParseFailure) {
      throw queryParamError(`"failed to parse ${name} parameter (${raw})"`, error.message);
    }
    throw error;
  }
}

/** Splits "a.b.c" into the embedding path ["a","b"] and the last segment "c" (quotes respected). */
function splitKey(key: string): { path: string[]; last: string } {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of key) {
    if (ch === '"') quoted = !quoted;
    if (ch === "." && !quoted) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return { path: parts.slice(0, -1), last: parts.at(-1)! };
}

function level(levels: Map<string, LevelParams>, path: string[]): LevelParams {
  const key = path.join(".");
  let params = levels.get(key);
  if (!params) {
    params = { filters: [], order: null, limit: null, offset: null };
    levels.set(key, params);
  }
  return params;
}

const RESERVED = new Set(["select", "columns", "on_conflict"]);

/**
 * Parses a request's query string. `isArgument` says which plain names are
 * function arguments (GET /rpc) rather than filters.
 */
export function parseQuery(params: URLSearchParams, isArgument: (name: string) => boolean = () => false): ParsedQuery {
  const levels = new Map<string, LevelParams>([["", { filters: [], order: null, limit: null, offset: null }]]);
  let select: SelectItem[] = [{ kind: "star" }];
  let onConflict: string[] | null = null;
  let columns: string[] | null = null;
  const rest: Array<[string, string]> = [];
  for (const [key, value] of params) {
    if (key === "select") {
      select = parseSelect(value);
      continue;
    }
    if (key === "on_conflict") {
      onConflict = parseColumnList("on_conflict", value);
      continue;
    }
    if (key === "columns") {
      columns = parseColumnList("columns", value);
      continue;
    }
    if (key === "apikey") continue;
    if (RESERVED.has(key)) continue;
    const { path, last } = splitKey(key);
    if (last === "order") {
      level(levels, path).order = parseOrder(value);
      continue;
    }
    if (last === "limit") {
      level(levels, path).limit = parseNonNegativeInt("limit", value);
      continue;
    }
    if (last === "offset") {
      level(levels, path).offset = parseNonNegativeInt("offset", value);
      continue;
    }
    if (path.at(-1) === "not" && (last === "or" || last === "and")) {
      // not.or=(...) splits as path [..., "not"] and "or"
      level(levels, path.slice(0, -1)).filters.push(parseTreeParam(`not.${last}`, value));
      continue;
    }
    if (last === "or" || last === "and") {
      level(levels, path).filters.push(parseTreeParam(last, value));
      continue;
    }
    if (path.length === 0 && isArgument(last)) {
      rest.push([key, value]);
      continue;
    }
    level(levels, path).filters.push({ kind: "filter", filter: parseFilterParam(key, last, value) });
  }
  return { select, levels, onConflict, columns, rest };
}
