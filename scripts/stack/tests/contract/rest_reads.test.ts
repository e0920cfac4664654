// /rest/v1 contract, reads: every select, filter, order, range and count form TheSet uses.
// Driven through supabase-js against the running gateway, with PostgREST's answers (statuses, error
// codes and bodies) for the forms it refuses; the fixtures are rest_fixtures.ts's.

import { assertEquals } from "../../../test/assert.ts";
import { raw } from "./fixtures.ts";
import { anon, setupFixtures, teardownFixtures, test } from "./rest_fixtures.ts";

setupFixtures();

test("select with a column list, aliases and a cast", async () => {
  const { data, error, status } = await anon.from("contract_bands").select("id, band:name, formed::text").eq("id", 1);
  assertEquals(error, null);
  assertEquals(status, 200);
  assertEquals(data, [{ id: 1, band: "Arctic Monkeys", formed: "2002" }]);
});

test("select * keeps the table's column order and JSON types", async () => {
  const { data } = await anon.from("contract_bands").select("*").eq("id", 1).single();
  assertEquals(Object.keys(data!), ["id", "name", "country", "formed", "tags", "meta", "rating"]);
  assertEquals(data!.tags, ["indie", "rock"]);
  assertEquals(data!.meta, { label: "Domino", members: 4 });
});

test("JSON paths in select and filters", async () => {
  const { data, error } = await anon.from("contract_bands").select("id, label:meta->>label, members:meta->members")
    .eq("meta->>label", "Domino");
  assertEquals(error, null);
  assertEquals(data, [{ id: 1, label: "Domino", members: 4 }]);
});

const bandIds = () => anon.from("contract_bands").select("id");
type BandQuery = ReturnType<typeof bandIds>;

const filterCases: Array<[string, (q: BandQuery) => BandQuery, number[]]> = [
  ["eq", (q) => q.eq("country", "GB"), [1, 5]],
  ["neq", (q) => q.neq("country", "GB"), [2, 3, 4]],
  ["gt", (q) => q.gt("formed", 2002), [2]],
  ["gte", (q) => q.gte("formed", 2002), [1, 2]],
  ["lt", (q) => q.lt("formed", 2001), [4]],
  ["lte", (q) => q.lte("formed", 2001), [3, 4]],
  ["in", (q) => q.in("name", ["Caribou", "Elbow", "Nobody, with a comma"]), [3, 5]],
  ["is null", (q) => q.is("formed", null), [5]],
  ["not is null", (q) => q.not("formed", "is", null), [1, 2, 3, 4]],
  ["like", (q) => q.like("name", "%o%"), [1, 2, 3, 5]],
  ["ilike", (q) => q.ilike("name", "a%"), [1]],
  ["like any of", (q) => q.likeAnyOf("name", ["A%", "E%"]), [1, 5]],
  ["or", (q) => q.or("country.eq.FR,formed.gte.2018"), [2, 4]],
  ["nested or/and", (q) => q.or("and(country.eq.GB,formed.not.is.null),name.eq.Caribou"), [1, 3]],
  ["not in", (q) => q.not("country", "in", "(GB,US)"), [3, 4]],
  ["contains", (q) => q.contains("tags", ["electronic"]), [3, 4]],
  ["overlaps", (q) => q.overlaps("tags", ["house", "indie"]), [1, 2, 4]],
  ["jsonb contains", (q) => q.contains("meta", { label: "Columbia" }), [4]],
  ["text search", (q) => q.textSearch("name", "punk"), [4]],
  ["filter()", (q) => q.filter("formed", "in", "(1993,2018)"), [2, 4]],
  ["match()", (q) => q.match({ country: "GB", formed: 2002 }), [1]],
];

for (const [name, apply, expected] of filterCases) {
  test(`filter: ${name}`, async () => {
    const { data, error } = await apply(bandIds()).order("id");
    assertEquals(error, null);
    assertEquals(data!.map((r) => r.id), expected);
  });
}

test("order with nulls first/last over several columns", async () => {
  const first = await anon.from("contract_bands").select("id").order("formed", { ascending: false, nullsFirst: true });
  assertEquals(first.data!.map((r) => r.id), [5, 2, 1, 3, 4]);
  const last = await anon.from("contract_bands").select("id").order("country").order("formed", {
    ascending: true,
    nullsFirst: false,
  });
  assertEquals(last.data!.map((r) => r.id), [3, 4, 1, 5, 2]);
});

test("limit, offset (range) and the Range header", async () => {
  const { data } = await anon.from("contract_bands").select("id").order("id").range(1, 2);
  assertEquals(data!.map((r) => r.id), [2, 3]);
  const limited = await anon.from("contract_bands").select("id").order("id").limit(2);
  assertEquals(limited.data!.map((r) => r.id), [1, 2]);
  const header = await anon.from("contract_bands").select("id").order("id").setHeader("Range", "3-9");
  assertEquals(header.data!.map((r) => r.id), [4, 5]);
  const inverted = await raw("/rest/v1/contract_bands?select=id", { headers: { Range: "4-2" } });
  assertEquals(inverted.status, 416);
  assertEquals((inverted.body as { code: string }).code, "PGRST103");
});

test("count=exact answers Content-Range and 206 for a partial page", async () => {
  const page = await anon.from("contract_bands").select("id", { count: "exact" }).order("id").range(0, 1);
  assertEquals(page.status, 206);
  assertEquals(page.count, 5);
  assertEquals(page.data!.length, 2);
  const whole = await anon.from("contract_bands").select("id", { count: "exact" });
  assertEquals(whole.status, 200);
  assertEquals(whole.count, 5);
  const head = await anon.from("contract_bands").select("*", { count: "exact", head: true }).eq("country", "GB");
  assertEquals(head.count, 2);
  assertEquals(head.data, null);
  const response = await raw("/rest/v1/contract_bands?select=id&order=id&limit=2&offset=1", {
    headers: { Prefer: "count=exact" },
  });
  assertEquals(response.headers.get("content-range"), "1-2/5");
  const beyond = await raw("/rest/v1/contract_bands?select=id&offset=9", { headers: { Prefer: "count=exact" } });
  assertEquals(beyond.status, 416);
  assertEquals(beyond.body, {
    code: "PGRST103",
    details: "An offset of 9 was requested, but there are only 5 rows.",
    hint: null,
    message: "Requested range not satisfiable",
  });
});

test(".single() and .maybeSingle()", async () => {
  const one = await anon.from("contract_bands").select("name").eq("id", 2).single();
  assertEquals(one.data, { name: "Boygenius" });
  const none = await anon.from("contract_bands").select("name").eq("id", 999).single();
  assertEquals(none.status, 406);
  assertEquals(none.error, {
    code: "PGRST116",
    details: "The result contains 0 rows",
    hint: null,
    message: "Cannot coerce the result to a single JSON object",
  });
  const many = await anon.from("contract_bands").select("name").eq("country", "GB").single();
  assertEquals(many.error?.code, "PGRST116");
  assertEquals(many.error?.details, "The result contains 2 rows");
  const maybeNone = await anon.from("contract_bands").select("name").eq("id", 999).maybeSingle();
  assertEquals([maybeNone.data, maybeNone.error], [null, null]);
  const maybeOne = await anon.from("contract_bands").select("name").eq("id", 3).maybeSingle();
  assertEquals(maybeOne.data, { name: "Caribou" });
});

teardownFixtures();
