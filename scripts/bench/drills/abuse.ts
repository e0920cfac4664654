// Drill c: the gateway keeps serving while one client sends garbage websocket frames and another floods
// it with requests (loopback, bounded in count and time): a well-behaved client's requests all succeed
// and a live subscriber still gets every vote.

import { PUBLISHABLE_KEY } from "../../stack/keys.ts";
import { type BenchReport, type BenchStack, check, fmt, seededRandom, sleep, type Sql, summarize } from "../lib.ts";
import { benchClient, createFans, createVotingWorld, fanClaims, type VotingShow } from "../fixtures.ts";
import { alive } from "./cluster.ts";

const HEADERS = { apikey: PUBLISHABLE_KEY, Authorization: `Bearer ${PUBLISHABLE_KEY}` };

interface Probe {
  latencies: number[];
  statuses: Map<number, number>;
}

interface Abuse {
  framesSent: number;
  socketsClosedByServer: number;
  requests: number;
  floodStatuses: Map<string, number>;
}

export async function abuseDrill(stack: BenchStack, quick: boolean, log: (line: string) => void, report: BenchReport) {
  const admin = stack.sql({ max: 1 });
  const world = await createVotingWorld(admin, { label: "abuse", artists: 1, showsPerArtist: 1, songsPerArtist: 25 });
  const show = world.shows[0];
  const [fan] = await createFans(admin, 1, "abuse");
  const voter = stack.sql({ username: "authenticator", max: 1 });
  const gatewayPid = Number((await Deno.readTextFile(`${stack.dir}/pids/gateway.pid`)).trim());
  const abuseMs = quick ? 1_500 : 8_000;

  // the well-behaved client: a small read every 50 ms, and a subscriber to the show's live counts
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

  log("drills: gateway baseline (probe alone)");
  const idle = await probe(stack, show, quick ? 500 : 3_000);

  log(`drills: garbage websocket frames and a request flood for ${abuseMs} ms`);
  let stopAbuse = false;
  const stopped = () => stopAbuse;
  const garbage = garbageFrames(stack, quick, stopped);
  const flood = requestFlood(stack, quick, stopped);
  const votes = voteLoop(voter, fan, show, stopped);
  const underAbuse = await probe(stack, show, abuseMs);
  stopAbuse = true;
  const [frames, requests, sentVotes] = await Promise.all([garbage, flood, votes]);
  const deadline = performance.now() + 3_000;
  while (received < sentVotes && performance.now() < deadline) await sleep(20);
  const gatewayAlive = alive(gatewayPid);
  if (received < sentVotes) report.findings.push(`live votes missing: ${await walReaderState(admin)}`);
  const after = await probe(stack, show, 500);

  const abuse: Abuse = { ...frames, ...requests };
  reportAbuse(report, { idle, underAbuse, after }, abuse, { sentVotes, received, gatewayAlive });
  await subscriber.removeAllChannels();
  await voter.end({ timeout: 1 });
}

/** A small read of the show every 50 ms for `ms`: the latencies of the 200s and the count of each status. */
async function probe(stack: BenchStack, show: VotingShow, ms: number): Promise<Probe> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    const response = await fetch(`${stack.apiUrl}/rest/v1/shows?select=id,name&id=eq.${show.id}`, { headers: HEADERS })
      .catch(() => null);
    await response?.text();
    const status = response?.status ?? 0;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status === 200) latencies.push(performance.now() - t0);
    await sleep(50);
  }
  return { latencies, statuses };
}

/** One fan's vote every 250 ms straight to Postgres (its broadcast is what the subscriber counts); resolves to how many. */
async function voteLoop(voter: Sql, fan: string, show: VotingShow, stopped: () => boolean): Promise<number> {
  let sentVotes = 0;
  const current = new Map<string, number>();
  while (!stopped()) {
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
    await sleep(250);
  }
  return sentVotes;
}

/** The n-th garbage frame: random bytes, broken JSON, bad joins, oversized text, a truncated binary frame. */
function garbageFrame(n: number, random: () => number): string | Uint8Array {
  switch (n % 7) {
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
}

/** Socket after socket of garbage frames until stopped or the cap is reached. */
async function garbageFrames(
  stack: BenchStack,
  quick: boolean,
  stopped: () => boolean,
): Promise<{ framesSent: number; socketsClosedByServer: number }> {
  const wsUrl = `${stack.apiUrl.replace("http", "ws")}/realtime/v1/websocket?apikey=${PUBLISHABLE_KEY}&vsn=2.0.0`;
  const MAX_FRAMES = quick ? 1_000 : 20_000;
  const random = seededRandom(99);
  let framesSent = 0;
  let socketsClosedByServer = 0;
  while (!stopped() && framesSent < MAX_FRAMES) {
    const ws = new WebSocket(wsUrl);
    await new Promise<void>((resolve) => {
      ws.onopen = () => {
        const pump = () => {
          for (let i = 0; i < 20 && ws.readyState === WebSocket.OPEN && !stopped() && framesSent < MAX_FRAMES; i++) {
            ws.send(garbageFrame(framesSent, random));
            framesSent++;
          }
          if (ws.readyState === WebSocket.OPEN && !stopped() && framesSent < MAX_FRAMES) setTimeout(pump, 1);
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
  return { framesSent, socketsClosedByServer };
}

/** 32 workers sending good, broken and refused requests until stopped or the cap is reached. */
async function requestFlood(
  stack: BenchStack,
  quick: boolean,
  stopped: () => boolean,
): Promise<{ requests: number; floodStatuses: Map<string, number> }> {
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
  await Promise.all(Array.from({ length: 32 }, async (_, worker) => {
    while (!stopped() && requests < MAX_REQUESTS) {
      const path = floodPaths[(requests + worker) % floodPaths.length];
      requests++;
      const post = path.includes("rpc") || path.includes("token");
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method: post ? "POST" : "GET",
        headers: {
          ...HEADERS,
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
  return { requests, floodStatuses };
}

/** What the gateway's WAL reader is doing, for whoever has to find out why live votes went missing. */
async function walReaderState(admin: Sql): Promise<string> {
  const slots =
    await admin`select slot_name, active, restart_lsn::text, confirmed_flush_lsn::text from pg_replication_slots`;
  const sessions = await admin`
    select application_name, state, wait_event_type, wait_event, left(query, 100) as query, xact_start::text
    from pg_stat_activity where datname is not null and pid <> pg_backend_pid()`;
  return `slots ${JSON.stringify(slots)}; sessions ${JSON.stringify(sessions)}`;
}

function reportAbuse(
  report: BenchReport,
  probes: { idle: Probe; underAbuse: Probe; after: Probe },
  abuse: Abuse,
  live: { sentVotes: number; received: number; gatewayAlive: boolean },
) {
  const { framesSent, socketsClosedByServer, requests, floodStatuses } = abuse;
  const { sentVotes, received, gatewayAlive } = live;
  const idleLat = summarize(probes.idle.latencies);
  const abuseLat = summarize(probes.underAbuse.latencies);
  const probeTotal = [...probes.underAbuse.statuses.values()].reduce((a, b) => a + b, 0);
  const probeOk = probes.underAbuse.statuses.get(200) ?? 0;
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
    check(
      "the gateway process survived and serves afterwards",
      gatewayAlive && (probes.after.statuses.get(200) ?? 0) > 0,
    ),
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
}
