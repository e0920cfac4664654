// The lexical layer of the PostgREST query grammar: a cursor over one parameter value that fails the way
// PostgREST does ("unexpected ... expecting ..."), and the names, quoted names, JSON paths and fields
// every other part of the grammar is made of.

import type { FieldRef, JsonPathStep } from "./query_string.ts";

/** A parse error inside one parameter; the caller turns it into PGRST100 with the parameter's name. */
export class ParseFailure extends Error {}

/** A cursor over one parameter value with PostgREST-style "unexpected ... expecting ..." failures. */
export class Cursor {
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
export function parseName(cursor: Cursor, what = "field name (* or [a..z0..9_$])"): string {
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

export function parseQuoted(cursor: Cursor): string {
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

export function parseJsonPath(cursor: Cursor): JsonPathStep[] {
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

export function parseField(cursor: Cursor): FieldRef {
  const name = parseName(cursor);
  return { name, jsonPath: parseJsonPath(cursor) };
}
