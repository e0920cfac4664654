// /realtime/v1/websocket contract, broadcast: client to client (text and binary), from the database through
// realtime.send, through the REST endpoint, and on private channels behind their policies.
// Driven through supabase-js (realtime-js) for everything it can express and through a raw Phoenix
// socket for wire details it hides; the fixtures are realtime_support.ts's.

import { assertEquals } from "../../../test/assert.ts";
import { ANON_KEY, API_URL } from "../../config.ts";
import { MAX_FRAME_BYTES } from "../../gateway/realtime/mod.ts";
import { waitFor } from "./helpers.ts";
import { realtimeContract, subscribe, subscribed, t, withoutId } from "./realtime_support.ts";

const { sql, run, client, teardown } = realtimeContract();

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

teardown();
