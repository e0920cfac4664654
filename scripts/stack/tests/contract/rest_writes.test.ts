// /rest/v1 contract, writes: inserts, upserts, updates and deletes with their Prefer options and
// refusals, and row level security on them.
// Driven through supabase-js against the running gateway, with PostgREST's answers (statuses, error
// codes and bodies) for the forms it refuses; the fixtures are rest_fixtures.ts's.

import { assertEquals, assertMatch } from "../../../test/assert.ts";
import { admin, raw, userClient } from "./fixtures.ts";
import { anon, bandCount, service, setupFixtures, teardownFixtures, test } from "./rest_fixtures.ts";

setupFixtures();

// ---------------------------------------------------------------------------
// writes
// ---------------------------------------------------------------------------

test("insert returning the representation with an embed", async () => {
  const { data, error, status } = await service.from("contract_gigs")
    .insert({ band_id: 4, venue: "Coachella", played_on: "2006-04-29" })
    .select("venue, played_on, band:contract_bands!contract_gigs_band_id_fkey(name)")
    .single();
  assertEquals(error, null);
  assertEquals(status, 201);
  assertEquals(data, { venue: "Coachella", played_on: "2006-04-29", band: { name: "Daft Punk" } });
});

test("insert with return=minimal answers 201 without a body", async () => {
  const { data, error, status } = await service.from("contract_log").insert({ message: "minimal" });
  assertEquals([data, error, status], [null, null, 201]);
  const [{ n }] = await admin`select count(*)::int as n from public.contract_log where message = 'minimal'`;
  assertEquals(n, 1);
});

test("bulk insert with columns=, and missing=default filling defaults", async () => {
  const rows = [{ name: "Fontaines D.C.", country: "IE" }, { name: "Gorillaz" }];
  const nulls = await service.from("contract_bands").insert(rows).select("name, country, rating");
  assertEquals(nulls.error, null);
  assertEquals(nulls.data, [
    { name: "Fontaines D.C.", country: "IE", rating: 5 },
    { name: "Gorillaz", country: null, rating: 5 },
  ]);
  const defaults = await service.from("contract_bands")
    .insert([{ name: "Haim", rating: 9 }, { name: "IDLES" }], { defaultToNull: false })
    .select("name, rating")
    .order("name");
  assertEquals(defaults.error, null);
  assertEquals(defaults.data, [{ name: "Haim", rating: 9 }, { name: "IDLES", rating: 5 }]);
});

test("upsert merging and ignoring duplicates on a unique column", async () => {
  const merged = await service.from("contract_bands")
    .upsert({ name: "Haim", country: "US", rating: 8 }, { onConflict: "name" })
    .select("name, country, rating");
  assertEquals(merged.error, null);
  assertEquals(merged.data, [{ name: "Haim", country: "US", rating: 8 }]);
  const ignored = await service.from("contract_bands")
    .upsert({ name: "Haim", country: "XX" }, { onConflict: "name", ignoreDuplicates: true })
    .select("name");
  assertEquals(ignored.data, []);
  const [{ country }] = await admin`select country from public.contract_bands where name = 'Haim'`;
  assertEquals(country, "US");
});

test("update and delete with filters and Prefer: return", async () => {
  const updated = await service.from("contract_bands").update({ rating: 1 }).eq("name", "IDLES").select("name, rating");
  assertEquals(updated.data, [{ name: "IDLES", rating: 1 }]);
  const minimal = await service.from("contract_bands").update({ rating: 2 }).eq("name", "IDLES");
  assertEquals([minimal.status, minimal.data], [204, null]);
  const counted = await service.from("contract_bands").update({ rating: 3 }, { count: "exact" }).eq("name", "IDLES");
  assertEquals(counted.count, 1);
  const deleted = await service.from("contract_bands").delete().in("name", ["IDLES", "Haim"]).select("name").order(
    "name",
  );
  assertEquals(deleted.data, [{ name: "Haim" }, { name: "IDLES" }]);
  assertEquals((await service.from("contract_bands").delete().eq("name", "nobody")).status, 204);
});

test("update and delete without a filter are refused as pg-safeupdate does", async () => {
  const update = await service.from("contract_bands").update({ rating: 0 });
  assertEquals(update.status, 400);
  assertEquals(update.error, { code: "21000", details: null, hint: null, message: "UPDATE requires a WHERE clause" });
  const remove = await service.from("contract_bands").delete();
  assertEquals(remove.error?.message, "DELETE requires a WHERE clause");
  assertEquals(await bandCount(), 7);
});

test("a .single() write that touches more than one row is rolled back", async () => {
  const { error, status } = await service.from("contract_bands").update({ rating: 0 }).eq("country", "GB").select()
    .single();
  assertEquals(status, 406);
  assertEquals(error?.code, "PGRST116");
  const rows = await admin`select rating from public.contract_bands where country = 'GB'`;
  assertEquals(rows.map((r) => r.rating), [5, 5]);
});

