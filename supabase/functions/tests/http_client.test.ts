// The shared HTTP client against a local server that fails on request:
// retries, Retry-After, timeouts, network errors, unreadable bodies, the
// circuit breaker, the daily budget, api_cache with ETags, and the counters.

import { assert, assertEquals, assertRejects } from "../../../scripts/test/assert.ts";
import { MemoryCache } from "../_shared/http/cache.ts";
import { parseRetryAfter } from "../_shared/http/client.ts";
import { ProviderError } from "../_shared/http/errors.ts";
import { MemoryBudget, SlidingWindowLimiter } from "../_shared/http/rate_limiter.ts";
import {
  FakeClock,
  scriptedClient,
  scriptedServer,
  scriptedServerTest,
  testPolicy,
} from "./support/scripted_server.ts";
import { isWholeEventsPage } from "../_shared/providers/ticketmaster.ts";
import type { TmEventsResponse } from "../_shared/providers/ticketmaster_types.ts";

const policy = testPolicy;
const client = scriptedClient;

async function expectProviderError(fn: () => Promise<unknown>, code: string): Promise<ProviderError> {
  const error = await assertRejects(fn);
  assert(error instanceof ProviderError, `expected a ProviderError, got ${error}`);
  assertEquals(error.code, code, error.message);
  return error;
}

Deno.test("the limiter lets `limit` requests through per window and holds the next until the window slides", async () => {
  const clock = new FakeClock();
  const limiter = new SlidingWindowLimiter(5, 1000, clock);
  const start = clock.now();
  const times: number[] = [];
  for (let i = 0; i < 12; i++) {
    await limiter.acquire();
    times.push(clock.now() - start);
  }
  assertEquals(times.slice(0, 5), [0, 0, 0, 0, 0], "the first five go at once");
  assertEquals(times[5], 1001, "the sixth waits for the first to leave the window");
  for (let i = 0; i < times.length; i++) {
    const inWindow = times.filter((t) => t > times[i] - 1000 && t <= times[i]).length;
    assert(inWindow <= 5, `at most 5 requests in any 1000 ms window, saw ${inWindow} ending at ${times[i]}`);
  }
});

Deno.test("pauseUntil holds every caller until the provider's Retry-After has passed", async () => {
  const clock = new FakeClock();
  const limiter = new SlidingWindowLimiter(5, 1000, clock);
  limiter.pauseUntil(clock.now() + 2500);
  await limiter.acquire();
  assertEquals(clock.sleeps, [2500]);
});

scriptedServerTest("5xx answers are retried with exponential backoff and then succeed", [{ status: 500 }, {
  status: 503,
}, { status: 200, body: '{"ok":true}' }], async (server) => {
  const { client: c, stats, clock } = client(policy());
  const res = await c.getJson<{ ok: boolean }>(new URL("/x", server.url));
  assertEquals(res.body, { ok: true });
  assertEquals(server.requests.length, 3);
  assertEquals(clock.sleeps, [100, 200], "base * 2^attempt (random pinned to the ceiling)");
  assertEquals(stats.byProvider.ticketmaster.requests, 3);
  assertEquals(stats.byProvider.ticketmaster.retries, 2);
  assertEquals(stats.byProvider.ticketmaster.failures, 0);
});

scriptedServerTest(
  "a persistent 500 fails as server_error after exactly maxRetries + 1 requests",
  [{ status: 500 }],
  async (server) => {
    const { client: c, stats } = client(policy({ maxRetries: 2 }));
    const error = await expectProviderError(() => c.getJson(new URL("/x", server.url)), "server_error");
    assertEquals(error.status, 500);
    assertEquals(server.requests.length, 3);
    assertEquals(stats.byProvider.ticketmaster.failures, 1);
  },
);

scriptedServerTest("a 429 waits exactly its Retry-After before the next attempt", [{
  status: 429,
  headers: { "Retry-After": "3" },
}, { status: 200, body: "[1]" }], async (server) => {
  const { client: c, stats, clock } = client(policy());
  const res = await c.getJson<number[]>(new URL("/x", server.url));
  assertEquals(res.body, [1]);
  assertEquals(clock.sleeps.reduce((a, b) => a + b, 0), 3000, "the wait is the provider's Retry-After");
  assertEquals(stats.byProvider.ticketmaster.rate_limited, 1);
});

scriptedServerTest("a Retry-After longer than the run waits fails at once as rate_limited", [{
  status: 429,
  headers: { "Retry-After": "3600" },
}], async (server) => {
  const { client: c, clock } = client(policy());
  await expectProviderError(() => c.getJson(new URL("/x", server.url)), "rate_limited");
  assertEquals(server.requests.length, 1, "no retry");
  assertEquals(clock.sleeps, [], "nothing waited");
});

