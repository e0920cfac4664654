// 7. Failure drills, scripted and repeatable (npm run bench -- drills), on a
// bench stack of their own:
//
//   a. kill -9 of Postgres in the middle of a vote storm through the gateway,
//      then a restart (crash recovery). Every client records what it was told:
//      a vote answered 200 is acknowledged, and every acknowledged vote must be
//      in the database afterwards; a call that died with the server may or may
//      not have committed, and either outcome is accepted for that call alone.
//      Every counter must equal its vote rows, and the storm must carry on
//      through the gateway once Postgres is back.
//   b. kill -9 of Postgres in the middle of a sync (the demo upstream answers
//      slowly, so the kill lands between pages), restart: the next sync
//      completes, the one after it changes nothing, and the killed run is not
//      left looking like it is still running.
//   c. the gateway keeps serving while one client sends garbage websocket
//      frames and another floods it with requests (loopback, bounded in count
//      and time): a well-behaved client's requests all succeed and a live
//      subscriber still gets every vote.

import type { SupabaseClient } from "@supabase/supabase-js";
import { join } from "node:path";
import { PUBLISHABLE_KEY } from "../stack/keys.ts";
import { pgBinDir } from "../stack/postgres.ts";
import { asDbOwner } from "../stack/proc.ts";
import {
  type Benchmark,
  type BenchOptions,
  type BenchReport,
  type BenchStack,
  check,
  fmt,
  inBatches,
  newReport,
  seededRandom,
  sleep,
  summarize,
} from "./lib.ts";
import {
  benchClient,
  counterMismatches,
  createFans,
  createVotingWorld,
  fanClaims,
  liftDailyVoteLimit,
  nextChange,
  signUpFans,
} from "./fixtures.ts";
import { invokeSync, runStatus } from "./demo.ts";

// ---------------------------------------------------------------------------
// killing and restarting the cluster
// ---------------------------------------------------------------------------

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      // the field after the parenthesised command name: state, then ppid
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry.name));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/**
 * The process still exists. A killed postmaster counts until it is reaped:
 * until then its pid is taken and a new postmaster refuses its lock file.
 */
function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

/**
 * kill -9 of Postgres: the postmaster and every process it started, at once,
 * as a crash or the OOM killer would (no backend gets to finish anything).
 * Returns once they are all gone.
 */
async function killPostgres(stack: BenchStack): Promise<number> {
  const postmaster = await stack.postmasterPid();
  const backends = childrenOf(postmaster);
  for (const pid of [postmaster, ...backends]) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // exited on its own meanwhile
    }
  }
  const deadline = Date.now() + 15_000;
  while ([postmaster, ...backends].some(alive) && Date.now() < deadline) await sleep(20);
  if ([postmaster, ...backends].some(alive)) throw new Error("Postgres' processes did not exit after kill -9");
  return postmaster;
}

/** Starts the cluster again, as an operator would with pg_ctl (crash recovery runs first); returns how long it took. */
async function restartPostgres(stack: BenchStack): Promise<number> {
  const started = performance.now();
  const [cmd, args] = asDbOwner(join(await pgBinDir(), "pg_ctl"), [
    "-D",
    join(stack.dir, "postgres"),
    "-l",
    join(stack.dir, "logs", "postgres.log"),
    "-w",
    "-t",
    "60",
    "start",
  ]);
  const result = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!result.success) {
    const log = await Deno.readTextFile(join(stack.dir, "logs", "postgres.log")).catch(() => "");
    const fatal = log.split("\n").filter((l) => /FATAL|PANIC/.test(l)).at(-1) ?? "";
    throw new Error(`pg_ctl start failed: ${new TextDecoder().decode(result.stderr).trim()} ${fatal}`);
  }
  return performance.now() - started;
}

async function waitForGateway(stack: BenchStack, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const response = await fetch(`${stack.apiUrl}/rest/v1/shows?select=id&limit=1`, {
      headers: { apikey: PUBLISHABLE_KEY, Authorization: `Bearer ${PUBLISHABLE_KEY}` },
    }).catch(() => null);
    await response?.body?.cancel();
    if (response?.status === 200) return performance.now() - started;
    await sleep(50);
  }
  throw new Error("the gateway did not serve /rest/v1 again within 30 s");
}

