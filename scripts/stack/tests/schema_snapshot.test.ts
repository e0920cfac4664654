// normaliseDump: two dumps of one database in another creation order compare
// equal; a changed function body or a new grant does not.

import { assertEquals, assertNotEquals } from "../../test/assert.ts";
import { CRON_JOBS_MARKER, normaliseDump, schemaChanges } from "../schema_snapshot.ts";

const fn = (body: string) =>
  [
    "CREATE FUNCTION public.f() RETURNS integer",
    "    LANGUAGE plpgsql",
    "    AS $$",
    "begin",
    "",
    `  ${body};`,
    "  return 1;",
    "end",
    "$$;",
  ].join("\n");

const dumpA = [
  "--",
  "-- PostgreSQL database dump",
  "--",
  "SET statement_timeout = 0;",
  "SELECT pg_catalog.set_config('search_path', '', false);",
  "\\restrict abc123",
  "",
  "CREATE TABLE public.t (id integer);",
  "",
  fn("perform 1"),
  "",
  "GRANT ALL ON TABLE public.t TO anon;",
  "\\unrestrict abc123",
].join("\n");

const dumpB = [
  "--",
  "-- another header",
  "--",
  "\\restrict zzz999",
  "GRANT ALL ON TABLE public.t TO anon;",
  "",
  fn("perform 1"),
  "CREATE TABLE public.t (id integer);",
  "\\unrestrict zzz999",
].join("\n");

Deno.test("normaliseDump: order, comments, SET lines and pg_dump's restrict keys do not count", () => {
  assertEquals(normaliseDump(dumpA), normaliseDump(dumpB));
});

Deno.test("normaliseDump: a blank line or semicolon inside a $$ body stays part of its function", () => {
  const text = normaliseDump(dumpA);
  assertEquals(text.includes(fn("perform 1")), true, "the whole function, its blank line included, is one statement");
  assertEquals(text.startsWith("CREATE FUNCTION"), true, "sorted first, as one statement");
});

Deno.test("normaliseDump: a changed function body or a new grant is a difference", () => {
  assertNotEquals(normaliseDump(dumpA), normaliseDump(dumpA.replace("perform 1", "perform 2")));
  assertNotEquals(normaliseDump(dumpA), normaliseDump(dumpA + "\nGRANT ALL ON TABLE public.t TO authenticated;\n"));
});

Deno.test("schemaChanges: a changed function is its old and new first line, a new cron job one added line", () => {
  const before = normaliseDump(dumpA) + CRON_JOBS_MARKER + "a | * * * * * | select 1\n";
  const after = normaliseDump(dumpA.replace("perform 1", "perform 2")) + CRON_JOBS_MARKER +
    "a | * * * * * | select 1\nb | 0 * * * * | select 2\n";
  assertEquals(schemaChanges(before, after), [
    "+ CREATE FUNCTION public.f() RETURNS integer",
    "+ cron job b | 0 * * * * | select 2",
    "- CREATE FUNCTION public.f() RETURNS integer",
  ]);
  assertEquals(schemaChanges(before, before), []);
});