// .maxAffected() is typed for PostgREST 13 clients; an untyped client calls it the same way
type StrictWrite = {
  maxAffected(rows: number): PromiseLike<{ status: number; error: Record<string, unknown> | null }>;
};

test("Prefer: handling=strict with max-affected rolls back a write that touches more rows", async () => {
  const tooMany = service.from("contract_bands").update({ rating: 4 }).eq("country", "GB") as unknown as StrictWrite;
  const { status, error } = await tooMany.maxAffected(1);
  assertEquals(status, 400);
  assertEquals(error, {
    code: "PGRST124",
    details: "The query affects 2 rows",
    hint: null,
    message: "Query result exceeds max-affected preference constraint",
  });
  const rows = await admin`select rating from public.contract_bands where country = 'GB'`;
  assertEquals(rows.map((r) => r.rating), [5, 5]);
  const one = service.from("contract_bands").update({ rating: 5 }).eq("id", 1) as unknown as StrictWrite;
  const within = await one.maxAffected(1);
  assertEquals([within.status, within.error], [204, null]);
  const invalid = await raw("/rest/v1/contract_bands?select=id&id=eq.1", {
    headers: { Prefer: "handling=strict, colour=blue" },
  });
  assertEquals(invalid.status, 400);
  assertEquals(invalid.body, {
    code: "PGRST122",
    details: "Invalid preferences: colour=blue",
    hint: null,
    message: "Invalid preferences given with handling=strict",
  });
  const lenient = await raw("/rest/v1/contract_bands?select=id&id=eq.1", { headers: { Prefer: "colour=blue" } });
  assertEquals([lenient.status, lenient.body], [200, [{ id: 1 }]]);
});

test("Prefer: timezone sets the transaction's time zone", async () => {
  const response = await raw("/rest/v1/rpc/contract_whoami", {
    method: "POST",
    headers: { "Content-Type": "application/json", Prefer: "timezone=America/New_York" },
    body: "{}",
  });
  assertEquals((response.body as { timezone: string }).timezone, "America/New_York");
  assertMatch(response.headers.get("preference-applied") ?? "", /timezone=America\/New_York/);
});

test("unique and foreign key violations answer 409", async () => {
  const duplicate = await service.from("contract_bands").insert({ name: "Caribou" });
  assertEquals(duplicate.status, 409);
  assertEquals(duplicate.error?.code, "23505");
  const orphan = await service.from("contract_gigs").insert({ band_id: 999, venue: "Nowhere" });
  assertEquals(orphan.status, 409);
  assertEquals(orphan.error?.code, "23503");
});

test("an unknown column in a body answers PGRST204 and writes nothing", async () => {
  const before = await bandCount();
  const { error, status } = await service.from("contract_bands").insert({ name: "Jamie xx", genre: "house" });
  assertEquals(status, 400);
  assertEquals(error, {
    code: "PGRST204",
    details: null,
    hint: null,
    message: "Could not find the 'genre' column of 'contract_bands' in the schema cache",
  });
  assertEquals(await bandCount(), before);
});

// ---------------------------------------------------------------------------
// row level security
// ---------------------------------------------------------------------------

test("RLS: an anonymous write is refused with 401, an authenticated one with 403", async () => {
  const before = await bandCount();
  const asAnon = await anon.from("contract_bands").insert({ name: "Anon Band" });
  assertEquals(asAnon.status, 401);
  assertEquals(asAnon.error?.code, "42501");
  assertEquals(asAnon.error?.message, 'new row violates row-level security policy for table "contract_bands"');
  const fan = await userClient("fan");
  const asUser = await fan.db.from("contract_bands").insert({ name: "User Band" });
  assertEquals(asUser.status, 403);
  assertEquals(asUser.error?.code, "42501");
  assertEquals(await bandCount(), before);
});

test("RLS: a user's rows are invisible and untouchable to another user", async () => {
  const alice = await userClient("alice");
  const bob = await userClient("bob");
  const mine = await alice.db.from("contract_notes").insert({ body: "alice's note" }).select("id, owner, body")
    .single();
  assertEquals(mine.error, null);
  assertEquals(mine.data!.owner, alice.id);
  const seen = await bob.db.from("contract_notes").select("id");
  assertEquals(seen.data, []);
  const changed = await bob.db.from("contract_notes").update({ body: "bob was here" }).eq("id", mine.data!.id).select();
  assertEquals([changed.status, changed.data], [200, []]);
  const removed = await bob.db.from("contract_notes").delete().eq("id", mine.data!.id).select();
  assertEquals(removed.data, []);
  const forged = await bob.db.from("contract_notes").insert({ owner: alice.id, body: "forged" });
  assertEquals(forged.status, 403);
  assertEquals(forged.error?.code, "42501");
  const [{ body }] = await admin`select body from public.contract_notes where id = ${mine.data!.id}`;
  assertEquals(body, "alice's note");
  const anonymous = await anon.from("contract_notes").select("id");
  assertEquals(anonymous.data, []);
});

teardownFixtures();
