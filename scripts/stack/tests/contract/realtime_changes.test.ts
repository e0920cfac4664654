// /realtime/v1/websocket contract, postgres_changes: inserts, updates and deletes with their filters, RLS and
// column grants per subscriber, bindings the service refuses, and a WAL reader that recovers.
// Driven through supabase-js (realtime-js) for everything it can express and through a raw Phoenix
// socket for wire details it hides; the fixtures are realtime_support.ts's.

import { type SupabaseClient } from "@supabase/supabase-js";
import { assertEquals, assertMatch } from "../../../test/assert.ts";
import { SERVICE_ROLE_KEY } from "../../config.ts";
import { userToken, waitFor } from "./helpers.ts";
import { realtimeContract, subscribe, subscribed, t, withoutId } from "./realtime_support.ts";

const { sql, run, schema, userOne, userTwo, client, clientWithToken, teardown } = realtimeContract();

t("postgres_changes: inserts, updates and deletes with typed records, to every subscriber", async () => {
  const seen: Record<string, Record<string, unknown>[]> = { all: [], again: [], inserts: [] };
  for (const [name, event] of [["all", "*"], ["again", "*"], ["inserts", "INSERT"]] as const) {
    await subscribed(
      client().channel(`changes-${name}-${run}`).on(
        "postgres_changes",
        { event, schema, table: "plain" },
        (p) => seen[name].push(p as unknown as Record<string, unknown>),
      ),
    );
  }
  await sql.unsafe(`insert into ${schema}.plain (id, n, tag) values (9007199254740993, 7, 'x')`);
  await sql.unsafe(`update ${schema}.plain set tag = 'y' where id = 9007199254740993`);
  await sql.unsafe(`delete from ${schema}.plain where id = 9007199254740993`);
  await waitFor("three changes at both '*' subscribers", () => seen.all.length === 3 && seen.again.length === 3);
  assertEquals(seen.all.map((p) => p.eventType), ["INSERT", "UPDATE", "DELETE"]);
  const [insert, update, remove] = seen.all;
  assertEquals(insert.schema, schema);
  assertEquals(insert.table, "plain");
  assertMatch(String(insert.commit_timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const inserted = insert.new as Record<string, unknown>;
  assertEquals(inserted.n, 7);
  assertEquals(inserted.tag, "x");
  assertMatch(String(inserted.at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00$/);
  assertEquals(insert.old, {});
  assertEquals((update.new as Record<string, unknown>).tag, "y");
  assertEquals(update.old, { id: 9007199254740993 });
  assertEquals(remove.new, {});
  assertEquals(remove.old, { id: 9007199254740993 });
  assertEquals(insert.errors, null);
  assertEquals(seen.inserts.map((p) => p.eventType), ["INSERT"], "an INSERT binding hears only inserts");
});

t("filters eq, neq, lt, lte, gt, gte, in (and several at once) select exactly the matching rows", async () => {
  const filters: Record<string, string> = {
    eq: "n=eq.5",
    neq: "n=neq.5",
    lt: "n=lt.5",
    lte: "n=lte.5",
    gt: "n=gt.5",
    gte: "n=gte.5",
    in: "n=in.(1,5,9)",
    between: "n=gt.2,n=lt.5",
    tag: 'tag=in.("a,b",c)',
    unfiltered: "",
  };
  const hits: Record<string, number[]> = Object.fromEntries(Object.keys(filters).map((k) => [k, []]));
  let channel = client().channel(`filters-${run}`);
  for (const [name, filter] of Object.entries(filters)) {
    channel = channel.on(
      "postgres_changes",
      { event: "INSERT", schema, table: "plain", ...(filter ? { filter } : {}) },
      (p) => hits[name].push((p.new as { n: number }).n),
    );
  }
  await subscribed(channel);
  await sql.unsafe(`
    insert into ${schema}.plain (id, n, tag)
    select 100 + n, n, case n when 1 then 'a,b' when 2 then 'c' when 3 then 'a' else null end
    from generate_series(1, 9) as n
  `);
  await waitFor("all nine inserts", () => hits.unfiltered.length === 9);
  const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
  assertEquals(sorted(hits.eq), [5]);
  assertEquals(sorted(hits.neq), [1, 2, 3, 4, 6, 7, 8, 9]);
  assertEquals(sorted(hits.lt), [1, 2, 3, 4]);
  assertEquals(sorted(hits.lte), [1, 2, 3, 4, 5]);
  assertEquals(sorted(hits.gt), [6, 7, 8, 9]);
  assertEquals(sorted(hits.gte), [5, 6, 7, 8, 9]);
  assertEquals(sorted(hits.in), [1, 5, 9]);
  assertEquals(sorted(hits.between), [3, 4]);
  assertEquals(sorted(hits.tag), [1, 2]);
});

t("RLS and column grants: each subscriber gets only the rows and columns its role and claims may select", async () => {
  const tokenOne = await userToken({ sub: userOne });
  const tokenTwo = await userToken({ sub: userTwo });
  const seen: Record<string, Record<string, unknown>[]> = { anon: [], one: [], two: [], service: [] };
  const watchers: [string, SupabaseClient][] = [
    ["anon", client()],
    ["one", await clientWithToken(tokenOne)],
    ["two", await clientWithToken(tokenTwo)],
    ["service", client({ key: SERVICE_ROLE_KEY })],
  ];
  for (const [name, c] of watchers) {
    await subscribed(
      c.channel(`rls-${name}-${run}`).on(
        "postgres_changes",
        { event: "INSERT", schema, table: "items" },
        (p) => seen[name].push(p.new as Record<string, unknown>),
      ),
    );
  }
  await sql.unsafe(`
    insert into ${schema}.items (id, label, secret, owner, visible) values
      (1, 'public', 's1', '${userOne}', true),
      (2, 'one only', 's2', '${userOne}', false),
      (3, 'two only', 's3', '${userTwo}', false)
  `);
  await sql.unsafe(`insert into ${schema}.items (id, label, secret, visible) values (4, 'marker', 's4', true)`);
  await waitFor("the marker everywhere", () => Object.values(seen).every((rows) => rows.some((r) => r.id === 4)));
  const ids = (name: string) => seen[name].map((r) => r.id).sort();
  assertEquals(ids("anon"), [1, 4]);
  assertEquals(ids("one"), [1, 2, 4]);
  assertEquals(ids("two"), [1, 3, 4]);
  assertEquals(ids("service"), [1, 2, 3, 4]);
  assertEquals(Object.keys(seen.anon[0]).sort(), ["id", "label", "owner", "visible"], "anon may not select secret");
  assertEquals(seen.one.find((r) => r.id === 2)?.secret, "s2");
});

t("a binding the service cannot serve gets Realtime's error reply", async () => {
  const prefix = "Unable to subscribe to changes with given parameters.";
  const cases: [Record<string, string>, string][] = [
    [
      { table: "does_not_exist" },
      `${prefix} Please check Realtime is enabled for the given connect parameters: [event: *, schema: ${schema}, table: does_not_exist, filters: [], select: nil]`,
    ],
    [
      { table: "unpublished" },
      `${prefix} Please check Realtime is enabled for the given connect parameters: [event: *, schema: ${schema}, table: unpublished, filters: [], select: nil]`,
    ],
    [{ table: "plain", filter: "wrong" }, 'Error parsing `filter` params: ["wrong"]'],
    [
      { table: "plain", filter: "nope=eq.1" },
      `${prefix} An exception happened so please check your connect parameters: [event: *, schema: ${schema}, table: plain, filters: [{"nope", "eq", "1", false}], select: nil]. Exception: ERROR P0001 (raise_exception) invalid column for filter nope`,
    ],
    [
      { table: "items", filter: "secret=eq.s1" },
      `${prefix} An exception happened so please check your connect parameters: [event: *, schema: ${schema}, table: items, filters: [{"secret", "eq", "s1", false}], select: nil]. Exception: ERROR P0001 (raise_exception) invalid column for filter secret`,
    ],
    [
      { table: "plain", filter: "n=eq.abc" },
      `${prefix} An exception happened so please check your connect parameters: [event: *, schema: ${schema}, table: plain, filters: [{"n", "eq", "abc", false}], select: nil]. Exception: ERROR 22P02 (invalid_text_representation) invalid input syntax for type integer: "abc"`,
    ],
    [
      { table: "plain", filter: "tag=like.a*" },
      `${prefix} An exception happened so please check your connect parameters: [event: *, schema: ${schema}, table: plain, filters: [{"tag", "like", "a*", false}], select: nil]. Exception: filter operator like is not supported by Realtime (eq, neq, lt, lte, gt, gte, in)`,
    ],
  ];
  for (const [binding, message] of cases) {
    const channel = client().channel(`bad-${crypto.randomUUID()}`).on(
      "postgres_changes",
      { event: "*", schema, ...binding } as { event: "*"; schema: string },
      () => {},
    );
    assertEquals(await subscribe(channel), { status: "CHANNEL_ERROR", message }, JSON.stringify(binding));
    await channel.unsubscribe();
  }
});

t("the WAL reader recovers when its database session is lost", async () => {
  const topic = `recover-${run}`;
  const heard: unknown[] = [];
  await subscribed(client().channel(topic).on("broadcast", { event: "*" }, (m) => heard.push(m.payload)));
  const ended = await sql<{ pid: number }[]>`
    select pid from pg_stat_activity where application_name = 'theset-realtime-wal'
  `;
  assertEquals(ended.length, 1, "the reader has one session");
  await sql`select pg_terminate_backend(${ended[0].pid})`;
  // the old temporary slot goes with the old session; wait for the reader's new one
  await waitFor("a new slot on a new session", async () => {
    const rows = await sql`
      select 1 from pg_replication_slots
      where slot_name like 'theset_realtime_%' and active and active_pid <> ${ended[0].pid}
    `;
    return rows.length > 0;
  }, 15_000);
  await sql`select realtime.send('{"after":"reconnect"}'::jsonb, 'x', ${topic}, false)`;
  await waitFor("the broadcast after the reconnect", () => heard.length === 1, 15_000);
  assertEquals(heard.map(withoutId), [{ after: "reconnect" }]);
});

teardown();
