// /realtime/v1/websocket against the stack's gateway, driven through
// supabase-js (realtime-js) for everything it can express and through a raw
// Phoenix socket for wire details it hides (frames, replies, garbage).
// Fixtures (a schema with tables, policies, column grants and publication
// membership) are created here and dropped at the end, so the project's own
// schema, written in parallel, is never touched.

import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { assert, assertEquals, assertMatch } from "../../../test/assert.ts";
import { ANON_KEY, API_URL, HOST, JWT_SECRET, SERVICE_ROLE_KEY } from "../../config.ts";
import { signJwt } from "../../jwt.ts";
import { maintainMessagePartitions, MAX_FRAME_BYTES } from "../../gateway/realtime/mod.ts";
import { adminSql, RawSocket, sleep, spawnPlatform, userToken, waitFor } from "./helpers.ts";

const sql = adminSql();
const run = crypto.randomUUID().slice(0, 8);
const schema = `rt_test_${run}`;
const userOne = crypto.randomUUID();
const userTwo = crypto.randomUUID();
const clients: SupabaseClient[] = [];
const sockets: RawSocket[] = [];
const wsUrl = (vsn = "2.0.0", key = ANON_KEY, base = API_URL) =>
  `${base.replace("http", "ws")}/realtime/v1/websocket?apikey=${key}&vsn=${vsn}`;

function client(options: { token?: string | (() => string); vsn?: "1.0.0" | "2.0.0"; key?: string } = {}) {
  const tokenOf = options.token;
  const c = createClient(API_URL, options.key ?? ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: options.vsn ? { vsn: options.vsn } : undefined,
    // how an app with its own tokens hands them to supabase-js; realtime-js asks this callback again
    // after every join and heartbeat, so a token set any other way would be replaced by the session's
    ...(tokenOf ? { accessToken: () => Promise.resolve(typeof tokenOf === "function" ? tokenOf() : tokenOf) } : {}),
  });
  clients.push(c);
  return c;
}

/** A client whose realtime token is resolved before it subscribes, so the join itself carries it. */
async function clientWithToken(token: string | (() => string)): Promise<SupabaseClient> {
  const c = client({ token });
  await c.realtime.setAuth();
  return c;
}

function raw(url = wsUrl()): RawSocket {
  const socket = new RawSocket(url);
  sockets.push(socket);
  return socket;
}

/** Resolves with the first status that is not CLOSED (SUBSCRIBED, CHANNEL_ERROR or TIMED_OUT). */
function subscribe(channel: RealtimeChannel): Promise<{ status: string; message?: string }> {
  return new Promise((resolve) =>
    channel.subscribe((status, error) => {
      if (status !== "CLOSED") resolve({ status, message: error?.message });
    })
  );
}

async function subscribed(channel: RealtimeChannel): Promise<RealtimeChannel> {
  const outcome = await subscribe(channel);
  assertEquals(outcome, { status: "SUBSCRIBED", message: undefined });
  return channel;
}

/** A database broadcast's payload without the id realtime.send adds (checked to be a uuid). */
function withoutId(payload: unknown): unknown {
  const { id, ...rest } = payload as Record<string, unknown>;
  assertMatch(String(id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return rest;
}

const t = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });

t("setup: fixture schema with RLS, column grants and publication membership", async () => {
  await sql.unsafe(`
    create schema ${schema};
    grant usage on schema ${schema} to anon, authenticated, service_role;
    create table ${schema}.items (
      id int primary key, label text, secret text, owner uuid, visible boolean not null default false
    );
    alter table ${schema}.items enable row level security;
    create policy items_anon_read on ${schema}.items for select to anon using (visible);
    create policy items_user_read on ${schema}.items for select to authenticated
      using (visible or owner = (select auth.uid()));
    grant select (id, label, owner, visible) on ${schema}.items to anon;
    grant select on ${schema}.items to authenticated, service_role;
    create table ${schema}.plain (id bigint primary key, n int, tag text, at timestamptz default now());
    grant select on ${schema}.plain to anon, authenticated, service_role;
    create table ${schema}.unpublished (id int primary key);
    grant select on ${schema}.unpublished to anon;
    alter publication supabase_realtime add table ${schema}.items, ${schema}.plain;
  `);
});

