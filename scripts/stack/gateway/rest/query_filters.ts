// PostgREST's horizontal filters: [not.]operator[(any|all)|(language)].value on a column or JSON path, and
// the and/or logic trees that nest them (or=(a.eq.1,and(b.gt.2,c.is.null))). Operator names map to SQL
// here; read_plan.ts renders them.

import { queryParamError } from "./errors.ts";
import type { FieldRef, Filter, FilterValue, LogicNode } from "./query_string.ts";
import { Cursor, ParseFailure, parseField, parseQuoted } from "./query_cursor.ts";

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

/** An or=/and=/not.or=/not.and= parameter. */
export function parseTreeParam(name: string, raw: string): LogicNode {
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

/** A column=operator.value parameter (key is the whole parameter name, last its column part). */
export function parseFilterParam(key: string, last: string, raw: string): Filter {
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
