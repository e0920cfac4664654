// The size check finds long functions of every kind by parsing, and fails on
// anything over the limits that its backlog does not list, or that grew past it.

import { assertEquals } from "../test/assert.ts";
import { failures, longFunctions, longSqlFunctions, type Oversize } from "./sizes.ts";

const body = (lines: number) => Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`).join("\n");

Deno.test("longFunctions: declarations, arrows, methods and callbacks over the limit, by name and length", () => {
  const source = [
    `export function long() {\n${body(121)}\n}`,
    `function short() {\n${body(120)}\n}`,
    `const arrow = () => {\n${body(130)}\n};`,
    `class C {\n  method() {\n${body(125)}\n  }\n}`,
    `describe("x", () => {\n${body(200)}\n});`,
    // a brace inside a string or a template does not end the function early
    'function tricky() {\n  const s = "}";\n  const t = `${"}"}`;\n' + body(120) + "\n}",
  ].join("\n");
  const found = longFunctions("x.ts", source).map((f) => [f.name, f.lines]);
  assertEquals(found, [["long", 121], ["arrow", 130], ["method", 125], ["describe(<callback>)", 200], [
    "tricky",
    122,
  ]]);
  // TSX parses too: a component is a function like any other
  const page = `export function Page() {\n  return (\n    <div>\n${body(130)}\n    </div>\n  );\n}`;
  assertEquals(longFunctions("x.tsx", page).map((f) => f.name), ["Page"]);
});

Deno.test("failures: anything not in the backlog fails, a backlog entry only while it does not grow", () => {
  const file = (lines: number): Oversize => ({ path: "a.ts", line: 1, name: "(file)", lines });
  const fn = (lines: number): Oversize => ({ path: "a.ts", line: 3, name: "run", lines });
  const backlog = { "a.ts": 600, "a.ts run": 150 };
  assertEquals(failures([file(600), fn(150)], backlog), []);
  assertEquals(failures([file(601), fn(140)], backlog), [file(601)]);
  assertEquals(failures([fn(151)], backlog), [fn(151)]);
  assertEquals(failures([{ ...fn(121), name: "other" }], backlog).length, 1);
});

Deno.test("longSqlFunctions: a migration's functions from create to the closing $$, by name and length", () => {
  const fn = (name: string, lines: number) =>
    [`create function public.${name}(x integer) returns integer`, "language sql", "as $$"]
      .concat(Array.from({ length: lines - 4 }, (_, i) => `  select ${i}`), ["$$;"]).join("\n");
  const source = [
    fn("long_one", 121),
    "comment on function public.long_one(integer) is 'a $$ inside a string does not end anything';",
    fn("short_one", 120),
    fn("tail", 130).replace("create function", "create or replace function"),
  ].join("\n");
  assertEquals(longSqlFunctions("m.sql", source).map((f) => [f.name, f.lines, f.line]), [
    ["public.long_one", 121, 1],
    ["public.tail", 130, 243],
  ]);
});