Deno.test("Retry-After is read as seconds or as an HTTP date", () => {
  assertEquals(parseRetryAfter("2", 0), 2000);
  assertEquals(parseRetryAfter("0.5", 0), 500);
  const now = Date.parse("2026-11-25T10:00:00Z");
  assertEquals(parseRetryAfter("Wed, 25 Nov 2026 10:00:07 GMT", now), 7000);
  assertEquals(parseRetryAfter("soon", now), null);
  assertEquals(parseRetryAfter(null, now), null);
});

Deno.test("a slow answer times out, is retried, and fails as timeout", async () => {
  const server = scriptedServer([{ delayMs: 300, status: 200, body: "{}" }]);
  try {
    const { client: c, stats } = client(policy({ timeoutMs: 50, maxRetries: 1 }));
    await expectProviderError(() => c.getJson(new URL("/slow", server.url)), "timeout");
    assertEquals(stats.byProvider.ticketmaster.requests, 2);
  } finally {
    await new Promise((r) => setTimeout(r, 350));
    await server.close();
  }
});

Deno.test("a refused connection fails as network after the retries", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const { client: c, stats } = client(policy({ maxRetries: 1 }));
  await expectProviderError(() => c.getJson(new URL(`http://127.0.0.1:${port}/x`)), "network");
  assertEquals(stats.byProvider.ticketmaster.requests, 2);
});

scriptedServerTest("a 200 with a body that is not JSON is retried, then accepted once readable", [{
  status: 200,
  body: '{"page": [1, 2',
}, { status: 200, body: '{"page":[1,2]}' }], async (server) => {
  const { client: c } = client(policy());
  const res = await c.getJson<{ page: number[] }>(new URL("/x", server.url));
  assertEquals(res.body, { page: [1, 2] });
  assertEquals(server.requests.length, 2);
});

scriptedServerTest("a 400 is our mistake: no retry, client_error with the provider's message", [{
  status: 400,
  body: '{"error":{"status":400,"message":"Invalid limit"}}',
}], async (server) => {
  const { client: c } = client(policy());
  const error = await expectProviderError(() => c.getJson(new URL("/x", server.url)), "client_error");
  assert(error.message.includes("Invalid limit"));
  assertEquals(server.requests.length, 1);
});

scriptedServerTest("404 is not_found, or an empty result where the endpoint means 'no results' by it", [{
  status: 404,
  body: '{"code":404,"status":"Not Found","message":"not found"}',
}], async (server) => {
  const { client: c } = client(policy());
  await expectProviderError(() => c.getJson(new URL("/x", server.url)), "not_found");
  const empty = await c.getJson(new URL("/x", server.url), { notFoundIsEmpty: true });
  assertEquals(empty, { status: 404, body: null, fromCache: false });
});

scriptedServerTest("the circuit opens after consecutive failures, fails fast, and closes after a good probe", [{
  status: 500,
}], async (server) => {
  const { client: c, clock, runtime } = client(
    policy({ maxRetries: 0, breakerThreshold: 3, breakerCooldownMs: 5000 }),
  );
  for (let i = 0; i < 3; i++) await expectProviderError(() => c.getJson(new URL("/x", server.url)), "server_error");
  assertEquals(runtime.breaker.state, "open");
  await expectProviderError(() => c.getJson(new URL("/x", server.url)), "circuit_open");
  assertEquals(server.requests.length, 3, "an open circuit sends nothing");

  clock.time += 5000;
  assertEquals(runtime.breaker.state, "half_open");
  server.setScript([{ status: 200, body: "{}" }]);
  await c.getJson(new URL("/x", server.url));
  assertEquals(runtime.breaker.state, "closed");
  assertEquals(server.requests.length, 4);
});

scriptedServerTest("a failed half-open probe opens the circuit again", [{ status: 502 }], async (server) => {
  const { client: c, clock, runtime } = client(
    policy({ maxRetries: 0, breakerThreshold: 1, breakerCooldownMs: 1000 }),
  );
  await expectProviderError(() => c.getJson(new URL("/x", server.url)), "server_error");
  clock.time += 1000;
  await expectProviderError(() => c.getJson(new URL("/x", server.url)), "server_error");
  assertEquals(runtime.breaker.state, "open");
  await expectProviderError(() => c.getJson(new URL("/x", server.url)), "circuit_open");
});