// ---------------------------------------------------------------------------
// a. vote storm
// ---------------------------------------------------------------------------

interface Fan {
  client: SupabaseClient;
  userId: string;
}

async function voteStormDrill(stack: BenchStack, quick: boolean, log: (line: string) => void, report: BenchReport) {
  const admin = stack.sql({ max: 2 });
  await liftDailyVoteLimit(admin);
  const world = await createVotingWorld(admin, { label: "drill", artists: 10, showsPerArtist: 2, songsPerArtist: 25 });
  const songs = world.shows.flatMap((s) => s.songs);
  const fans: Fan[] = await signUpFans(stack.apiUrl, quick ? 10 : 50, "drill");
  const stormMs = quick ? 2_000 : 10_000;
  const killAtMs = stormMs / 3;

  // per fan and song: the value the last acknowledged call left, and a later call whose fate is unknown
  const acked = fans.map(() => new Map<string, number>());
  const unknown = fans.map(() => new Map<string, number>());
  let acknowledged = 0;
  let acknowledgedAfterRestart = 0;
  const failures = new Map<string, number>();
  let restarted = false;
  let stop = false;
  const slowest = { ms: 0, status: 0, code: "", at: 0 };
  const stormStarted = performance.now();

  const storm = Promise.all(fans.map(async (fan, i) => {
    const random = seededRandom(500 + i);
    while (!stop) {
      const song = songs[Math.floor(random() * songs.length)];
      const value = nextChange(acked[i], song, random);
      let status = 0;
      let code = "";
      const callStarted = performance.now();
      try {
        const answer = await fan.client.rpc("cast_vote", { setlist_song_id: song, value });
        status = answer.status;
        code = answer.error?.code ?? "";
      } catch (error) {
        code = (error as Error).name;
      }
      const took = performance.now() - callStarted;
      if (took > slowest.ms) Object.assign(slowest, { ms: took, status, code, at: callStarted - stormStarted });
      if (status === 200) {
        if (value === 0) acked[i].delete(song);
        else acked[i].set(song, value);
        unknown[i].delete(song);
        acknowledged++;
        if (restarted) acknowledgedAfterRestart++;
      } else {
        // the server went away under the call: it may or may not have committed
        unknown[i].set(song, value);
        const key = `${status || "no answer"} ${code}`.trim();
        failures.set(key, (failures.get(key) ?? 0) + 1);
        await sleep(50);
      }
    }
  }));

  log(`drills: vote storm, ${fans.length} fans through the gateway; kill -9 at ${killAtMs} ms`);
  await sleep(killAtMs);
  const beforeKill = acknowledged;
  const killed = await killPostgres(stack);
  log(`drills: killed Postgres (postmaster ${killed}) after ${beforeKill} acknowledged votes; restarting`);
  await sleep(500);
  const recoveryMs = await restartPostgres(stack);
  restarted = true;
  const servingMs = await waitForGateway(stack);
  log(`drills: Postgres back in ${fmt(recoveryMs, 0)} ms, the gateway serving ${fmt(servingMs, 0)} ms later`);
  await sleep(Math.max(1000, stormMs - killAtMs - recoveryMs - servingMs - 500));
  stop = true;
  await storm;
  log(`drills: storm over; slowest call ${JSON.stringify(slowest)}`);

  // what the database holds now, against what each fan was told
  const userIds = fans.map((f) => f.userId);
  const rows = await admin<{ user_id: string; setlist_song_id: string; value: number }[]>`
    select user_id, setlist_song_id, value from public.votes where user_id = any(${userIds}::uuid[])`;
  const stored = new Map(rows.map((r) => [`${r.user_id}:${r.setlist_song_id}`, r.value]));
  let lost = 0;
  let ambiguousCommitted = 0;
  let ambiguous = 0;
  fans.forEach((fan, i) => {
    const keys = new Set([...acked[i].keys(), ...unknown[i].keys()]);
    for (const song of songs) if (stored.has(`${fan.userId}:${song}`)) keys.add(song);
    for (const song of keys) {
      const inDb = stored.get(`${fan.userId}:${song}`) ?? 0;
      const told = acked[i].get(song) ?? 0;
      if (unknown[i].has(song)) {
        ambiguous++;
        if (inDb === unknown[i].get(song) && inDb !== told) ambiguousCommitted++;
        if (inDb !== told && inDb !== unknown[i].get(song)) lost++;
      } else if (inDb !== told) {
        lost++;
      }
    }
  });
  const mismatched = await counterMismatches(admin, songs);

  report.tables.push({
    title: "a. kill -9 of Postgres during a vote storm (through the gateway)",
    headers: ["what", "value"],
    rows: [
      ["fans voting", fans.length],
      ["votes acknowledged (200)", acknowledged],
      ["  of them before the kill", beforeKill],
      ["  of them after the restart", acknowledgedAfterRestart],
      ["calls that failed while Postgres was down", [...failures.values()].reduce((a, b) => a + b, 0)],
      ["  by answer", [...failures].map(([k, n]) => `${n}x ${k}`).join(", ") || "-"],
      ["restart (crash recovery) ms", fmt(recoveryMs, 0)],
      ["gateway serving again after restart, ms", fmt(servingMs, 0)],
      ["calls of unknown fate (in flight at the kill)", ambiguous],
      ["  of them committed", ambiguousCommitted],
      ["acknowledged votes missing or different", lost],
      ["counters differing from vote rows", mismatched.length],
    ],
  });
  report.checks.push(
    check("no acknowledged vote was lost", lost === 0, `${lost} differ`),
    check("every counter equals its vote rows after recovery", mismatched.length === 0, `${mismatched.length} differ`),
    check(
      "the storm was acknowledged before the kill and again after the restart",
      beforeKill > 0 && acknowledgedAfterRestart > 0,
      `${beforeKill} before, ${acknowledgedAfterRestart} after`,
    ),
  );
  report.verdicts.push({
    name: "acknowledged votes lost in a kill -9",
    value: lost,
    shown: String(lost),
    target: "0",
    met: lost === 0,
  });
  Object.assign(report.metrics, {
    storm_acknowledged: acknowledged,
    storm_lost: lost,
    storm_recovery_ms: recoveryMs,
    storm_serving_ms: servingMs,
  });
  await inBatches(fans, 25, ({ client }) => client.removeAllChannels());
}

