// The edge runtime's limits (supabase/functions/_shared/edge_limits.ts) as the
// sync runs live them: the cut-off is the answer time less the client's worst
// case, the client itself never runs or waits past the answer time, a run
// that stops early says so and what it left (response, sync_runs, its events,
// cron_logs), and a run whose worker was killed is closed as failed by the
// next run.

import { assert, assertEquals, assertRejects } from "../../../scripts/test/assert.ts";
import {
  edgeLimits,
  HOSTED_EDGE_LIMITS,
  RUN_FINISH_RESERVE_MS,
  runTimeline,
  worstCaseCallMs,
} from "../_shared/edge_limits.ts";
import type { ProviderPolicy } from "../_shared/http/client.ts";
import { ProviderError } from "../_shared/http/errors.ts";
import { defaultPolicy } from "../_shared/http/policy.ts";
import { handler as importArtist } from "../import-artist/handler.ts";
import { handler as tours } from "../sync-popular-tours/handler.ts";
import { handler as ticketmaster } from "../ticketmaster/handler.ts";
import { FakeClock, scriptedClient, scriptedServerTest, testPolicy } from "./support/scripted_server.ts";
import { FAST_ENV, fault, PUBLISHABLE_KEY, worldTest } from "./support/world.ts";

function withoutEnv<T>(names: string[], fn: () => T): T {
  const saved = names.map((n) => [n, Deno.env.get(n)] as const);
  for (const n of names) Deno.env.delete(n);
  try {
    return fn();
  } finally {
    for (const [n, v] of saved) if (v !== undefined) Deno.env.set(n, v);
  }
}

const HTTP_VARS = Object.keys(FAST_ENV).filter((k) => k.startsWith("SYNC_HTTP_"));

Deno.test("the default client's worst case (70 s) leaves a run 75 s of work inside the 150 s idle timeout", () => {
  withoutEnv([...HTTP_VARS, "EDGE_WALL_CLOCK_MS", "EDGE_REQUEST_IDLE_TIMEOUT_MS"], () => {
    const policy = defaultPolicy("ticketmaster");
    // 4 attempts of 10 s, 3 waits of at most a 10 s Retry-After
    assertEquals(worstCaseCallMs(policy), 70_000);
    assertEquals(edgeLimits(), HOSTED_EDGE_LIMITS);
    const timeline = runTimeline(
      0,
      edgeLimits(),
      ["ticketmaster", "spotify", "setlistfm"].map((p) => defaultPolicy(p as "ticketmaster")),
    );
    assertEquals(timeline.answerByMs, 150_000 - RUN_FINISH_RESERVE_MS);
    assertEquals(timeline.stopTakingWorkAtMs, 75_000);
    assert(timeline.stopTakingWorkAtMs + timeline.worstCaseCallMs <= HOSTED_EDGE_LIMITS.requestIdleTimeoutMs);
  });
});

Deno.test("a paid plan's 400 s wall clock changes nothing: the 150 s idle timeout still bounds the answer", () => {
  const policy = { ...defaultPolicy("setlistfm"), timeoutMs: 10_000, maxRetries: 3, maxRetryAfterMs: 10_000 };
  const paid = { ...HOSTED_EDGE_LIMITS, wallClockMs: 400_000 };
  assertEquals(runTimeline(1_000, paid, [policy]).answerByMs, 1_000 + 150_000 - RUN_FINISH_RESERVE_MS);
  // each wait is the longer of the backoff ceiling (8, 16, 20 s) and the accepted Retry-After (10 s)
  assertEquals(
    worstCaseCallMs({ ...policy, backoffBaseMs: 8_000, backoffMaxMs: 20_000 }),
    4 * 10_000 + 10_000 + 16_000 + 20_000,
  );
});

const policy = testPolicy;

function clientWithDeadline(p: ProviderPolicy, clock: FakeClock, deadline: number) {
  return scriptedClient(p, { clock, deadline });
}

