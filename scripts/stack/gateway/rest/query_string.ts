// The PostgREST query grammar, parsed into plain data: select lists with
// aliases, casts, JSON paths and embedded resources; horizontal filters with
// PostgREST's operators, negation, quantifiers and nested and/or trees;
// order, limit and offset (also per embedded resource); on_conflict and
// columns. Nothing here knows the schema: names are checked later against
// the schema cache. Anything that does not parse is PGRST100, as PostgREST
// answers it.

import { PgrstError, queryParamError } from "./errors.ts";

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

export const OPERATORS: Record<string, string> = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
  like: "like",
  ilike: "ilike",
  match: "~",
  imatch: "~*",
  cs: "@>",
  cd: "<@",
  ov: "&&",
  sl: "<<",
  sr: ">>",
  nxr: "&<",
  nxl: "&>",
  adj: "-|-",
};
const QUANTIFIABLE = new Set(["eq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch"]);
const TEXT_SEARCH = new Set(["fts", "plfts", "phfts", "wfts"]);
const ALL_OPERATORS = [...Object.keys(OPERATORS), "in", "is", "isdistinct", ...TEXT_SEARCH];
const AGGREGATES = new Set(["count", "sum", "avg", "max", "min"]);

class ParseFailure extends Error {}

/** A cursor over one parameter value with PostgREST-style "unexpected ... expecting ..." failures. */
class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }
  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }
  eat(token: string): boolean {
    if (this.startsWith(token)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }
  expect(token: string): void {
    if (!this.eat(token)) this.fail(`"${token}"`);
  }
  fail(expecting: string): never {
    const found = this.done ? "end of input" : `"${this.peek()}"`;
    throw new ParseFailure(`unexpected ${found} expecting ${expecting}`);
  }
}

const NAME_CHAR = /[\p{L}\p{N}_$ ]/u;

/** A field or relation name: letters, digits, _ $ and space, with inner hyphens; or "double quoted". */
function parseName(cursor: Cursor, what = "field name (* or [a..z0..9_$])"): string {
  if (cursor.peek() === '"') return parseQuoted(cursor);
  const start = cursor.pos;
  while (!cursor.done) {
    const ch = cursor.peek();
    if (NAME_CHAR.test(ch)) cursor.pos++;
    else if (ch === "-" && cursor.peek(1) !== ">" && cursor.pos > start && NAME_CHAR.test(cursor.peek(1))) cursor.pos++;
    else break;
  }
  const name = cursor.text.slice(start, cursor.pos).trim();
  if (name === "") {
    cursor.pos = start;
    cursor.fail(what);
  }
  return name;
}

function parseQuoted(cursor: Cursor): string {
  cursor.expect('"');
  let out = "";
  while (!cursor.done && cursor.peek() !== '"') {
    if (cursor.peek() === "\\" && cursor.pos + 1 < cursor.text.length) cursor.pos++;
    out += cursor.peek();
    cursor.pos++;
  }
  cursor.expect('"');
  return out;
}

function parseJsonPath(cursor: Cursor): JsonPathStep[] {
  const steps: JsonPathStep[] = [];
  while (cursor.startsWith("->")) {
    const arrow = cursor.eat("->>") ? "->>" : (cursor.eat("->"), "->");
    let key: string;
    if (cursor.peek() === '"') key = parseQuoted(cursor);
    else {
      const start = cursor.pos;
      if (cursor.peek() === "-") cursor.pos++;
      while (!cursor.done && /[\p{L}\p{N}_$]/u.test(cursor.peek())) cursor.pos++;
      key = cursor.text.slice(start, cursor.pos);
      if (key === "" || key === "-") {
        cursor.pos = start;
        cursor.fail("json key");
      }
    }
    steps.push({ arrow, key });
  }
  return steps;
}

function parseField(cursor: Cursor): FieldRef {
  const name = parseName(cursor);
  return { name, jsonPath: parseJsonPath(cursor) };
}

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
// filters
// ---------------------------------------------------------------------------

/**
 * The operator part of a filter value: [not.]op[(any|all)|(language)].value.
 * In a logic tree the value ends at the first "," or ")" outside quotes and lists.
 */