t("broadcast reaches the other subscribers; self and vsn 1.0.0 clients are honoured", async () => {
  const topic = `room-${run}`;
  const seen: Record<string, unknown[]> = { a: [], b: [], v1: [] };
  const a = await subscribed(
    client().channel(topic, { config: { broadcast: { self: true, ack: true } } })
      .on("broadcast", { event: "*" }, (m) => seen.a.push(m.payload)),
  );
  const b = await subscribed(client().channel(topic).on("broadcast", { event: "*" }, (m) => seen.b.push(m.payload)));
  await subscribed(
    client({ vsn: "1.0.0" }).channel(topic).on("broadcast", { event: "*" }, (m) => seen.v1.push(m.payload)),
  );

  assertEquals(await a.send({ type: "broadcast", event: "move", payload: { from: "a" } }), "ok");
  await waitFor("a's message at b and at the vsn 1.0.0 client", () => seen.b.length === 1 && seen.v1.length === 1);
  await waitFor("a's own message (self: true)", () => seen.a.length === 1);

  await b.send({ type: "broadcast", event: "move", payload: { from: "b" } });
  await waitFor("b's message at a", () => seen.a.length === 2);
  // a sends a marker after b's message was fanned out; once b has it, b would have had its own message
  await a.send({ type: "broadcast", event: "move", payload: { from: "marker" } });
  // the two sockets are written one after the other: wait for both, not just b
  await waitFor("the marker at b and at the vsn 1.0.0 client", () => seen.b.length === 2 && seen.v1.length === 3);
  assertEquals(seen.b, [{ from: "a" }, { from: "marker" }], "b does not hear itself (self: false)");
  assertEquals(seen.v1, [{ from: "a" }, { from: "b" }, { from: "marker" }]);
});

t("binary broadcasts (vsn 2.0.0) arrive as bytes; vsn 1.0.0 sockets cannot carry them and are skipped", async () => {
  const topic = `bytes-${run}`;
  const atB: unknown[] = [];
  const atV1: unknown[] = [];
  const a = await subscribed(client().channel(topic));
  await subscribed(client().channel(topic).on("broadcast", { event: "*" }, (m) => atB.push(m)));
  await subscribed(client({ vsn: "1.0.0" }).channel(topic).on("broadcast", { event: "*" }, (m) => atV1.push(m)));
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);
  await a.send({ type: "broadcast", event: "blob", payload: bytes.buffer });
  const got = await waitFor("the bytes at b", () => atB[0] as { event: string; payload: ArrayBuffer });
  assertEquals(got.event, "blob");
  assertEquals([...new Uint8Array(got.payload)], [...bytes]);
  await a.send({ type: "broadcast", event: "json", payload: { after: true } });
  await waitFor("the JSON marker at the vsn 1.0.0 client", () => atV1.length === 1);
  assertEquals((atV1[0] as { event: string }).event, "json");
});

t("realtime.send reaches every subscriber of the public topic; a private message does not", async () => {
  const showTopic = `show:${crypto.randomUUID()}`;
  const first: Record<string, unknown>[] = [];
  const second: Record<string, unknown>[] = [];
  await subscribed(client().channel(showTopic).on("broadcast", { event: "vote_counts" }, (m) => first.push(m)));
  await subscribed(client().channel(showTopic).on("broadcast", { event: "vote_counts" }, (m) => second.push(m)));
  await sql`select realtime.send('{"secret":true}'::jsonb, 'vote_counts', ${showTopic}, true)`;
  await sql`select realtime.send('{"up":3,"down":1}'::jsonb, 'vote_counts', ${showTopic}, false)`;
  await waitFor("the public broadcast at both clients", () => first.length >= 1 && second.length >= 1);
  const [{ id }] = await sql`
    select id::text from realtime.messages where topic = ${showTopic} and private = false
  `;
  // as Supabase's realtime.send, a payload without an id gets the message's
  const expected = { type: "broadcast", event: "vote_counts", payload: { up: 3, down: 1, id }, meta: { id } };
  assertEquals(first, [expected], "only the public message, which was sent after the private one");
  assertEquals(second, [expected]);
});

t("httpSend (REST broadcast) reaches websocket subscribers; a bad key is 401", async () => {
  const topic = `rest-${run}`;
  const heard: unknown[] = [];
  await subscribed(client().channel(topic).on("broadcast", { event: "ping" }, (m) => heard.push(m.payload)));
  const sender = client().channel(topic);
  assertEquals(await sender.httpSend("ping", { via: "rest" }), { success: true });
  await waitFor("the REST broadcast", () => heard.length === 1);
  assertEquals(heard, [{ via: "rest" }]);
  const refused = await fetch(`${API_URL}/realtime/v1/api/broadcast`, {
    method: "POST",
    headers: { apikey: "not-a-key", "Content-Type": "application/json" },
    body: JSON.stringify({ messages: [{ topic, event: "ping", payload: {} }] }),
  });
  assertEquals(refused.status, 401);
  assertEquals(await refused.json(), { message: "MalformedJWT: The token provided is not a valid JWT" });
});

