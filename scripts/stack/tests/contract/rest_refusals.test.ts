// /rest/v1 contract, refusals: unknown names, missing keys and bad JWTs, injection attempts, bad bodies,
// and a gateway that keeps serving during slow and broken requests.
// Driven through supabase-js against the running gateway, with PostgREST's answers (statuses, error
// codes and bodies) for the forms it refuses; the fixtures are rest_fixtures.ts's.

import { assert, assertEquals, assertMatch } from "../../../test/assert.ts";
import { signJwt } from "../../jwt.ts";
import {
  admin,
  ANON_KEY,
  client,
  GRANT_CONTRACT_FIXTURES,
  JWT_SECRET,
  raw,
  SERVICE_ROLE_KEY,
  signHs512,
  unsignedJwt,
} from "./fixtures.ts";
import { anon, bandCount, service, setupFixtures, tableExists, teardownFixtures, test } from "./rest_fixtures.ts";

setupFixtures();

test("unknown table, column and filter column answer PostgREST's errors", async () => {
  const table = await anon.from("contract_bandz").select("*");
  assertEquals(table.status, 404);
  assertEquals(table.error, {
    code: "PGRST205",
    details: null,
    hint: "Perhaps you meant the table 'public.contract_bands'",
    message: "Could not find the table 'public.contract_bandz' in the schema cache",
  });
  const column = await anon.from("contract_bands").select("id, nme");
  assertEquals(column.status, 400);
  assertEquals(column.error, {
    code: "42703",
    details: null,
    hint: 'Perhaps you meant to reference the column "contract_bands.name".',
    message: "column contract_bands.nme does not exist",
  });
  const filter = await anon.from("contract_bands").select("id").eq("colour", "red");
  assertEquals([filter.status, filter.error?.code], [400, "42703"]);
});

test("a request without an API key, or with a foreign one, is refused at the gateway", async () => {
  const missing = await raw("/rest/v1/contract_bands", { key: null });
  assertEquals(missing.status, 401);
  assertEquals((missing.body as { message: string }).message, "No API key found in request");
  const foreign = await signJwt(
    { role: "anon", iss: "supabase-demo" },
    "another-secret-that-is-at-least-32-characters",
  );
  const wrong = await client(foreign).from("contract_bands").select("id");
  assertEquals(wrong.status, 401);
  assertEquals(wrong.error?.message, "Invalid API key");
});

test("malformed, expired and wrongly signed JWTs answer 401 PGRST301/PGRST303", async () => {
  const before = await bandCount();
  const malformed = await client(ANON_KEY, { Authorization: "Bearer not-a-jwt" }).from("contract_bands").select("id");
  assertEquals(malformed.status, 401);
  assertEquals(malformed.error, {
    code: "PGRST301",
    details: null,
    hint: null,
    message: "Expected 3 parts in JWT; got 1",
  });
  const past = Math.floor(Date.now() / 1000) - 3600;
  const expired = await signJwt({ role: "authenticated", sub: crypto.randomUUID(), exp: past }, JWT_SECRET);
  const late = await client(ANON_KEY, { Authorization: `Bearer ${expired}` }).from("contract_bands").select("id");
  assertEquals(late.status, 401);
  assertEquals(late.error, { code: "PGRST303", details: null, hint: null, message: "JWT expired" });
  const forged = await signJwt({ role: "service_role" }, "another-secret-that-is-at-least-32-characters");
  const wrongKey = await client(ANON_KEY, { Authorization: `Bearer ${forged}` }).from("contract_bands").delete().eq(
    "id",
    1,
  );
  assertEquals(wrongKey.status, 401);
  assertEquals(wrongKey.error?.code, "PGRST301");
  assertEquals(await bandCount(), before, "nothing deleted");
  const response = await raw("/rest/v1/contract_bands", { headers: { Authorization: "Bearer a.b" } });
  assertMatch(response.headers.get("www-authenticate") ?? "", /^Bearer error="invalid_token"/);
});

