// /rest/v1 contract, embedding: resources joined through foreign keys, junction tables and views,
// with their own filters, order and limits.
// Driven through supabase-js against the running gateway, with PostgREST's answers (statuses, error
// codes and bodies) for the forms it refuses; the fixtures are rest_fixtures.ts's.

import { assert, assertEquals, assertMatch } from "../../../test/assert.ts";
import { anon, setupFixtures, teardownFixtures, test } from "./rest_fixtures.ts";

setupFixtures();

test("embed many-to-one through an explicit foreign key hint", async () => {
  const { data, error } = await anon.from("contract_gigs")
    .select("venue, band:contract_bands!contract_gigs_band_id_fkey(name), support:contract_bands!support_band_id(name)")
    .order("id");
  assertEquals(error, null);
  assertEquals(data, [
    { venue: "Royal Albert Hall", band: { name: "Arctic Monkeys" }, support: { name: "Boygenius" } },
    { venue: "Sheffield Arena", band: { name: "Arctic Monkeys" }, support: null },
    { venue: "Forest Hills", band: { name: "Boygenius" }, support: null },
    { venue: "Primavera", band: { name: "Caribou" }, support: { name: "Arctic Monkeys" } },
  ]);
});

test("embed one-to-many with its own order and limit", async () => {
  const { data, error } = await anon.from("contract_bands")
    .select("name, gigs:contract_gigs!contract_gigs_band_id_fkey(venue)")
    .in("id", [1, 4])
    .order("id")
    .order("played_on", { referencedTable: "gigs", ascending: false })
    .limit(1, { referencedTable: "gigs" });
  assertEquals(error, null);
  assertEquals(data, [
    { name: "Arctic Monkeys", gigs: [{ venue: "Sheffield Arena" }] },
    { name: "Daft Punk", gigs: [] },
  ]);
});

test("embed many-to-many through the junction table", async () => {
  const { data, error } = await anon.from("contract_gigs")
    .select("venue, lineup:contract_bands!contract_gig_bands(name)")
    .eq("id", 1)
    .order("name", { referencedTable: "lineup" })
    .single();
  assertEquals(error, null);
  assertEquals(data, { venue: "Royal Albert Hall", lineup: [{ name: "Arctic Monkeys" }, { name: "Boygenius" }] });
});

test("an ambiguous embed answers PGRST201 with the candidates", async () => {
  const { error, status } = await anon.from("contract_gigs").select("venue, contract_bands(name)");
  assertEquals(status, 300);
  assertEquals(error?.code, "PGRST201");
  assertEquals(
    error?.message,
    "Could not embed because more than one relationship was found for 'contract_gigs' and 'contract_bands'",
  );
  assert(Array.isArray(error?.details) && error!.details.length === 3, "lists every candidate relationship");
  assertMatch(error!.hint, /'contract_bands!contract_gigs_band_id_fkey'/);
});

test("a missing relationship answers PGRST200", async () => {
  const { error, status } = await anon.from("contract_bands").select("name, contract_log(*)");
  assertEquals(status, 400);
  assertEquals(error?.code, "PGRST200");
  assertEquals(
    error?.message,
    "Could not find a relationship between 'contract_bands' and 'contract_log' in the schema cache",
  );
});

test("!inner with a filter on the embedded column filters the parents", async () => {
  const { data, error } = await anon.from("contract_gigs")
    .select("venue, band:contract_bands!contract_gigs_band_id_fkey!inner(name)")
    .eq("band.name", "Arctic Monkeys")
    .order("id");
  assertEquals(error, null);
  assertEquals(data!.map((g) => g.venue), ["Royal Albert Hall", "Sheffield Arena"]);
});

test("a filter on an embedded column without !inner keeps every parent", async () => {
  const { data } = await anon.from("contract_bands")
    .select("id, gigs:contract_gigs!contract_gigs_band_id_fkey(venue)")
    .eq("gigs.venue", "Forest Hills")
    .order("id");
  assertEquals(data!.map((b) => [b.id, b.gigs.length]), [[1, 0], [2, 1], [3, 0], [4, 0], [5, 0]]);
});

test("embedded or-filters, null filters on an embed and ordering by a to-one column", async () => {
  const either = await anon.from("contract_bands")
    .select("id, gigs:contract_gigs!contract_gigs_band_id_fkey!inner(venue)")
    .or("venue.eq.Primavera,venue.eq.Forest Hills", { referencedTable: "gigs" })
    .order("id");
  assertEquals(either.data!.map((b) => b.id), [2, 3]);
  const withSupport = await anon.from("contract_gigs")
    .select("id, support:contract_bands!support_band_id(name)")
    .not("support", "is", null)
    .order("id");
  assertEquals(withSupport.data!.map((g) => g.id), [1, 4]);
  const byBand = await anon.from("contract_gigs")
    .select("id, band:contract_bands!contract_gigs_band_id_fkey(name)")
    .order("band(name)", { ascending: false })
    .order("id");
  assertEquals(byBand.data!.map((g) => g.id), [4, 3, 1, 2]);
});

test("spread of a to-one embed lifts its columns", async () => {
  const { data, error } = await anon.from("contract_gigs")
    .select("venue, ...contract_bands!contract_gigs_band_id_fkey(band_name:name)")
    .eq("id", 3)
    .single();
  assertEquals(error, null);
  assertEquals(data, { venue: "Forest Hills", band_name: "Boygenius" });
});

test("embedding follows foreign keys through a view's columns, both ways", async () => {
  const gigs = await anon.from("contract_gig_listing").select("venue, band:contract_bands(name)").order("gig_id").limit(
    2,
  );
  assertEquals(gigs.error, null);
  assertEquals(gigs.data, [
    { venue: "Royal Albert Hall", band: { name: "Arctic Monkeys" } },
    { venue: "Sheffield Arena", band: { name: "Arctic Monkeys" } },
  ]);
  const bands = await anon.from("contract_bands").select("name, contract_gig_listing(venue)").eq("id", 2).single();
  assertEquals(bands.data, { name: "Boygenius", contract_gig_listing: [{ venue: "Forest Hills" }] });
});

test("Accept ...;nulls=stripped (stripNulls) leaves out null fields", async () => {
  const { data, error } = await anon.from("contract_bands").select("id, formed, country").eq("id", 5).stripNulls();
  assertEquals([data, error], [[{ id: 5, country: "GB" }], null]);
});

test("a filter on an embed that is not selected answers PGRST108", async () => {
  const { error, status } = await anon.from("contract_bands").select("id").eq("gigs.venue", "x");
  assertEquals(status, 400);
  assertEquals(error?.code, "PGRST108");
});

teardownFixtures();