t("REST broadcast: a private message needs the caller's insert policy; bodies are capped as frames are", async () => {
  const topic = `rest-private-${run}`;
  const heard: unknown[] = [];
  const read = `rt_test_rest_read_${run}`;
  const write = `rt_test_rest_write_${run}`;
  const post = (body: BodyInit, key = ANON_KEY) =>
    fetch(`${API_URL}/realtime/v1/api/broadcast`, {
      method: "POST",
      headers: { apikey: key, Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body,
    });
  const message = (n: number) =>
    JSON.stringify({ messages: [{ topic, event: "note", payload: { n }, private: true }] });
  await sql.unsafe(`
    create policy ${read} on realtime.messages for select to anon
    using (realtime.topic() = '${topic}' and extension = 'broadcast')
  `);
  try {
    await subscribed(
      client().channel(topic, { config: { private: true } }).on(
        "broadcast",
        { event: "note" },
        (m) => heard.push(m.payload),
      ),
    );
    // no insert policy: accepted (202, as Realtime answers) and delivered to nobody
    const refused = await post(message(1));
    assertEquals(refused.status, 202);
    await sql.unsafe(`
      create policy ${write} on realtime.messages for insert to anon
      with check (realtime.topic() = '${topic}' and extension = 'broadcast')
    `);
    const allowed = await post(message(2));
    assertEquals(allowed.status, 202);
    await waitFor("the permitted broadcast", () => heard.length >= 1);
    assertEquals(heard, [{ n: 2 }], "the message sent without a write policy never arrived");

    // exactly the cap is read; one byte more is refused before parsing, with or without a Content-Length
    const atCap = message(3);
    assertEquals((await post(atCap + " ".repeat(MAX_FRAME_BYTES - atCap.length))).status, 202);
    await waitFor("the broadcast of exactly the cap", () => heard.length === 2);
    const over = await post("{".repeat(MAX_FRAME_BYTES + 1));
    assertEquals(over.status, 413);
    assertEquals((await over.json()).code, "payload_too_large");
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 20 * MAX_FRAME_BYTES) return controller.close();
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const streamed = await post(endless);
    assertEquals(streamed.status, 413);
    assertEquals((await streamed.json()).code, "payload_too_large");
    const topicEvent = await fetch(`${API_URL}/realtime/v1/api/broadcast/${topic}/events/note`, {
      method: "POST",
      headers: { apikey: ANON_KEY, "Content-Type": "application/json" },
      body: " ".repeat(MAX_FRAME_BYTES + 1),
    });
    assertEquals(topicEvent.status, 413);
    await topicEvent.body?.cancel();
  } finally {
    await sql.unsafe(
      `drop policy if exists ${read} on realtime.messages; drop policy if exists ${write} on realtime.messages`,
    );
  }
});

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

t("join refuses the tokens Realtime refuses, with its reasons", async () => {
  const now = Math.floor(Date.now() / 1000);
  const cases: [string, string | RegExp][] = [
    [
      await signJwt({ role: "authenticated", sub: userOne, exp: now - 30 }, JWT_SECRET),
      /^InvalidJWTToken: Token has expired \d+ seconds ago$/,
    ],
    [
      await signJwt({ role: "authenticated", sub: userOne, exp: now + 60 }, "some-other-secret-that-is-32-chars-long"),
      "JwtSignatureError: Failed to validate JWT signature",
    ],
    ["not.a.jwt", "MalformedJWT: The token provided is not a valid JWT"],
    [
      await signJwt({ sub: userOne, exp: now + 60 }, JWT_SECRET),
      "InvalidJWTToken: Fields `role` and `exp` are required in JWT",
    ],
  ];
  for (const [token, reason] of cases) {
    const channel = (await clientWithToken(token)).channel(`auth-${crypto.randomUUID()}`);
    const outcome = await subscribe(channel);
    assertEquals(outcome.status, "CHANNEL_ERROR");
    if (typeof reason === "string") assertEquals(outcome.message, reason);
    else assertMatch(outcome.message ?? "", reason);
    await channel.unsubscribe();
  }
});