// ---------------------------------------------------------------------------
// b. sync
// ---------------------------------------------------------------------------

async function upstreamControl(stack: BenchStack, method: string, path: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${stack.upstreamPort}/__control/${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`upstream control ${method} ${path}: ${response.status} ${await response.text()}`);
  await response.body?.cancel();
}

async function syncDrill(stack: BenchStack, quick: boolean, log: (line: string) => void, report: BenchReport) {
  const JOB = "sync-popular-tours";
  // every Ticketmaster answer after the first is slow: the run sits between pages long enough to be killed there
  const delay = quick ? 300 : 700;
  await upstreamControl(stack, "POST", "faults", { provider: "ticketmaster", kind: "slow", delay_ms: delay, skip: 1 });
  const watch = stack.sql({ max: 1 });
  // pages an earlier sync cached are due again, as when their TTL runs out: every page goes to the upstream
  await watch`update public.api_cache set expires_at = now() where provider = 'ticketmaster'`;
  const [{ lastRun }] = await watch<{ lastRun: number }[]>`
    select coalesce(max(id), 0)::int as "lastRun" from public.sync_runs where job = ${JOB}`;
  log(`drills: tour sync from the demo upstream (${delay} ms a page), kill -9 once its first market is done`);
  const killedCall = invokeSync(stack, JOB).catch((error) => ({ httpStatus: 0, body: { error: String(error) } }));
  let runId: number | null = null;
  let writtenAtKill = 0;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [run] = await watch<{ id: number; items_written: number; status: string; done: number }[]>`
      select id::int, items_written, status, coalesce((stats -> 'progress' ->> 'done')::int, 0) as done
      from public.sync_runs where job = ${JOB} and id > ${lastRun} order by id desc limit 1`;
    if (run && run.status === "running" && run.done >= 1) {
      runId = run.id;
      writtenAtKill = run.items_written;
      break;
    }
    if (run && run.status !== "running") break;
    await sleep(20);
  }
  await watch.end({ timeout: 1 }).catch(() => {});
  if (runId === null) throw new Error("the tour sync finished, or never finished a market, before it could be killed");
  await killPostgres(stack);
  await sleep(300);
  await restartPostgres(stack);
  await upstreamControl(stack, "DELETE", "faults");
  await waitForGateway(stack);
  const killedAnswer = await killedCall;
  log("drills: the next tour sync, then one more");
  const next = await invokeSync(stack, JOB);
  const again = await invokeSync(stack, JOB);
  const admin = stack.sql({ max: 1 });
  const [killedRun] = await admin<{ status: string; error: string | null }[]>`
    select status, error from public.sync_runs where id = ${runId}`;
  const [{ stuck }] = await admin<{ stuck: number }[]>`
    select count(*)::int as stuck from public.sync_runs where job = ${JOB} and status = 'running'`;
  const [{ shows, duplicates }] = await admin<{ shows: number; duplicates: number }[]>`
    select count(*)::int as shows,
      (count(*) - count(distinct ticketmaster_id))::int as duplicates
    from public.shows where ticketmaster_id is not null`;
  const nextRun = next.body as { status?: string; items_seen?: number; items_written?: number };
  const againRun = again.body as { status?: string; items_written?: number };

  report.tables.push({
    title: "b. kill -9 of Postgres during a tour sync",
    headers: ["what", "value"],
    rows: [
      ["rows the killed run had written before the kill", writtenAtKill],
      ["the killed call answered", `${killedAnswer.httpStatus} ${runStatus(killedAnswer as never)}`],
      [
        "the killed run's row afterwards",
        `${killedRun?.status}${killedRun?.error ? `: ${killedRun.error.slice(0, 80)}` : ""}`,
      ],
      ["next run", `${runStatus(next)}, ${nextRun.items_seen} events seen, ${nextRun.items_written} rows written`],
      ["the run after it", `${runStatus(again)}, ${againRun.items_written} rows written`],
      ["shows from Ticketmaster / duplicates", `${shows} / ${duplicates}`],
      ["tour runs still marked running", stuck],
    ],
  });
  report.checks.push(
    check("the next sync after the crash completes", nextRun.status === "ok", runStatus(next)),
    check(
      "the sync after that changes nothing",
      againRun.status === "ok" && againRun.items_written === 0,
      JSON.stringify(againRun),
    ),
    check("no show was written twice", duplicates === 0, `${duplicates} duplicates`),
    check(
      "the killed run is not left marked running",
      stuck === 0 && killedRun?.status !== "running",
      `${killedRun?.status}, ${stuck} running`,
    ),
  );
  Object.assign(report.metrics, { sync_written_at_kill: writtenAtKill, sync_runs_stuck: stuck });
}