// every answer a 429 asking for 3 s: without a deadline, 4 attempts and 3 waits of 3 s
scriptedServerTest(
  "the client neither waits nor sends past the run's deadline: a failing call ends with what it got",
  [{ status: 429, headers: { "Retry-After": "3" } }],
  async (server) => {
    const clock = new FakeClock();
    const { client, stats } = clientWithDeadline(policy(), clock, clock.now() + 7_000);
    const error = await assertRejects(() => client.getJson(new URL("/x", server.url)));
    assert(error instanceof ProviderError && error.code === "rate_limited", String(error));
    assertEquals(clock.sleeps, [3_000, 3_000], "a third wait would end past the deadline");
    assertEquals(server.requests.length, 3);
    assertEquals(stats.byProvider.ticketmaster.failures, 1);
  },
);

scriptedServerTest(
  "a call after the deadline is deadline_exceeded and sends nothing",
  [{ status: 200, body: "{}" }],
  async (server) => {
    const clock = new FakeClock();
    const { client } = clientWithDeadline(policy(), clock, clock.now() - 1);
    const error = await assertRejects(() => client.getJson(new URL("/x", server.url)));
    assert(error instanceof ProviderError && error.code === "deadline_exceeded", String(error));
    assertEquals(server.requests.length, 0);
  },
);

// The world's client (FAST_ENV): 3 attempts of 400 ms and 2 waits of at most 3 s, a worst case of 7.2 s.
const WORLD_WORST_CASE_MS = 3 * 400 + 2 * 3_000;

worldTest(
  "a run stops taking markets where the last one, retries and waits included, still ends inside the limits, and says what it left",
  async (w) => {
    assertEquals(worstCaseCallMs(defaultPolicy("ticketmaster")), WORLD_WORST_CASE_MS);
    // the run answers by 1.8 s and takes work for its first 0.6 s; each page takes 250 ms
    const wallClockMs = RUN_FINISH_RESERVE_MS + WORLD_WORST_CASE_MS + 600;
    Deno.env.set("EDGE_WALL_CLOCK_MS", String(wallClockMs));
    await fault(w, { provider: "ticketmaster", kind: "slow", delay_ms: 250 });
    const markets = ["Chicago", "London", "New York", "Los Angeles", "Boston", "Denver"].map((city) => ({
      city,
      countryCode: city === "London" ? "GB" : "US",
    }));
    const started = Date.now();
    const res = await w.call(tours, { markets, trigger: "test", page_size: 200 });
    const took = Date.now() - started;
    assertEquals([res.status, res.body.status, res.body.stopped_early], [200, "ok", true], JSON.stringify(res.body));
    assert(res.body.left.count >= 1 && res.body.left.count <= markets.length, JSON.stringify(res.body.left));
    assert(res.body.api_calls < 20, `a few pages, not every market's: ${res.body.api_calls}`);
    assert(res.body.left.unit.startsWith("markets"), res.body.left.unit);
    assert(took < wallClockMs - RUN_FINISH_RESERVE_MS, `answered after ${took} ms`);

    const [run] = await w.sql`
      select status, stats -> 'stopped_early' as stopped, stats -> 'left' as left,
        extract(epoch from must_end_by - started_at) * 1000 as limit_ms
      from public.sync_runs where id = ${res.body.run_id}`;
    assertEquals([run.status, run.stopped, run.left], ["ok", true, res.body.left]);
    assert(
      Math.abs(Number(run.limit_ms) - wallClockMs) < 1_000,
      `must_end_by is start + the wall clock: ${run.limit_ms}`,
    );
    const [event] = await w.sql`
      select fields from public.sync_run_events where run_id = ${res.body.run_id} and event = 'sync_run_stopped_early'`;
    assertEquals(event.fields.reason, "edge_runtime_limit");
    assertEquals(event.fields.worst_case_call_ms, WORLD_WORST_CASE_MS);
    const [log] = await w.sql`
      select details from public.cron_logs where job_name = 'sync-popular-tours' and details ->> 'run_id' = ${
      String(res.body.run_id)
    }`;
    assertEquals([log.details.stopped_early, log.details.left], [true, res.body.left]);
  },
  { env: { EDGE_WALL_CLOCK_MS: "150000" } },
);