t("access_token updates change what a channel may see; an invalid one closes it with a system error", async () => {
  let token = ANON_KEY;
  const c = await clientWithToken(() => token);
  const rows: number[] = [];
  const system: Record<string, unknown>[] = [];
  let closed = false;
  const channel = c.channel(`upgrade-${run}`, { config: { broadcast: { ack: true } } })
    .on("postgres_changes", { event: "INSERT", schema, table: "items" }, (p) => rows.push((p.new as { id: number }).id))
    .on("system", {}, (m) => system.push(m));
  await new Promise<void>((resolve) =>
    channel.subscribe((status) => {
      if (status === "SUBSCRIBED") resolve();
      if (status === "CLOSED") closed = true;
    })
  );
  await sql.unsafe(
    `insert into ${schema}.items (id, owner, visible) values (10, '${userOne}', false), (11, null, true)`,
  );
  await waitFor("the visible marker", () => rows.includes(11));
  assertEquals(rows, [11], "as anon, user one's hidden row is not delivered");

  token = await userToken({ sub: userOne });
  await c.realtime.setAuth();
  // acknowledged broadcasts are handled after the access_token push that preceded them
  assertEquals(await channel.send({ type: "broadcast", event: "sync", payload: {} }), "ok");
  await sql.unsafe(`insert into ${schema}.items (id, owner, visible) values (12, '${userOne}', false)`);
  await waitFor("user one's hidden row after the token update", () => rows.includes(12));

  await c.realtime.setAuth("garbage-token");
  await waitFor("the channel to close", () => closed);
  assertEquals(system.at(-1), {
    extension: "system",
    status: "error",
    message: "The token provided is not a valid JWT",
    channel: `upgrade-${run}`,
  });
});

t("a channel whose token expires is closed with Realtime's system error", async () => {
  const expiresSoon = await signJwt(
    { role: "authenticated", sub: userOne, exp: Math.floor(Date.now() / 1000) + 2 },
    JWT_SECRET,
  );
  const system: Record<string, unknown>[] = [];
  let closed = false;
  const channel = (await clientWithToken(expiresSoon)).channel(`expiry-${run}`).on("system", {}, (m) => system.push(m));
  await new Promise<void>((resolve) =>
    channel.subscribe((status) => {
      if (status === "SUBSCRIBED") resolve();
      if (status === "CLOSED") closed = true;
    })
  );
  await waitFor("the channel to close at the token's expiry", () => closed, 10_000);
  assertEquals(system.at(-1)?.status, "error");
  assertMatch(String(system.at(-1)?.message), /^Token has expired \d+ seconds ago$/);
});