test("a JWT with alg none or HS512 is refused with 401 PGRST301, even signed with the project secret", async () => {
  const before = await bandCount();
  const claims = { role: "service_role", sub: crypto.randomUUID(), iat: Math.floor(Date.now() / 1000) };
  // the same claims signed HS256 are the service role: the refusals below are about the algorithm alone
  const hs256 = await client(ANON_KEY, { Authorization: `Bearer ${await signJwt(claims, JWT_SECRET)}` })
    .rpc("contract_whoami");
  assertEquals([hs256.status, (hs256.data as { role: string } | null)?.role], [200, "service_role"]);

  const unsecured = await client(ANON_KEY, { Authorization: `Bearer ${unsignedJwt(claims)}` })
    .from("contract_bands").delete().eq("id", 1);
  assertEquals(unsecured.status, 401);
  assertEquals(unsecured.error, {
    code: "PGRST301",
    details: null,
    hint: null,
    message: "Wrong or unsupported encoding algorithm",
  });

  // that is PostgREST's answer to alg none (jose-jwt's BadAlgorithm). HS512 is where the local platform is stricter:
  // PostgREST with a plain-text secret makes it a JWK without "alg" and would verify an HS512 token; GoTrue
  // (HS256 only) never issues or accepts one, so the local platform refuses it with the same answer
  const hs512 = await client(ANON_KEY, { Authorization: `Bearer ${await signHs512(claims, JWT_SECRET)}` })
    .from("contract_bands").delete().eq("id", 1);
  assertEquals(hs512.status, 401);
  assertEquals(hs512.error, {
    code: "PGRST301",
    details: null,
    hint: null,
    message: "Wrong or unsupported encoding algorithm",
  });
  // as the only credential (apikey and no Authorization) the gateway's key gate refuses it first
  const asKey = await client(await signHs512(claims, JWT_SECRET)).rpc("contract_whoami");
  assertEquals([asKey.status, asKey.error?.message], [401, "Invalid API key"]);
  assertEquals(await bandCount(), before, "nothing deleted");
});

test("a JWT for a role the authenticator may not become is refused", async () => {
  const token = await signJwt({ role: "postgres" }, JWT_SECRET);
  const { status, error } = await client(ANON_KEY, { Authorization: `Bearer ${token}` }).from("contract_bands").select(
    "id",
  );
  assertEquals(status, 403);
  assertEquals(error?.code, "42501");
});

test("SQL in identifiers is refused before it reaches the database", async () => {
  const before = await bandCount();
  const select = await anon.from("contract_bands").select("id, name); drop table public.contract_bands; --");
  assertEquals(select.status, 400);
  assertEquals(select.error?.code, "PGRST100");
  const quoted = await anon.from("contract_bands").select('id, "na;me"');
  assertEquals([quoted.status, quoted.error?.code], [400, "42703"]);
  const table = await raw(`/rest/v1/${encodeURIComponent("contract_bands; drop table public.contract_log")}`);
  assertEquals(table.status, 404);
  assertEquals((table.body as { code: string }).code, "PGRST205");
  const order = await raw(`/rest/v1/contract_bands?order=${encodeURIComponent("id; delete from contract_bands")}`);
  assertEquals(order.status, 400);
  assertEquals((order.body as { code: string }).code, "PGRST100");
  const cast = await anon.from("contract_bands").select("id::text);drop table public.contract_log;--");
  assertEquals(cast.error?.code, "PGRST100");
  const operator = await raw(`/rest/v1/contract_bands?id=${encodeURIComponent("eq;drop.1")}`);
  assertEquals((operator.body as { code: string }).code, "PGRST100");
  assert(await tableExists("contract_bands") && await tableExists("contract_log"), "tables survive");
  assertEquals(await bandCount(), before);
});

test("SQL in filter values is bound as a value, never run", async () => {
  const before = await bandCount();
  const { data, error } = await service.from("contract_bands").select("id").eq(
    "name",
    "x'; delete from public.contract_bands; --",
  );
  assertEquals([data, error], [[], null]);
  const inList = await service.from("contract_bands").select("id").in("name", ["a') or true; --", "b) or (1=1"]);
  assertEquals(inList.data, []);
  const orTree = await service.from("contract_bands").select("id").or('name.eq."x) or (1=1",id.eq.1');
  assertEquals(orTree.data, [{ id: 1 }]);
  const typed = await service.from("contract_bands").select("id").eq("id", "1 or 1=1");
  assertEquals([typed.status, typed.error?.code], [400, "22P02"]);
  assertEquals(await bandCount(), before);
});

