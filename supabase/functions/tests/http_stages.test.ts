// The HTTP client's stages on their own, without a server: the status ladder's
// verdict for each kind of outcome, the admission gates, and one timed attempt.
// The whole pipeline against a failing server is in http_client.test.ts.

import { assert, assertEquals, assertRejects } from "../../../scripts/test/assert.ts";
import { drawFromBudget, passCircuit } from "../_shared/http/admission.ts";
import { CircuitBreaker } from "../_shared/http/circuit_breaker.ts";
import { ProviderError } from "../_shared/http/errors.ts";
import { MemoryBudget } from "../_shared/http/rate_limiter.ts";
import { judgeAttempt, type LadderContext } from "../_shared/http/status_ladder.ts";
import { type Attempt, sendOnce } from "../_shared/http/transport.ts";
import { FakeClock } from "./support/scripted_server.ts";

const NOW = Date.parse("2026-12-06T12:00:00Z");

function ctx(overrides: Partial<LadderContext> = {}): LadderContext {
  return {
    provider: "setlistfm",
    shownUrl: "https://example.test/1.0/search?x-api-key=***",
    timeoutMs: 1_000,
    maxRetryAfterMs: 10_000,
    hasCachedCopy: false,
    notFoundIsEmpty: false,
    now: NOW,
    ...overrides,
  };
}

function answer(status: number, body: string | null, headers: Record<string, string> = {}): Attempt {
  return { kind: "response", response: new Response(body, { status, headers }) };
}

Deno.test("ladder: a 2xx JSON body is the answer, with its ETag", async () => {
  const verdict = await judgeAttempt(answer(200, '{"a":1}', { etag: '"v1"' }), ctx());
  assertEquals(verdict, { kind: "answer", breaker: "success", status: 200, body: { a: 1 }, etag: '"v1"' });
});

Deno.test("ladder: a 2xx that is not JSON is retried and counts against the circuit", async () => {
  const verdict = await judgeAttempt(answer(200, "<html>"), ctx());
  assertEquals(verdict.kind, "retry");
  assertEquals(verdict.breaker, "failure");
  assert(verdict.kind === "retry" && verdict.error.code === "bad_json" && !verdict.pacing);
});

Deno.test("ladder: timeouts, network errors and 5xx are retried as provider failures", async () => {
  const outcomes: [Attempt, string][] = [
    [{ kind: "timeout" }, "timeout"],
    [{ kind: "network", message: "connection refused" }, "network"],
    [answer(503, "down"), "server_error"],
  ];
  for (const [attempt, code] of outcomes) {
    const verdict = await judgeAttempt(attempt, ctx());
    assert(verdict.kind === "retry", `${code}: ${verdict.kind}`);
    assertEquals([verdict.error.code, verdict.breaker, verdict.pacing], [code, "failure", false]);
  }
});

Deno.test("ladder: a 429 paces every caller, keeps the circuit closed, and carries its Retry-After", async () => {
  const verdict = await judgeAttempt(answer(429, "", { "retry-after": "3" }), ctx());
  assert(verdict.kind === "retry");
  assertEquals([verdict.breaker, verdict.pacing, verdict.retryAfterMs], ["success", true, 3_000]);
  const bare = await judgeAttempt(answer(429, ""), ctx());
  assert(bare.kind === "retry" && bare.retryAfterMs === null, "a 429 without Retry-After leaves the wait to backoff");
});

Deno.test("ladder: a 429 asking for longer than a run waits fails at once and says how long to hold off", async () => {
  const verdict = await judgeAttempt(answer(429, "", { "retry-after": "60" }), ctx({ maxRetryAfterMs: 10_000 }));
  assert(verdict.kind === "fail");
  assertEquals([verdict.error.code, verdict.error.status, verdict.pauseMs], ["rate_limited", 429, 60_000]);
});

Deno.test("ladder: 304 confirms a cached copy only when one was offered", async () => {
  assertEquals((await judgeAttempt(answer(304, null), ctx({ hasCachedCopy: true }))).kind, "not_modified");
  // a 304 nobody asked for is not an answer we can use: it falls to the 2xx rung's JSON check and is retried
  assertEquals((await judgeAttempt(answer(304, null), ctx({ hasCachedCopy: false }))).kind, "retry");
});

Deno.test("ladder: 404 is an empty answer where the endpoint means 'none' by it, else not_found", async () => {
  assertEquals((await judgeAttempt(answer(404, "nope"), ctx({ notFoundIsEmpty: true }))).kind, "empty");
  const verdict = await judgeAttempt(answer(404, "nope"), ctx());
  assert(verdict.kind === "fail");
  assertEquals([verdict.error.code, verdict.breaker], ["not_found", "success"]);
});

Deno.test("ladder: another 4xx is our mistake: no retry, the provider's words in the error", async () => {
  const verdict = await judgeAttempt(answer(401, "Invalid API key"), ctx());
  assert(verdict.kind === "fail");
  assertEquals(verdict.error.code, "client_error");
  assert(verdict.error.message.includes("Invalid API key"), verdict.error.message);
});

Deno.test("admission: an open circuit refuses with circuit_open; a closed one lets the call through", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker(1, 5_000, clock);
  passCircuit(breaker, "spotify", "u");
  breaker.recordFailure();
  const error = await assertRejects(() => Promise.resolve().then(() => passCircuit(breaker, "spotify", "u")));
  assert(error instanceof ProviderError && error.code === "circuit_open", String(error));
});

Deno.test("admission: the budget draws one request at a time and refuses past the limit, naming the share", async () => {
  const store = new MemoryBudget();
  const draw = { store, provider: "ticketmaster" as const, limit: 2, dailyBudget: 5, keyId: "k", shownUrl: "u" };
  await drawFromBudget(draw);
  await drawFromBudget(draw);
  const error = await assertRejects(() => drawFromBudget(draw));
  assert(error instanceof ProviderError && error.code === "budget_exhausted", String(error));
  assert(error.message.includes("kept for the scheduled syncs"), error.message);
  // another key has its own budget
  await drawFromBudget({ ...draw, keyId: "other" });
});

Deno.test("transport: a body that stalls past the timeout is a timeout, not a half-read answer", async () => {
  const stalled: typeof fetch = (_input, init) =>
    Promise.resolve(
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("{"));
            init?.signal?.addEventListener("abort", () => controller.error(new Error("aborted")));
          },
        }),
      ),
    );
  const send = { method: "GET", url: new URL("http://127.0.0.1:9/x"), headers: new Headers(), timeoutMs: 50 };
  assertEquals(await sendOnce(stalled, send), { kind: "timeout" });
  const refused: typeof fetch = () => Promise.reject(new TypeError("connection refused"));
  assertEquals(await sendOnce(refused, send), { kind: "network", message: "connection refused" });
});
