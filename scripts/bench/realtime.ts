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
  type BenchStack,
  check,
  fmt,
  inBatches,
  newReport,
  sleep,
  type Sql,
  summarize,
} from "./lib.ts";
import { SECRET_KEY } from "../stack/keys.ts";
import {
  benchClient,
  createFans,
  createVotingWorld,
  fanClaims,
  liftDailyVoteLimit,
  type VotingShow,
} from "./fixtures.ts";

const PING = "bench_ping";

interface Subscriber {
  client: SupabaseClient;
  channel: RealtimeChannel;
}

type Round = { kind: "vote" | "ping"; key: string; sentAt: number };

/** The subscribers of one show's topic, and rounds timed against them: each round waits for one message. */
class ShowAudience {
  /** what the current round is waiting for: the song it changes (or the ping's key), and when it was sent */
  #expecting: Round | null = null;
  #arrivals: number[] = [];
  /** messages that arrived outside the round that sent them */
  strays = 0;
  /** the fan's current vote per song: each round flips one, so every round is a real change with a message */
  #current = new Map<string, number>();
  #song = 0;

  constructor(
    readonly stack: BenchStack,
    readonly show: VotingShow,
    readonly fan: string,
    readonly voterSql: Sql,
  ) {}

  get topic(): string {
    return `show:${this.show.id}`;
  }

  #onMessage(kind: "vote" | "ping", key: string) {
    const at = performance.now();
    const expecting = this.#expecting;
    if (expecting && expecting.kind === kind && expecting.key === key) this.#arrivals.push(at - expecting.sentAt);
    else this.strays++;
  }

  /** A new supabase-js client joined to the show's private channel as the show page joins it. */
  async subscribe(key?: string): Promise<Subscriber> {
    const client = benchClient(this.stack.apiUrl, { key });
    const channel = client.channel(this.topic, { config: { private: true, broadcast: { self: false } } })
      .on(
        "broadcast",
        { event: "vote_counts" },
        ({ payload }) => this.#onMessage("vote", String(payload?.setlist_song_id)),
      )
      .on("broadcast", { event: PING }, ({ payload }) => this.#onMessage("ping", String(payload?.key)));
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
  }

  /** One vote, committed; resolves when every subscriber saw it (or after 5 s). */
  async voteRound(expected: number): Promise<number[]> {
    const target = this.show.songs[this.#song++ % this.show.songs.length];
    const value = this.#current.get(target) === 1 ? -1 : 1;
    this.#current.set(target, value);
    this.#arrivals = [];
    await this.voterSql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${
        fanClaims(this.fan)
      }, true)`;
      await tx`select public.cast_vote(${target}::uuid, ${value}::integer)`;
      // the clock starts as the callback returns and postgres.js sends COMMIT
      this.#expecting = { kind: "vote", key: target, sentAt: performance.now() };
    });
    return await this.#arrivalsOf(expected);
  }

  /** One client broadcast from the sender; resolves when every subscriber saw it (or after 5 s). */
  async pingRound(sender: RealtimeChannel, expected: number, round: number): Promise<number[]> {
    this.#arrivals = [];
    const key = `ping-${round}`;
    this.#expecting = { kind: "ping", key, sentAt: performance.now() };
    await sender.send({ type: "broadcast", event: PING, payload: { key } });
    return await this.#arrivalsOf(expected);
  }

  async #arrivalsOf(expected: number): Promise<number[]> {
    const deadline = performance.now() + 5_000;
    while (this.#arrivals.length < expected && performance.now() < deadline) await sleep(5);
    const seen = this.#arrivals;
    this.#expecting = null;
    return seen;
  }
}

interface Deliveries {
  single: number[];
  many: number[];
  pings: number[];
  missedVotes: number;
  missedPings: number;
}

/** The votes seen by one subscriber, then by all of them, with a client broadcast after each vote. */
async function measure(
  audience: ShowAudience,
  clients: number,
  votes: number,
  log: (line: string) => void,
): Promise<Deliveries> {
  const subscribers: Subscriber[] = [];
  const deliveries: Deliveries = { single: [], many: [], pings: [], missedVotes: 0, missedPings: 0 };
  try {
    log("realtime: one subscriber");
    subscribers.push(await audience.subscribe());
    // warm up: prepared statements, the WAL reader's first decode
    await audience.voteRound(1);
    for (let i = 0; i < votes; i++) {
      const seen = await audience.voteRound(1);
      deliveries.single.push(...seen);
      deliveries.missedVotes += 1 - seen.length;
      await sleep(50);
    }

    log(`realtime: ${clients} subscribers joining`);
    subscribers.push(...await inBatches(Array.from({ length: clients - 1 }), 25, () => audience.subscribe()));
    const sender = await audience.subscribe(SECRET_KEY);
    // the sender is subscribed too but does not receive its own broadcasts (self: false), so it counts once
    const expected = clients + 1;
    await audience.voteRound(expected);
    for (let i = 0; i < votes; i++) {
      const seen = await audience.voteRound(expected);
      deliveries.many.push(...seen);
      deliveries.missedVotes += expected - seen.length;
      await sleep(100);
      const pinged = await audience.pingRound(sender.channel, clients, i);
      deliveries.pings.push(...pinged);
      deliveries.missedPings += clients - pinged.length;
      await sleep(100);
    }
    subscribers.push(sender);
  } finally {
    log("realtime: closing sockets");
    await inBatches(subscribers, 50, ({ client }) => client.removeAllChannels().catch(() => {}));
    for (const { client } of subscribers) client.realtime.disconnect();
  }
  return deliveries;
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
  const [fan] = await createFans(admin, 1, "realtime");
  const voterSql = stack.sql({ username: "authenticator", max: 1, application: "bench-realtime" });
  const audience = new ShowAudience(stack, world.shows[0], fan, voterSql);
  const deliveries = await measure(audience, clients, votes, log);
  reportRealtime(report, deliveries, { clients, votes, quick, topic: audience.topic, strays: audience.strays });
  await voterSql.end({ timeout: 1 });
  return report;
}

function reportRealtime(
  report: BenchReport,
  deliveries: Deliveries,
  run: { clients: number; votes: number; quick: boolean; topic: string; strays: number },
) {
  const { single, many, pings, missedVotes, missedPings } = deliveries;
  const { clients, votes, quick, topic, strays } = run;
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
}

export const realtime: Benchmark = {
  name: "realtime",
  summary: "one vote seen by 500 subscribed supabase-js clients: commit -> callback p50/p95",
  run,
};