worldTest("a limit shorter than one call's worst case takes no work at all, and says everything is left", async (w) => {
  Deno.env.set("EDGE_WALL_CLOCK_MS", String(RUN_FINISH_RESERVE_MS + WORLD_WORST_CASE_MS - 1));
  const res = await w.call(tours, { markets: [{ city: "Chicago", countryCode: "US" }], trigger: "test" });
  assertEquals([res.status, res.body.stopped_early, res.body.api_calls], [200, true, 0]);
  assertEquals(res.body.left, { count: 1, unit: "markets" });
}, { env: { EDGE_WALL_CLOCK_MS: "150000" } });

worldTest("a run whose worker was killed is closed as failed, worker_killed, by the next run", async (w) => {
  // what a killed worker leaves: a run still running, past its worker's end
  const [killed] = await w.sql<{ id: number }[]>`
    insert into public.sync_runs (job, trigger, started_at, must_end_by, items_seen)
    values ('sync-setlists', 'test', now() - interval '10 minutes', now() - interval '7 minutes', 12)
    returning id::int`;
  // a run that is still inside its limit is left alone
  const [alive] = await w.sql<{ id: number }[]>`
    insert into public.sync_runs (job, trigger, started_at, must_end_by)
    values ('sync-setlists', 'test', now() - interval '5 seconds', now() + interval '145 seconds')
    returning id::int`;
  w.runIds.push(killed.id, alive.id);
  const res = await w.call(tours, { markets: [{ city: "Chicago", countryCode: "US" }], trigger: "test" });
  assertEquals(res.status, 200);

  const runs = await w.sql`
    select id::int, status, error, stats ->> 'error_code' as code, finished_at is not null as ended
    from public.sync_runs where id in (${killed.id}, ${alive.id}) order by id`;
  assertEquals(runs.map((r) => [r.status, r.code, r.ended]), [["failed", "worker_killed", true], [
    "running",
    null,
    false,
  ]]);
  assert(runs[0].error.startsWith("worker_killed: "), runs[0].error);
  const [event] = await w.sql`
    select fields ->> 'code' as code from public.sync_run_events where run_id = ${killed.id} and event = 'sync_run_killed'`;
  assertEquals(event.code, "worker_killed");
  const [log] = await w.sql`
    select status, details ->> 'code' as code, (details ->> 'items_seen')::int as seen from public.cron_logs
    where job_name = 'sync-setlists' and details ->> 'run_id' = ${String(killed.id)}`;
  assertEquals([log.status, log.code, log.seen], ["failed", "worker_killed", 12]);
  const [started] = await w.sql`
    select (fields ->> 'killed_runs_closed')::int as closed from public.sync_run_events
    where run_id = ${res.body.run_id} and event = 'sync_run_started'`;
  assert(started.closed >= 1, "the new run says it closed the killed one");
});

worldTest(
  "an import claimed before the cut-off takes all its pages: it is not left done with the shows it had not reached",
  async (w) => {
    const distant = (await w.upstream.dataset()).artists.find((a) => a.name === "Distant Harbors")!;
    const queued = await w.call(
      ticketmaster,
      { action: "import_artist", ticketmaster_id: distant.tmId },
      { apikey: PUBLISHABLE_KEY, "cf-connecting-ip": "192.0.2.62" },
    );
    assertEquals(queued.status, 202, JSON.stringify(queued.body));
    // the job is claimed at once; the cut-off passes while its first Ticketmaster call is under way
    Deno.env.set("EDGE_WALL_CLOCK_MS", String(RUN_FINISH_RESERVE_MS + WORLD_WORST_CASE_MS + 150));
    await fault(w, { provider: "ticketmaster", kind: "slow", delay_ms: 250 });
    const run = await w.call(importArtist, { trigger: "test" });
    assertEquals([run.status, run.body.items_failed, run.body.stopped_early], [200, 0, true], JSON.stringify(run.body));
    const [job] = await w.sql`select status, progress from public.import_jobs where id = ${queued.body.job_id}`;
    const upcoming = (await w.upstream.dataset()).events.filter((e) => e.attractionIds.includes(distant.tmId));
    assert(upcoming.length > 0);
    assertEquals(
      [job.status, job.progress.shows],
      ["done", upcoming.length],
      "every show, not the ones before the cut-off",
    );
  },
  { env: { EDGE_WALL_CLOCK_MS: "150000" }, pauseCronJobs: ["import-artist"] },
);