test("invalid JSON and non-object rows answer PGRST102 and write nothing", async () => {
  const before = await bandCount();
  const broken = await raw("/rest/v1/contract_bands", {
    method: "POST",
    key: SERVICE_ROLE_KEY,
    headers: { Authorization: `Bearer ${SERVICE_ROLE_KEY}`, "Content-Type": "application/json" },
    body: '{"name": "Broken", ',
  });
  assertEquals(broken.status, 400);
  assertEquals(broken.body, { code: "PGRST102", details: null, hint: null, message: "Empty or invalid json" });
  const scalar = await service.from("contract_bands").insert([1, 2] as never);
  assertEquals(scalar.error?.code, "PGRST102");
  const mismatched = await raw("/rest/v1/contract_bands", {
    method: "POST",
    key: SERVICE_ROLE_KEY,
    headers: { Authorization: `Bearer ${SERVICE_ROLE_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify([{ name: "K" }, { country: "L" }]),
  });
  assertEquals((mismatched.body as { message: string }).message, "All object keys must match");
  assertEquals(await bandCount(), before);
});

test("an oversized body answers 413 and writes nothing", async () => {
  const before = await bandCount();
  const huge = JSON.stringify({ name: "x".repeat(9 * 1024 * 1024) });
  const { status, error } = await service.from("contract_bands").insert(JSON.parse(huge));
  assertEquals(status, 413);
  assertEquals(error?.code, "PGRST413");
  assertEquals(await bandCount(), before);
});

test("an unsupported Accept or method answers PostgREST's error", async () => {
  const csv = await raw("/rest/v1/contract_bands", { headers: { Accept: "text/csv" } });
  assertEquals(csv.status, 406);
  assertEquals((csv.body as { code: string }).code, "PGRST107");
  const schema = await raw("/rest/v1/contract_bands", { headers: { "Accept-Profile": "private" } });
  assertEquals(schema.status, 406);
  assertEquals((schema.body as { code: string }).code, "PGRST106");
  const rpcPatch = await raw("/rest/v1/rpc/contract_add", { method: "PATCH" });
  assertEquals((rpcPatch.body as { code: string }).code, "PGRST101");
  const aggregate = await anon.from("contract_bands").select("count()");
  assertEquals(aggregate.error?.code, "PGRST123");
});

test("the gateway keeps serving others during slow and broken requests", async () => {
  const slow = service.rpc("contract_sleep", { seconds: 1.5 });
  const broken = Array.from(
    { length: 10 },
    (_, i) => raw(`/rest/v1/contract_bands?select=${encodeURIComponent("id,(((")}&n=${i}`).then((r) => r.status),
  );
  const huge = raw("/rest/v1/contract_bands", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "[" + "1,".repeat(5 * 1024 * 1024) + "1]",
  }).then((r) => r.status);
  const started = performance.now();
  const reads = await Promise.all(
    Array.from({ length: 30 }, () => anon.from("contract_bands").select("id").eq("id", 1).single()),
  );
  const readsTook = performance.now() - started;
  for (const read of reads) assertEquals(read.data, { id: 1 });
  assert(readsTook < 1500, `reads completed while the slow call was still running (${Math.round(readsTook)} ms)`);
  assertEquals(await Promise.all(broken), Array(10).fill(400));
  assertEquals(await huge, 413);
  assertEquals((await slow).data, 1);
});

test("new tables and functions are served right after their DDL", async () => {
  await admin.unsafe(`create table public.contract_fresh (id int primary key, label text);
    insert into public.contract_fresh values (1, 'new');
    create function public.contract_fresh_label(fresh_id int) returns text language sql stable
      as $$ select label from public.contract_fresh where id = fresh_id $$;`);
  await admin.unsafe(GRANT_CONTRACT_FIXTURES);
  try {
    const { data, error } = await anon.from("contract_fresh").select("label");
    assertEquals([data, error], [[{ label: "new" }], null]);
    assertEquals((await anon.rpc("contract_fresh_label", { fresh_id: 1 })).data, "new");
  } finally {
    await admin.unsafe(`drop function public.contract_fresh_label(int); drop table public.contract_fresh;`);
  }
  const gone = await anon.from("contract_fresh").select("label");
  assertEquals(gone.error?.code, "PGRST205");
});

teardownFixtures();
