// A tiny local HTTP server for client tests: each request is answered by the
// next entry of a script (the last entry repeats), and every request is kept
// so tests can assert how many were sent and with which headers. And the
// client those tests send with: a ProviderClient on virtual time.

import type { MemoryCache } from "../../_shared/http/cache.ts";
import { CircuitBreaker } from "../../_shared/http/circuit_breaker.ts";
import { ProviderClient, type ProviderPolicy } from "../../_shared/http/client.ts";
import { type MemoryBudget, SlidingWindowLimiter } from "../../_shared/http/rate_limiter.ts";
import { CallStats } from "../../_shared/http/stats.ts";

export type Reply =
  | { status: number; body?: string; headers?: Record<string, string> }
  | { delayMs: number; status: number; body?: string };

export interface ScriptedServer {
  url: string;
  requests: { method: string; path: string; headers: Headers }[];
  setScript(replies: Reply[]): void;
  close(): Promise<void>;
}

export function scriptedServer(initial: Reply[] = [{ status: 200, body: "{}" }]): ScriptedServer {
  let script = [...initial];
  const requests: ScriptedServer["requests"] = [];
  const controller = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen: () => {} },
    async (req) => {
      const url = new URL(req.url);
      requests.push({ method: req.method, path: url.pathname + url.search, headers: req.headers });
      const reply = script.length > 1 ? script.shift()! : script[0];
      if ("delayMs" in reply) await new Promise((r) => setTimeout(r, reply.delayMs));
      const headers = "headers" in reply ? reply.headers : undefined;
      const nullBody = reply.status === 304 || reply.status === 204;
      return new Response(nullBody ? null : reply.body ?? "", {
        status: reply.status,
        headers: { "content-type": "application/json", ...headers },
      });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    setScript: (replies) => script = [...replies],
    close: async () => {
      controller.abort();
      await server.finished;
    },
  };
}

/** Virtual time: sleep() advances the clock at once, and every sleep is recorded. */
/** A test against a server answering `replies`, closed after it, pass or fail. */
export function scriptedServerTest(name: string, replies: Reply[], fn: (server: ScriptedServer) => Promise<void>) {
  Deno.test(name, async () => {
    const server = scriptedServer(replies);
    try {
      await fn(server);
    } finally {
      await server.close();
    }
  });
}

export class FakeClock {
  time = 1_700_000_000_000;
  sleeps: number[] = [];
  now = () => this.time;
  sleep = (ms: number) => {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  };
}

/** A policy for client tests: a limiter and breaker that stay out of the way, 2 s timeouts, 3 retries. */
export function testPolicy(overrides: Partial<ProviderPolicy> = {}): ProviderPolicy {
  return {
    provider: "ticketmaster",
    rateLimit: { limit: 100, windowMs: 1000 },
    dailyBudget: null,
    timeoutMs: 2_000,
    maxRetries: 3,
    backoffBaseMs: 100,
    backoffMaxMs: 1_000,
    maxRetryAfterMs: 10_000,
    breakerThreshold: 50,
    breakerCooldownMs: 5_000,
    ...overrides,
  };
}

/**
 * A ProviderClient for the policy on a FakeClock (its own unless given), with its own limiter, breaker and
 * counters, and the longest backoff every time (random 1) so waits are known.
 */
export function scriptedClient(
  p: ProviderPolicy,
  extra: { cache?: MemoryCache; budget?: MemoryBudget; clock?: FakeClock; deadline?: number } = {},
) {
  const clock = extra.clock ?? new FakeClock();
  const stats = new CallStats();
  const runtime = {
    policy: p,
    limiter: new SlidingWindowLimiter(p.rateLimit.limit, p.rateLimit.windowMs, clock),
    breaker: new CircuitBreaker(p.breakerThreshold, p.breakerCooldownMs, clock),
  };
  const client = new ProviderClient(p.provider, {
    stats,
    clock,
    runtime,
    cache: extra.cache,
    budget: extra.budget,
    random: () => 1,
    deadline: extra.deadline,
  });
  return { client, stats, clock, runtime };
}
