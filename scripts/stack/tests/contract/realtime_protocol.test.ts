// /realtime/v1/websocket contract, the Phoenix wire protocol: replies, system messages and frames as a raw
// socket sees them, garbage frames, heartbeats, and realtime.messages' daily partitions.
// Driven through supabase-js (realtime-js) for everything it can express and through a raw Phoenix
// socket for wire details it hides; the fixtures are realtime_support.ts's.

import { assert, assertEquals } from "../../../test/assert.ts";
import { ANON_KEY } from "../../config.ts";
import { maintainMessagePartitions } from "../../gateway/realtime/mod.ts";
import { sleep, spawnPlatform, waitFor } from "./helpers.ts";
import { realtimeContract, subscribed, t, wsUrl } from "./realtime_support.ts";

const { sql, run, schema, client, raw, teardown } = realtimeContract();

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
  // a stack that ran this yesterday also has the partition three days back, which still ends within 72 hours
  // (a fresh one does not): only what is older than that must be gone
  assertEquals(
    left.filter((name) => name >= day(-2).name),
    [-2, -1, 0, 1, 2, 3].map((offset) => day(offset).name),
    "yesterday..+3 and the day before kept",
  );
  assertEquals(left.filter((name) => name <= day(-4).name), [], "partitions past 72 hours dropped");
  const rows = await sql`select 1 from realtime.messages where topic = ${`partition-${run}`}`;
  assertEquals(rows.length, 0, "the old partition went with its rows");
});

teardown();