t("raw protocol: heartbeat, unmatched topics, join reply echo, system message, change frame, ack, leave", async () => {
  const socket = raw();
  await socket.opened;
  socket.send([null, "1", "phoenix", "heartbeat", {}]);
  assertEquals(
    await socket.next((f) => (f as unknown[])[1] === "1", "heartbeat reply"),
    [null, "1", "phoenix", "phx_reply", { status: "ok", response: {} }],
  );
  socket.send([null, "2", "realtime:never-joined", "broadcast", { type: "broadcast", event: "x", payload: {} }]);
  assertEquals(
    await socket.next((f) => (f as unknown[])[1] === "2", "unmatched reply"),
    [null, "2", "realtime:never-joined", "phx_reply", { status: "error", response: { reason: "unmatched topic" } }],
  );
  socket.send(["3", "3", "realtime:", "phx_join", { config: {} }]);
  assertEquals(
    ((await socket.next((f) => (f as unknown[])[1] === "3", "empty topic reply")) as unknown[])[4],
    { status: "error", response: { reason: "TopicNameRequired: You must provide a topic name" } },
  );

  const topic = `realtime:raw-${run}`;
  const binding = { event: "INSERT", schema, table: "plain", filter: "n=eq.42" };
  socket.send(["4", "4", topic, "phx_join", {
    config: {
      broadcast: { ack: true, self: false },
      presence: { key: "", enabled: false },
      postgres_changes: [binding],
      private: false,
    },
    access_token: ANON_KEY,
  }]);
  const reply = (await socket.next((f) => (f as unknown[])[1] === "4", "join reply")) as unknown[];
  const response = reply[4] as { status: string; response: { postgres_changes: Record<string, unknown>[] } };
  assertEquals(response.status, "ok");
  const { id, ...echoed } = response.response.postgres_changes[0];
  assertEquals(echoed, binding);
  assert(Number.isInteger(id), "the binding gets an integer id");
  assertEquals(
    await socket.next((f) => (f as unknown[])[3] === "system", "system message"),
    ["4", null, topic, "system", {
      extension: "postgres_changes",
      status: "ok",
      message: "Subscribed to PostgreSQL",
      channel: `raw-${run}`,
    }],
  );

  await sql.unsafe(`insert into ${schema}.plain (id, n, tag) values (4242, 42, 'wire')`);
  const change = (await socket.next((f) => (f as unknown[])[3] === "postgres_changes", "change frame")) as unknown[];
  assertEquals(change.slice(0, 4), [null, null, topic, "postgres_changes"]);
  const payload = change[4] as { ids: number[]; data: Record<string, unknown> };
  assertEquals(payload.ids, [id]);
  assertEquals(payload.data.type, "INSERT");
  assertEquals(payload.data.errors, null);
  assertEquals(payload.data.columns, [
    { name: "id", type: "int8" },
    { name: "n", type: "int4" },
    { name: "tag", type: "text" },
    { name: "at", type: "timestamptz" },
  ]);
  assertEquals({ ...(payload.data.record as Record<string, unknown>), at: "-" }, {
    id: 4242,
    n: 42,
    tag: "wire",
    at: "-",
  });

  socket.send(["4", "5", topic, "broadcast", { type: "broadcast", event: "e", payload: {} }]);
  assertEquals(
    await socket.next((f) => (f as unknown[])[1] === "5", "broadcast ack"),
    ["4", "5", topic, "phx_reply", { status: "ok", response: {} }],
  );
  socket.send(["4", "6", topic, "phx_leave", {}]);
  assertEquals(
    await socket.next((f) => (f as unknown[])[1] === "6", "leave reply"),
    ["4", "6", topic, "phx_reply", { status: "ok", response: {} }],
  );
  socket.send(["4", "7", topic, "broadcast", { type: "broadcast", event: "e", payload: {} }]);
  assertEquals(
    ((await socket.next((f) => (f as unknown[])[1] === "7", "after leave")) as unknown[])[4],
    { status: "error", response: { reason: "unmatched topic" } },
  );
});

t("vsn 1.0.0 frames are JSON objects", async () => {
  const socket = raw(wsUrl("1.0.0"));
  await socket.opened;
  socket.send({ join_ref: null, ref: "1", topic: "phoenix", event: "heartbeat", payload: {} });
  assertEquals(await socket.next(() => true, "heartbeat reply"), {
    join_ref: null,
    ref: "1",
    topic: "phoenix",
    event: "phx_reply",
    payload: { status: "ok", response: {} },
  });
});

t("garbage frames close only the sender's socket; everyone else keeps being served", async () => {
  const topic = `steady-${run}`;
  const heard: unknown[] = [];
  const steady = await subscribed(
    client().channel(topic).on("broadcast", { event: "*" }, (m) => heard.push(m.payload)),
  );
  const garbage: [string, string | Uint8Array, number][] = [
    [wsUrl(), "}{ not json", 1003],
    [wsUrl(), JSON.stringify(["only", "four", "fields", "here"]), 1003],
    [wsUrl(), JSON.stringify([null, "1", 42, "heartbeat", {}]), 1003],
    [wsUrl(), new Uint8Array([9, 9, 9]), 1003],
    [wsUrl("1.0.0"), new Uint8Array([3, 0, 0, 0, 0, 0, 1]), 1003],
    [wsUrl(), "x".repeat(1024 * 1024 + 1), 1009],
  ];
  for (const [url, frame, code] of garbage) {
    const socket = raw(url);
    await socket.opened;
    socket.send(frame);
    assertEquals((await socket.waitClosed()).code, code, `frame ${String(frame).slice(0, 30)}`);
  }
  await steady.send({ type: "broadcast", event: "still", payload: { here: true } });
  const other = await subscribed(client().channel(topic));
  await other.send({ type: "broadcast", event: "still", payload: { here: "too" } });
  await waitFor("the broadcast after the garbage", () => heard.length === 1);
  assertEquals(heard, [{ here: "too" }]);
});