function parseOperation(cursor: Cursor, field: FieldRef, inTree: boolean): Filter {
  let negated = false;
  if (cursor.startsWith("not.")) {
    negated = true;
    cursor.pos += 4;
  }
  const opStart = cursor.pos;
  while (!cursor.done && /[a-z]/.test(cursor.peek())) cursor.pos++;
  const operator = cursor.text.slice(opStart, cursor.pos);
  if (!ALL_OPERATORS.includes(operator)) {
    cursor.pos = opStart;
    cursor.fail(`"not" or operator (${ALL_OPERATORS.join(", ")})`);
  }
  let quantifier: Filter["quantifier"] = null;
  let language: string | null = null;
  if (cursor.eat("(")) {
    const argStart = cursor.pos;
    while (!cursor.done && /[A-Za-z0-9_]/.test(cursor.peek())) cursor.pos++;
    const arg = cursor.text.slice(argStart, cursor.pos);
    cursor.expect(")");
    if (TEXT_SEARCH.has(operator) && arg !== "") language = arg;
    else if ((arg === "any" || arg === "all") && QUANTIFIABLE.has(operator)) quantifier = arg;
    else {
      cursor.pos = argStart;
      cursor.fail(TEXT_SEARCH.has(operator) ? "text search language" : `"any" or "all"`);
    }
  }
  cursor.expect(".");
  let value: FilterValue;
  if (operator === "is") {
    const start = cursor.pos;
    const word = readScalar(cursor, inTree).toLowerCase();
    if (!["null", "not_null", "true", "false", "unknown"].includes(word)) {
      cursor.pos = start;
      cursor.fail(`null or trilean value (unknown, true, false)`);
    }
    value = { kind: "is", value: word as "null" };
  } else if (operator === "in" || quantifier !== null) {
    value = { kind: "list", items: readList(cursor, operator === "in" ? "(" : "{") };
  } else {
    value = { kind: "scalar", text: readScalar(cursor, inTree) };
  }
  return { field, negated, operator, quantifier, language, value };
}

function readScalar(cursor: Cursor, inTree: boolean): string {
  if (!inTree) {
    const text = cursor.text.slice(cursor.pos);
    cursor.pos = cursor.text.length;
    return text;
  }
  if (cursor.peek() === '"') return parseQuoted(cursor);
  const start = cursor.pos;
  while (!cursor.done && cursor.peek() !== "," && cursor.peek() !== ")") cursor.pos++;
  return cursor.text.slice(start, cursor.pos);
}

/** (a,b,"c,d") for in, {a,b} for quantified operators; quotes protect commas and parentheses. */
function readList(cursor: Cursor, open: "(" | "{"): string[] {
  const close = open === "(" ? ")" : "}";
  cursor.expect(open);
  const items: string[] = [];
  if (cursor.eat(close)) return items;
  for (;;) {
    if (cursor.peek() === '"') items.push(parseQuoted(cursor));
    else {
      const start = cursor.pos;
      while (!cursor.done && cursor.peek() !== "," && cursor.peek() !== close) cursor.pos++;
      items.push(cursor.text.slice(start, cursor.pos));
    }
    if (cursor.eat(",")) continue;
    cursor.expect(close);
    return items;
  }
}

function parseLogicTree(cursor: Cursor, kind: "and" | "or", negated: boolean): LogicNode {
  cursor.expect("(");
  const children: LogicNode[] = [];
  for (;;) {
    children.push(parseLogicTerm(cursor));
    if (cursor.eat(",")) continue;
    cursor.expect(")");
    return { kind, negated, children };
  }
}

function parseLogicTerm(cursor: Cursor): LogicNode {
  const negated = cursor.startsWith("not.and(") || cursor.startsWith("not.or(");
  if (negated) cursor.pos += 4;
  if (cursor.startsWith("and(") || cursor.startsWith("or(")) {
    const kind = cursor.eat("and") ? "and" : (cursor.eat("or"), "or");
    return parseLogicTree(cursor, kind, negated);
  }
  const field = parseField(cursor);
  cursor.expect(".");
  return { kind: "filter", filter: parseOperation(cursor, field, true) };
}

// ---------------------------------------------------------------------------
// order
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

function parseTreeParam(name: string, raw: string): LogicNode {
  const negated = name.startsWith("not.");
  const kind = name.endsWith("and") ? "and" : "or";
  const cursor = new Cursor(raw);
  try {
    const node = parseLogicTree(cursor, kind, negated);
    if (!cursor.done) cursor.fail("end of input");
    return node;
  } catch (error) {
    if (error instanceof ParseFailure) {
      throw queryParamError(`"failed to parse logic tree (${raw})" (line 1, column ${cursor.pos + 1})`, error.message);
    }
    throw error;
  }
}

function parseFilterParam(key: string, last: string, raw: string): Filter {
  let field: FieldRef;
  try {
    const cursor = new Cursor(last);
    field = parseField(cursor);
    if (!cursor.done) cursor.fail("json path or end of input");
  } catch (error) {
    if (error instanceof ParseFailure) throw queryParamError(`"failed to parse filter (${key})"`, error.message);
    throw error;
  }
  const cursor = new Cursor(raw);
  try {
    return parseOperation(cursor, field, false);
  } catch (error) {
    if (error instanceof ParseFailure) {
      throw queryParamError(`"failed to parse filter (${raw})" (line 1, column ${cursor.pos + 1})`, error.message);
    }
    throw error;
  }
}