// ---------------------------------------------------------------------------
// c. garbage frames and a request flood
// ---------------------------------------------------------------------------

async function abuseDrill(stack: BenchStack, quick: boolean, log: (line: string) => void, report: BenchReport) {
  const admin = stack.sql({ max: 1 });
  const world = await createVotingWorld(admin, { label: "abuse", artists: 1, showsPerArtist: 1, songsPerArtist: 25 });
  const show = world.shows[0];
  const [fan] = await createFans(admin, 1, "abuse");
  const voter = stack.sql({ username: "authenticator", max: 1 });
  const gatewayPid = Number((await Deno.readTextFile(`${stack.dir}/pids/gateway.pid`)).trim());
  const abuseMs = quick ? 1_500 : 8_000;
  const headers = { apikey: PUBLISHABLE_KEY, Authorization: `Bearer ${PUBLISHABLE_KEY}` };

  // the well-behaved client: a small read every 50 ms, and a subscriber to the show's live counts
  const probe = async (ms: number) => {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const t0 = performance.now();
      const response = await fetch(`${stack.apiUrl}/rest/v1/shows?select=id,name&id=eq.${show.id}`, { headers })
        .catch(() => null);
      await response?.text();
      const status = response?.status ?? 0;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 200) latencies.push(performance.now() - t0);
      await sleep(50);
    }
    return { latencies, statuses };
  };
  const subscriber = benchClient(stack.apiUrl);
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    subscriber.channel(`show:${show.id}`, { config: { private: true } })
      .on("broadcast", { event: "vote_counts" }, () => received++)
      .subscribe((status) => {
        if (status === "SUBSCRIBED") resolve();
        else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") reject(new Error(`subscriber: ${status}`));
      });
  });
  let sentVotes = 0;
  const current = new Map<string, number>();
  const castOne = async () => {
    const song = show.songs[sentVotes % show.songs.length];
    const value = current.get(song) === 1 ? -1 : 1;
    current.set(song, value);
    await voter.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${
        fanClaims(fan)
      }, true)`;
      await tx`select public.cast_vote(${song}::uuid, ${value}::integer)`;
    });
    sentVotes++;
  };

  log("drills: gateway baseline (probe alone)");
  const idle = await probe(quick ? 500 : 3_000);

  log(`drills: garbage websocket frames and a request flood for ${abuseMs} ms`);
  let stopAbuse = false;
  const wsUrl = `${stack.apiUrl.replace("http", "ws")}/realtime/v1/websocket?apikey=${PUBLISHABLE_KEY}&vsn=2.0.0`;
  let framesSent = 0;
  let socketsClosedByServer = 0;
  const random = seededRandom(99);
  const garbage = (): string | Uint8Array => {
    switch (framesSent % 7) {
      case 0:
        return crypto.getRandomValues(new Uint8Array(1 + Math.floor(random() * 512)));
      case 1:
        return "{not json";
      case 2:
        return JSON.stringify({ topic: 42, event: null });
      case 3:
        return JSON.stringify(["1", "1", "realtime:x", "phx_join", { access_token: "not.a.jwt" }]);
      case 4:
        return JSON.stringify([null, "2", "realtime:nowhere", "broadcast", {
          type: "broadcast",
          event: "x",
          payload: "y".repeat(2000),
        }]);
      case 5:
        return "x".repeat(2 * 1024 * 1024);
      default:
        return new Uint8Array([3, 200, 200, 200, 200, 200, 0]);
    }
  };
  const MAX_FRAMES = quick ? 1_000 : 20_000;
  const garbageClient = (async () => {
    while (!stopAbuse && framesSent < MAX_FRAMES) {
      const ws = new WebSocket(wsUrl);
      await new Promise<void>((resolve) => {
        ws.onopen = () => {
          const pump = () => {
            for (let i = 0; i < 20 && ws.readyState === WebSocket.OPEN && !stopAbuse && framesSent < MAX_FRAMES; i++) {
              ws.send(garbage());
              framesSent++;
            }
            if (ws.readyState === WebSocket.OPEN && !stopAbuse && framesSent < MAX_FRAMES) setTimeout(pump, 1);
            else resolve();
          };
          pump();
        };
        ws.onclose = () => {
          socketsClosedByServer++;
          resolve();
        };
        ws.onerror = () => resolve();
      });
      try {
        ws.close();
      } catch { /* closed */ }
    }
  })();
  const floodStatuses = new Map<string, number>();
  const MAX_REQUESTS = quick ? 1_500 : 40_000;
  let requests = 0;
  const floodPaths = [
    `/rest/v1/shows?select=id&limit=5`,
    `/rest/v1/shows?select=((`,
    `/rest/v1/nope`,
    `/rest/v1/rpc/cast_vote`,
    `/auth/v1/token?grant_type=password`,
    `/functions/v1/nope`,
    `/realtime/v1/websocket`,
  ];
  const flood = Promise.all(Array.from({ length: 32 }, async (_, worker) => {
    while (!stopAbuse && requests < MAX_REQUESTS) {
      const path = floodPaths[(requests + worker) % floodPaths.length];
      requests++;
      const post = path.includes("rpc") || path.includes("token");
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method: post ? "POST" : "GET",
        headers: {
          ...headers,
          ...(worker % 4 === 0 ? { Authorization: "Bearer garbage" } : {}),
          "Content-Type": "application/json",
        },
        body: post ? '{"setlist_song_id": [' : undefined,
      }).catch(() => null);
      await response?.body?.cancel();
      const key = String(response?.status ?? "no answer");
      floodStatuses.set(key, (floodStatuses.get(key) ?? 0) + 1);
    }
  }));
  const votes = (async () => {
    while (!stopAbuse) {
      await castOne();
      await sleep(250);
    }
  })();
  const underAbuse = await probe(abuseMs);
  stopAbuse = true;
  await Promise.all([garbageClient, flood, votes]);
  const deadline = performance.now() + 3_000;
  while (received < sentVotes && performance.now() < deadline) await sleep(20);
  const gatewayAlive = alive(gatewayPid);
  if (received < sentVotes) {
    // what the gateway's WAL reader is doing, for whoever has to find out why
    const slots =
      await admin`select slot_name, active, restart_lsn::text, confirmed_flush_lsn::text from pg_replication_slots`;
    const sessions = await admin`
      select application_name, state, wait_event_type, wait_event, left(query, 100) as query, xact_start::text
      from pg_stat_activity where datname is not null and pid <> pg_backend_pid()`;
    report.findings.push(`live votes missing: slots ${JSON.stringify(slots)}; sessions ${JSON.stringify(sessions)}`);
  }
  const after = await probe(500);

  const idleLat = summarize(idle.latencies);
  const abuseLat = summarize(underAbuse.latencies);
  const probeTotal = [...underAbuse.statuses.values()].reduce((a, b) => a + b, 0);
  const probeOk = underAbuse.statuses.get(200) ?? 0;
  report.tables.push({
    title: "c. garbage websocket frames and a request flood against the gateway",
    headers: ["what", "value"],
    rows: [
      ["garbage frames sent / sockets the server closed", `${framesSent} / ${socketsClosedByServer}`],
      [
        "flood requests (32 at a time) by status",
        `${requests}: ${[...floodStatuses].map(([k, n]) => `${n}x ${k}`).join(", ")}`,
      ],
      ["probe requests answered 200 during the abuse", `${probeOk} of ${probeTotal}`],
      ["probe p50 / p95 ms, idle", `${fmt(idleLat.p50)} / ${fmt(idleLat.p95)}`],
      ["probe p50 / p95 ms, under abuse", `${fmt(abuseLat.p50)} / ${fmt(abuseLat.p95)}`],
      ["probe p95 under abuse vs idle", `${(abuseLat.p95 / idleLat.p95).toFixed(2)}x`],
      ["live votes sent / received by the subscriber", `${sentVotes} / ${received}`],
      ["gateway process alive afterwards (same pid)", gatewayAlive ? "yes" : "no"],
    ],
  });
  report.checks.push(
    check(
      "every well-behaved request was answered 200 during the abuse",
      probeOk === probeTotal && probeTotal > 0,
      `${probeOk} of ${probeTotal}`,
    ),
    check(
      "the live subscriber got every vote during the abuse",
      received === sentVotes && sentVotes > 0,
      `${received} of ${sentVotes}`,
    ),
    check("the gateway process survived and serves afterwards", gatewayAlive && (after.statuses.get(200) ?? 0) > 0),
    check("the abuse was delivered", framesSent > 0 && requests > 0, `${framesSent} frames, ${requests} requests`),
  );
  report.verdicts.push({
    name: "well-behaved requests answered during garbage frames and a flood",
    value: probeOk / Math.max(1, probeTotal),
    shown: `${((100 * probeOk) / Math.max(1, probeTotal)).toFixed(1)}%`,
    target: "100%",
    met: probeOk === probeTotal && probeTotal > 0,
  });
  Object.assign(report.metrics, {
    abuse_probe_p95_ms: abuseLat.p95,
    idle_probe_p95_ms: idleLat.p95,
    flood_requests: requests,
    garbage_frames: framesSent,
  });
  await subscriber.removeAllChannels();
  await voter.end({ timeout: 1 });
}

async function run({ stack, quick, log }: BenchOptions): Promise<BenchReport> {
  const report = newReport("drills", "kill -9 of Postgres mid-storm and mid-sync; garbage frames and a flood");
  report.notes.push(
    "On a bench stack of its own (the smoke: last on the shared one). Votes go through the gateway with supabase-js " +
      "(signed-up fans); a vote is " +
      "acknowledged when cast_vote answered 200. Sync: the tour sync from the demo upstream, each page slowed " +
      "so the kill lands between pages (it has written its first market's). Abuse: loopback only, bounded in frames, requests and time.",
  );
  await voteStormDrill(stack, quick, log, report);
  await syncDrill(stack, quick, log, report);
  await abuseDrill(stack, quick, log, report);
  return report;
}

export const drills: Benchmark = {
  name: "drills",
  summary: "kill -9 of Postgres mid vote storm and mid sync, then restart; garbage frames and a request flood",
  run,
};
