// 5. Realtime: one vote seen by 500 subscribed clients. Every client is its
// own supabase-js client with its own websocket to the gateway's
// /realtime/v1, subscribed like the SPA's show page (private channel
// show:<id>, authorized by the realtime.messages policies, broadcast event
// vote_counts). A fan's vote commits; the clock runs from the
// moment the COMMIT is sent to each client's callback (same process, same
// clock). Votes go one at a time, each after every client saw the previous.
//
// Baselines in the same run: the same vote seen by a single subscriber, and
// the same 500 sockets receiving a broadcast another client sends on the
// channel (the gateway's fan-out without the database and the WAL). No fan may
// send on a show topic, so that sender is a service-role client (it bypasses
// RLS, as it does on Supabase).

import type { RealtimeChannel, SupabaseClient } from "@supabase/supabase-js";
import {
  type Benchmark,
  type BenchOptions,
  type BenchReport,
  check,
  fmt,
  inBatches,
  newReport,
  sleep,
  summarize,
} from "./lib.ts";
import { SECRET_KEY } from "../stack/keys.ts";
import { benchClient, createFans, createVotingWorld, fanClaims, liftDailyVoteLimit } from "./fixtures.ts";

const PING = "bench_ping";

interface Subscriber {
  client: SupabaseClient;
  channel: RealtimeChannel;
}

