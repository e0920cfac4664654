// /realtime/v1/websocket contract, tokens: the keys and JWTs a socket and a join may use, token refresh and
// expiry, with Realtime's reasons for what it refuses.
// Driven through supabase-js (realtime-js) for everything it can express and through a raw Phoenix
// socket for wire details it hides; the fixtures are realtime_support.ts's.

import { assertEquals, assertMatch } from "../../../test/assert.ts";
import { ANON_KEY, API_URL, HOST, JWT_SECRET } from "../../config.ts";
import { signJwt } from "../../jwt.ts";
import { userToken, waitFor } from "./helpers.ts";
import { realtimeContract, subscribe, t } from "./realtime_support.ts";

const { sql, run, schema, userOne, clientWithToken, teardown } = realtimeContract();

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

teardown();
