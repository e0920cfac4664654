// /rest/v1 contract, rpc: functions called by POST and GET, their results, and the role and
// transaction settings they run with.
// Driven through supabase-js against the running gateway, with PostgREST's answers (statuses, error
// codes and bodies) for the forms it refuses; the fixtures are rest_fixtures.ts's.

import { assertEquals } from "../../../test/assert.ts";
import { admin, ANON_KEY, client, userClient } from "./fixtures.ts";
import { anon, service, setupFixtures, teardownFixtures, test } from "./rest_fixtures.ts";

setupFixtures();

test("rpc by POST with named arguments and a default", async () => {
  assertEquals((await anon.rpc("contract_add", { a: 2 })).data, 12);
  assertEquals((await anon.rpc("contract_add", { a: 2, b: 3 })).data, 5);
  assertEquals((await anon.rpc("contract_join", { parts: ["a", "b", "c"] })).data, "a+b+c");
});

test("rpc by GET with the arguments in the query string", async () => {
  const { data, error, status } = await anon.rpc("contract_add", { a: 40, b: 2 }, { get: true });
  assertEquals([data, error, status], [42, null, 200]);
});

test("rpc returning a set takes select, filters, order and count", async () => {
  const { data, error, count } = await anon.rpc("contract_bands_from", { country_code: "GB" }, { count: "exact" })
    .select("name")
    .order("name", { ascending: false });
  assertEquals(error, null);
  assertEquals(count, 2);
  assertEquals(data, [{ name: "Elbow" }, { name: "Arctic Monkeys" }]);
  const filtered = await anon.rpc("contract_bands_from", { country_code: "GB" }).select("id").gt("formed", 2000);
  assertEquals(filtered.data, [{ id: 1 }]);
  const years = await anon.rpc("contract_years");
  assertEquals(years.data, [2001, 2002, 2003]);
});

test("rpc returning one row answers an object, with embeds", async () => {
  const { data, error } = await anon.rpc("contract_band", { band_id: 3 })
    .select("name, gigs:contract_gigs!contract_gigs_band_id_fkey(venue)");
  assertEquals(error, null);
  assertEquals(data, { name: "Caribou", gigs: [{ venue: "Primavera" }] });
});

test("a void function answers 204 and a volatile one writes", async () => {
  const before = (await anon.rpc("contract_count_log")).data;
  const { data, error, status } = await anon.rpc("contract_log_message", { message: "from rpc" });
  assertEquals([data, error, status], [null, null, 204]);
  assertEquals((await anon.rpc("contract_count_log")).data, before + 1);
});

test("the role's statement_timeout (3s for anon) cancels a longer request", async () => {
  const { status, error } = await anon.rpc("contract_sleep", { seconds: 3.5 });
  assertEquals(status, 500);
  assertEquals(error?.code, "57014");
  assertEquals(error?.message, "canceling statement due to statement timeout");
});

test("GET runs read-only: a writing function answers 405 and writes nothing", async () => {
  const { error, status } = await anon.rpc("contract_log_message", { message: "via get" }, { get: true });
  assertEquals(status, 405);
  assertEquals(error?.code, "25006");
  const [{ n }] = await admin`select count(*)::int as n from public.contract_log where message = 'via get'`;
  assertEquals(n, 0);
});

test("a raised exception answers 400 with its message and hint", async () => {
  const { error, status } = await anon.rpc("contract_fail", { message: "nope" });
  assertEquals(status, 400);
  assertEquals(error, { code: "P0001", details: null, hint: "raised on purpose", message: "nope" });
});

test("an unknown function or argument answers PGRST202", async () => {
  const missing = await anon.rpc("contract_ad", { a: 1 });
  assertEquals(missing.status, 404);
  assertEquals(missing.error, {
    code: "PGRST202",
    details:
      "Searched for the function public.contract_ad with parameter a or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.",
    hint: "Perhaps you meant to call the function public.contract_add",
    message: "Could not find the function public.contract_ad(a) in the schema cache",
  });
  const wrongArgs = await anon.rpc("contract_add", { x: 1, a: 2 });
  assertEquals(wrongArgs.error?.code, "PGRST202");
  assertEquals(wrongArgs.error?.message, "Could not find the function public.contract_add(a, x) in the schema cache");
});

test("each request runs as the JWT's role with PostgREST's transaction settings", async () => {
  const fan = await userClient("whoami");
  const asAnon = await client(ANON_KEY, { "x-contract": "hello" }).rpc("contract_whoami");
  assertEquals(asAnon.data, {
    role: "anon",
    sub: null,
    claims_role: "anon",
    method: "POST",
    path: "/rpc/contract_whoami",
    header: "hello",
    read_only: "on",
    timeout: "3s",
    search_path: '"public", "extensions"',
    timezone: "UTC",
  });
  const asUser = await fan.db.rpc("contract_whoami", {}, { get: true });
  assertEquals(asUser.data.role, "authenticated");
  assertEquals(asUser.data.sub, fan.id);
  assertEquals(asUser.data.method, "GET");
  assertEquals(asUser.data.timeout, "8s");
  const asService = await service.rpc("contract_whoami");
  assertEquals(asService.data.role, "service_role");
});

teardownFixtures();