async function run({ stack, quick, log }: BenchOptions): Promise<BenchReport> {
  const clients = quick ? 20 : 500;
  const votes = quick ? 2 : 20;
  const report = newReport("realtime", `one vote seen by ${clients} subscribed clients`);
  const admin = stack.sql({ max: 1 });
  await liftDailyVoteLimit(admin);
  const world = await createVotingWorld(admin, {
    label: "realtime",
    artists: 1,
    showsPerArtist: 1,
    songsPerArtist: 25,
  });
  const show = world.shows[0];
  const [fan] = await createFans(admin, 1, "realtime");
  const voterSql = stack.sql({ username: "authenticator", max: 1, application: "bench-realtime" });
  const topic = `show:${show.id}`;

  // what each message's round is waiting for: the song it changes, and when its commit was sent
  let expecting: { kind: "vote" | "ping"; key: string; sentAt: number } | null = null;
  let arrivals: number[] = [];
  let strays = 0;
  const onMessage = (kind: "vote" | "ping", key: string) => {
    const at = performance.now();
    if (expecting && expecting.kind === kind && expecting.key === key) arrivals.push(at - expecting.sentAt);
    else strays++;
  };

  const subscribe = async (key?: string): Promise<Subscriber> => {
    const client = benchClient(stack.apiUrl, { key });
    const channel = client.channel(topic, { config: { private: true, broadcast: { self: false } } })
      .on("broadcast", { event: "vote_counts" }, ({ payload }) => onMessage("vote", String(payload?.setlist_song_id)))
      .on("broadcast", { event: PING }, ({ payload }) => onMessage("ping", String(payload?.key)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("join timed out after 20 s")), 20_000);
      channel.subscribe((status, error) => {
        if (status === "SUBSCRIBED") {
          clearTimeout(timer);
          resolve();
        } else if (status === "CHANNEL_ERROR" || status === "TIMED_OUT") {
          clearTimeout(timer);
          reject(new Error(`join failed: ${status} ${error?.message ?? ""}`));
        }
      });
    });
    return { client, channel };
  };

  // the fan's current vote per song: each round flips one, so every round is a real change with a message
  const current = new Map<string, number>();
  let song = 0;
  /** one vote, committed; resolves when every subscriber saw it (or after 5 s) */
  const voteRound = async (expected: number) => {
    const target = show.songs[song++ % show.songs.length];
    const value = current.get(target) === 1 ? -1 : 1;
    current.set(target, value);
    arrivals = [];
    await voterSql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${
        fanClaims(fan)
      }, true)`;
      await tx`select public.cast_vote(${target}::uuid, ${value}::integer)`;
      // the clock starts as the callback returns and postgres.js sends COMMIT
      expecting = { kind: "vote", key: target, sentAt: performance.now() };
    });
    const deadline = performance.now() + 5_000;
    while (arrivals.length < expected && performance.now() < deadline) await sleep(5);
    const seen = arrivals;
    expecting = null;
    return seen;
  };
  const pingRound = async (sender: RealtimeChannel, expected: number, round: number) => {
    arrivals = [];
    const key = `ping-${round}`;
    expecting = { kind: "ping", key, sentAt: performance.now() };
    await sender.send({ type: "broadcast", event: PING, payload: { key } });
    const deadline = performance.now() + 5_000;
    while (arrivals.length < expected && performance.now() < deadline) await sleep(5);
    const seen = arrivals;
    expecting = null;
    return seen;
  };

  const subscribers: Subscriber[] = [];
  const single: number[] = [];
  const many: number[] = [];
  const pings: number[] = [];
  let missedVotes = 0;
  let missedPings = 0;
  try {
    log("realtime: one subscriber");
    subscribers.push(await subscribe());
    // warm up: prepared statements, the WAL reader's first decode
    await voteRound(1);
    for (let i = 0; i < votes; i++) {
      const seen = await voteRound(1);
      single.push(...seen);
      missedVotes += 1 - seen.length;
      await sleep(50);
    }

    log(`realtime: ${clients} subscribers joining`);
    subscribers.push(...await inBatches(Array.from({ length: clients - 1 }), 25, () => subscribe()));
    const sender = await subscribe(SECRET_KEY);
    // the sender is subscribed too but does not receive its own broadcasts (self: false), so it counts once
    const expected = clients + 1;
    await voteRound(expected);
    for (let i = 0; i < votes; i++) {
      const seen = await voteRound(expected);
      many.push(...seen);
      missedVotes += expected - seen.length;
      await sleep(100);
      const pinged = await pingRound(sender.channel, clients, i);
      pings.push(...pinged);
      missedPings += clients - pinged.length;
      await sleep(100);
    }
    subscribers.push(sender);
  } finally {
    log("realtime: closing sockets");
    await inBatches(subscribers, 50, ({ client }) => client.removeAllChannels().catch(() => {}));
    for (const { client } of subscribers) client.realtime.disconnect();
  }

  const one = summarize(single);
  const fan_out = summarize(many);
  const ping = summarize(pings);
  report.notes.push(
    `Workload: ${clients} supabase-js clients, one websocket each, subscribed to the private ${topic} (broadcast vote_counts) as the ` +
      `show page does; a fan's cast_vote commits (direct connection, PostgREST-style claims) and every client's ` +
      `callback is timed from the moment COMMIT is sent; ${votes} votes, one at a time, each after all clients saw ` +
      `the previous. The message path: realtime.send -> realtime.messages -> WAL (wal2json) -> gateway -> sockets.`,
    `Baselines: the same vote with one subscriber; the same ${clients} sockets receiving a broadcast a service-role ` +
      `client sends on the channel (fan-out without the database; fans may not send there).`,
  );
  report.tables.push({
    title: "",
    headers: ["what", "deliveries", "p50 ms", "p95 ms", "p99 ms", "max ms"],
    rows: [
      ["vote -> 1 subscriber", one.count, fmt(one.p50), fmt(one.p95), fmt(one.p99), fmt(one.max)],
      [
        `vote -> ${clients + 1} subscribers`,
        fan_out.count,
        fmt(fan_out.p50),
        fmt(fan_out.p95),
        fmt(fan_out.p99),
        fmt(fan_out.max),
      ],
      [
        `client broadcast -> ${clients} subscribers`,
        ping.count,
        fmt(ping.p50),
        fmt(ping.p95),
        fmt(ping.p99),
        fmt(ping.max),
      ],
    ],
  });
  report.tables.push({
    title: "",
    headers: ["ratio", "value"],
    rows: [
      [
        `vote p95, ${clients} subscribers / client broadcast p95, same sockets`,
        `${(fan_out.p95 / ping.p95).toFixed(2)}x`,
      ],
      [`vote p95, ${clients} subscribers / vote p95, one subscriber`, `${(fan_out.p95 / one.p95).toFixed(2)}x`],
    ],
  });
  if (!quick) {
    report.verdicts.push({
      name: `vote commit -> callback p95 with ${clients} subscribers`,
      value: fan_out.p95,
      shown: `${fmt(fan_out.p95)} ms`,
      target: "< 250 ms",
      met: fan_out.p95 < 250,
    });
  }
  report.checks.push(
    check("every subscriber received every vote", missedVotes === 0, `${missedVotes} deliveries missing`),
    check("every subscriber received every client broadcast", missedPings === 0, `${missedPings} deliveries missing`),
    check("no message arrived that was not sent in its round", strays === 0, `${strays} strays`),
  );
  Object.assign(report.metrics, {
    subscribers: clients,
    vote_p50_ms: fan_out.p50,
    vote_p95_ms: fan_out.p95,
    single_p95_ms: one.p95,
    ping_p95_ms: ping.p95,
  });
  await voterSql.end({ timeout: 1 });
  return report;
}

export const realtime: Benchmark = {
  name: "realtime",
  summary: "one vote seen by 500 subscribed supabase-js clients: commit -> callback p50/p95",
  run,
};