t("a socket with a bad apikey or protocol version is refused with 403", async () => {
  for (const query of [`apikey=nonsense&vsn=2.0.0`, `vsn=2.0.0`, `apikey=${ANON_KEY}&vsn=9.9.9`]) {
    const conn = await Deno.connect({ hostname: HOST, port: Number(new URL(API_URL).port) });
    const request = [
      `GET /realtime/v1/websocket?${query} HTTP/1.1`,
      `Host: ${new URL(API_URL).host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Version: 13",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "",
      "",
    ].join("\r\n");
    await conn.write(new TextEncoder().encode(request));
    const buffer = new Uint8Array(512);
    const n = await conn.read(buffer);
    conn.close();
    assertMatch(new TextDecoder().decode(buffer.subarray(0, n ?? 0)), /^HTTP\/1\.1 403/, query);
  }
});

t("private channels need the read policy, and private broadcasts reach only them", async () => {
  const topic = `private-${run}`;
  const refused = client().channel(topic, { config: { private: true } });
  assertEquals(await subscribe(refused), {
    status: "CHANNEL_ERROR",
    message: `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
  });
  await refused.unsubscribe();

  const policy = `rt_test_read_${run}`;
  await sql.unsafe(`
    create policy ${policy} on realtime.messages for select to anon
    using (realtime.topic() = '${topic}' and extension = 'broadcast')
  `);
  try {
    const privately: unknown[] = [];
    const publicly: unknown[] = [];
    const inside = await subscribed(
      client().channel(topic, { config: { private: true, broadcast: { ack: true } } })
        .on("broadcast", { event: "*" }, (m) => privately.push(m.payload)),
    );
    await subscribed(client().channel(topic).on("broadcast", { event: "*" }, (m) => publicly.push(m.payload)));
    await sql`select realtime.send('{"for":"members"}'::jsonb, 'note', ${topic}, true)`;
    await sql`select realtime.send('{"for":"everyone"}'::jsonb, 'note', ${topic}, false)`;
    await waitFor("both broadcasts", () => privately.length === 1 && publicly.length === 1);
    assertEquals(privately.map(withoutId), [{ for: "members" }]);
    assertEquals(publicly.map(withoutId), [{ for: "everyone" }]);
    // no insert policy: the write is refused, so the acknowledged send reports an error
    assertEquals(await inside.send({ type: "broadcast", event: "note", payload: { from: "anon" } }), "error");
  } finally {
    await sql.unsafe(`drop policy ${policy} on realtime.messages`);
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

t("a socket that stops heartbeating is closed; one that keeps heartbeating stays", async () => {
  const platform = await spawnPlatform({ env: { THESET_REALTIME_HEARTBEAT_TIMEOUT_MS: "1000" } });
  try {
    const silent = raw(wsUrl("2.0.0", ANON_KEY, platform.gateway.url));
    const lively = raw(wsUrl("2.0.0", ANON_KEY, platform.gateway.url));
    await Promise.all([silent.opened, lively.opened]);
    let ref = 0;
    const beat = setInterval(() => lively.send([null, String(++ref), "phoenix", "heartbeat", {}]), 250);
    try {
      const closed = await silent.waitClosed(10_000);
      assertEquals(closed, { code: 1000, reason: "heartbeat timeout" });
      await sleep(1500);
      assertEquals(lively.closed, null, "the heartbeating socket is still open");
    } finally {
      clearInterval(beat);
      lively.close();
    }
  } finally {
    await platform.stop();
  }
});

t("realtime.messages keeps daily partitions: three days ahead are created, those past 72 hours dropped", async () => {
  const day = (offset: number) => {
    const date = new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    return { name: `messages_${date.replaceAll("-", "_")}`, from: date };
  };
  // an old partition with a row in it, and one two days back, as a stack left running would have
  for (const offset of [-5, -2]) {
    const { name, from } = day(offset);
    await sql.unsafe(`
      create table if not exists realtime.${name} partition of realtime.messages
      for values from ('${from}') to ('${from}'::date + 1)
    `);
  }
  await sql`
    insert into realtime.messages (topic, extension, event, payload, private, inserted_at)
    values (${`partition-${run}`}, 'broadcast', 'old', '{}', false, ${day(-5).from}::timestamp + interval '1 hour')
  `;
  const left = await maintainMessagePartitions(sql);
  assertEquals(left, [-2, -1, 0, 1, 2, 3].map((offset) => day(offset).name), "yesterday..+3 and the day before kept");
  const rows = await sql`select 1 from realtime.messages where topic = ${`partition-${run}`}`;
  assertEquals(rows.length, 0, "the old partition went with its rows");
});

t("teardown: close clients and drop the fixtures", async () => {
  await Promise.all(clients.map((c) => c.realtime.disconnect()));
  for (const s of sockets) s.close();
  await sql.unsafe(`
    alter publication supabase_realtime drop table ${schema}.items, ${schema}.plain;
    drop schema ${schema} cascade;
  `);
  await sql.end();
});