scriptedServerTest("429s do not open the circuit: the provider is pacing us, not failing", [{
  status: 429,
  headers: { "Retry-After": "1" },
}], async (server) => {
  const { client: c, runtime } = client(policy({ maxRetries: 4, breakerThreshold: 2 }));
  await expectProviderError(() => c.getJson(new URL("/x", server.url)), "rate_limited");
  assertEquals(runtime.breaker.state, "closed");
  assertEquals(server.requests.length, 5);
});

scriptedServerTest(
  "the daily budget refuses the request past it without sending it",
  [{ status: 200, body: "{}" }],
  async (server) => {
    const budget = new MemoryBudget(new FakeClock());
    const { client: c } = client(policy({ dailyBudget: 2 }), { budget });
    await c.getJson(new URL("/a", server.url));
    await c.getJson(new URL("/b", server.url));
    await expectProviderError(() => c.getJson(new URL("/c", server.url)), "budget_exhausted");
    assertEquals(server.requests.length, 2);
  },
);

scriptedServerTest("a cached answer is served within its TTL, then revalidated with If-None-Match", [
  { status: 200, body: '{"v":1}', headers: { ETag: '"abc"' } },
  { status: 304 },
], async (server) => {
  const clock = new FakeClock();
  const cache = new MemoryCache(clock);
  const { client: c, stats } = client(policy(), { cache, clock });
  const url = new URL("/events.json?b=2&apikey=SECRET&a=1", server.url);
  const first = await c.getJson(url, { cacheTtlSeconds: 60, secretParams: ["apikey"] });
  assertEquals(first, { status: 200, body: { v: 1 }, fromCache: false });
  const second = await c.getJson(url, { cacheTtlSeconds: 60, secretParams: ["apikey"] });
  assertEquals(second.fromCache, true);
  assertEquals(server.requests.length, 1, "within the TTL nothing is sent");
  assertEquals(
    [...cache.entries.keys()],
    [`ticketmaster GET ${new URL(server.url).host}/events.json?a=1&b=2`],
    "the host, the path and the sorted query, without the credential",
  );

  clock.time += 61_000;
  const third = await c.getJson(url, { cacheTtlSeconds: 60, secretParams: ["apikey"] });
  assertEquals(third, { status: 200, body: { v: 1 }, fromCache: true });
  assertEquals(server.requests.length, 2);
  assertEquals(server.requests[1].headers.get("if-none-match"), '"abc"');
  assertEquals(stats.byProvider.ticketmaster.cache_hits, 1);
  assertEquals(stats.byProvider.ticketmaster.not_modified, 1);
});

scriptedServerTest("a 200 the caller calls uncacheable is answered but not kept; the next call asks again", [
  { status: 200, body: '{"events":[1]}' },
  { status: 200, body: '{"events":[1,2]}' },
], async (server) => {
  const cache = new MemoryCache();
  const { client: c } = client(policy(), { cache });
  const whole = (body: unknown) => (body as { events: number[] }).events.length === 2;
  const url = new URL("/page", server.url);
  const short = await c.getJson(url, { cacheTtlSeconds: 60, cacheable: whole });
  assertEquals(short, { status: 200, body: { events: [1] }, fromCache: false });
  assertEquals(cache.entries.size, 0, "the short answer was not cached");
  const again = await c.getJson(url, { cacheTtlSeconds: 60, cacheable: whole });
  assertEquals(again, { status: 200, body: { events: [1, 2] }, fromCache: false });
  assertEquals(server.requests.length, 2);
  assertEquals(cache.entries.size, 1, "the whole answer was");
});

Deno.test("isWholeEventsPage: full pages, the last page's remainder, and nothing past the end", () => {
  const page = (events: number, totalElements: number) =>
    ({
      _embedded: { events: Array.from({ length: events }, () => ({})) },
      page: { totalElements },
    }) as unknown as TmEventsResponse;
  assert(isWholeEventsPage(page(20, 45), 0, 20));
  assert(!isWholeEventsPage(page(19, 45), 1, 20), "a middle page one short");
  assert(isWholeEventsPage(page(5, 45), 2, 20), "the last page holds the remainder");
  assert(!isWholeEventsPage(page(4, 45), 2, 20));
  assert(isWholeEventsPage({} as TmEventsResponse, 0, 20), "no results at all is whole");
});

scriptedServerTest("without a TTL nothing is cached and every call asks the provider", [{
  status: 200,
  body: '{"v":1}',
  headers: { ETag: '"abc"' },
}], async (server) => {
  const cache = new MemoryCache();
  const { client: c } = client(policy(), { cache });
  await c.getJson(new URL("/x", server.url));
  await c.getJson(new URL("/x", server.url));
  assertEquals(server.requests.length, 2);
  assertEquals(cache.entries.size, 0);
  assertEquals(server.requests[1].headers.get("if-none-match"), null);
});
