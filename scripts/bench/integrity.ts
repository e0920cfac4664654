// 2. Vote integrity under load: 200 concurrent clients, each a different fan
// on its own connection, voting, changing and taking back votes on a handful
// of hot songs. Afterwards every counter must equal its vote rows, every fan's
// rows must be what that fan last did, every real change (and only those)
// must have sent one live message, and no client may have seen a deadlock
// (40P01) or a serialization failure (40001) or any other error.
//
// Baseline in the same run: the same clients with plans of the same shape
// spread over the songs of 100 shows, so the ratio is the cost of the hot rows.

import {
  type Benchmark,
  type BenchOptions,
  type BenchReport,
  check,
  describeErrors,
  errorKey,
  fmt,
  inBatches,
  newReport,
  seededRandom,
  type Sql,
  summarize,
} from "./lib.ts";
import { counterMismatches, createFans, createVotingWorld, directVoter, liftDailyVoteLimit } from "./fixtures.ts";

const FULL_CLIENTS = 200;
const HOT_SONGS = 5;
const APP = "bench-integrity";

interface Action {
  song: string;
  value: number;
}

interface Outcome {
  label: string;
  actions: number;
  elapsedMs: number;
  latencies: number[];
  errors: Map<string, number>;
  /** answers whose my_vote was not the value sent */
  wrongAnswers: number;
  counterMismatches: number;
  rowMismatches: number;
  expectedMessages: number;
  messages: number;
}

/** Each client's plan: random songs of the pool and random values -1, 0, 1 (repeats are no-ops, as real clicks are). */
function plans(clients: number, actionsEach: number, pool: string[], seed: number): Action[][] {
  return Array.from({ length: clients }, (_, client) => {
    const random = seededRandom(seed + client);
    return Array.from({ length: actionsEach }, () => ({
      song: pool[Math.floor(random() * pool.length)],
      value: [-1, 0, 1][Math.floor(random() * 3)],
    }));
  });
}

/** The sizes and handles one storm needs. */
interface StormSetup {
  stack: BenchOptions["stack"];
  admin: Sql;
  clients: number;
  actionsEach: number;
  log: (line: string) => void;
}

/** Each fan's last vote per song after the plans ran, and how many actions really changed a vote. */
function expectedOutcome(clientPlans: Action[][], fans: string[]): { expected: Map<string, number>; changes: number } {
  const expected = new Map<string, number>();
  let changes = 0;
  clientPlans.forEach((plan, client) => {
    for (const { song, value } of plan) {
      const key = `${fans[client]}:${song}`;
      if ((expected.get(key) ?? 0) !== value) changes++;
      if (value === 0) expected.delete(key);
      else expected.set(key, value);
    }
  });
  return { expected, changes };
}

/** The live messages sent so far for the songs of the pool. */
async function messagesFor(admin: Sql, pool: string[]): Promise<number> {
  const [{ n }] = await admin<{ n: number }[]>`
    select count(*)::int as n from realtime.messages
    where event = 'vote_counts' and payload ->> 'setlist_song_id' = any(${pool}::text[])`;
  return n;
}

/** New fans, all at once, each running its plan on the pool; then counters, rows and messages checked. */
async function runStorm(setup: StormSetup, label: string, pool: string[], seed: number): Promise<Outcome> {
  const { stack, admin, clients: CLIENTS, actionsEach, log } = setup;
  // the clients of both runs are new fans, so each run starts from no votes
  const fans = await createFans(admin, CLIENTS, `integrity-${seed}`);
  const voters = await inBatches(fans, 20, async (fan) => {
    const voter = directVoter(stack, fan, APP);
    // connect before the storm starts, so the storm measures voting, not logins
    await voter.cast(pool[0], 0);
    return voter;
  });
  const before = await messagesFor(admin, pool);
  const clientPlans = plans(CLIENTS, actionsEach, pool, seed);
  const { expected, changes: expectedMessages } = expectedOutcome(clientPlans, fans);

  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let wrongAnswers = 0;
  log(`integrity: ${label}: ${CLIENTS} clients x ${actionsEach} actions`);
  const started = performance.now();
  await Promise.all(voters.map(async (voter, client) => {
    for (const { song, value } of clientPlans[client]) {
      const t0 = performance.now();
      try {
        const answer = await voter.cast(song, value);
        latencies.push(performance.now() - t0);
        if (answer.my_vote !== value) wrongAnswers++;
      } catch (error) {
        const key = errorKey(error);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    }
  }));
  const elapsedMs = performance.now() - started;
  await Promise.all(voters.map((v) => v.end()));

  const mismatched = await counterMismatches(admin, pool);
  const rows = await admin<{ key: string; value: number }[]>`
    select user_id || ':' || setlist_song_id as key, value from public.votes where user_id = any(${fans}::uuid[])`;
  const rowMismatches = rows.filter((r) => expected.get(r.key) !== r.value).length +
    Math.abs(expected.size - rows.length);
  const after = await messagesFor(admin, pool);
  return {
    label,
    actions: CLIENTS * actionsEach,
    elapsedMs,
    latencies,
    errors,
    wrongAnswers,
    counterMismatches: mismatched.length,
    rowMismatches,
    expectedMessages,
    messages: after - before,
  };
}

async function run({ stack, quick, log }: BenchOptions): Promise<BenchReport> {
  // the smoke only proves the benchmark runs end to end and its checks hold
  const CLIENTS = quick ? 40 : FULL_CLIENTS;
  const report = newReport("integrity", `${CLIENTS} concurrent clients voting on ${HOT_SONGS} hot songs`);
  const actionsEach = quick ? 4 : 25;
  const admin = stack.sql({ max: 2 });
  await liftDailyVoteLimit(admin);
  log("integrity: synthetic shows and fans on the bench stack");
  const world = await createVotingWorld(admin, {
    label: "integrity",
    artists: quick ? 3 : 50,
    showsPerArtist: 2,
    songsPerArtist: 25,
  });
  const hot = world.shows[0].songs.slice(0, HOT_SONGS);
  const spread = world.shows.slice(1).flatMap((s) => s.songs);

  // the spread baseline first, so the hot run is not helped by a warmer cache than the baseline had
  const setup: StormSetup = { stack, admin, clients: CLIENTS, actionsEach, log };
  const baseline = await runStorm(setup, `spread over ${spread.length} songs`, spread, 20_000);
  const storm = await runStorm(setup, `${HOT_SONGS} hot songs of one show`, hot, 10_000);
  reportIntegrity(report, baseline, storm, { clients: CLIENTS, actionsEach, spreadSongs: spread.length });
  return report;
}

/** The tables, verdicts, checks and metrics of the two storms. */
function reportIntegrity(
  report: BenchReport,
  baseline: Outcome,
  storm: Outcome,
  sizes: { clients: number; actionsEach: number; spreadSongs: number },
) {
  const { clients: CLIENTS, actionsEach } = sizes;

  report.notes.push(
    `Workload: ${CLIENTS} fans, each on its own connection (as authenticator, claims per transaction like PostgREST), ` +
      `all started together, each running ${actionsEach} random actions (up, down or take back; repeating the current ` +
      `vote is a no-op, as a repeated click is) on ${HOT_SONGS} songs of one show's prediction.`,
    `Baseline: the same clients with plans of the same shape over ${sizes.spreadSongs} songs of other shows.`,
    `Data: synthetic shows and fans on the throwaway bench stack; every vote is a real cast_vote.`,
  );
  const rate = (o: Outcome) => (o.latencies.length / o.elapsedMs) * 1000;
  report.tables.push({
    title: "",
    headers: [
      "workload",
      "actions",
      "actions/s",
      "p50 ms",
      "p99 ms",
      "errors",
      "40P01/40001",
      "counters off",
      "rows off",
      "messages (expected)",
    ],
    rows: [baseline, storm].map((o) => {
      const lat = summarize(o.latencies);
      return [
        o.label,
        o.actions,
        fmt(rate(o), 0),
        fmt(lat.p50, 1),
        fmt(lat.p99, 1),
        [...o.errors.values()].reduce((a, b) => a + b, 0),
        [...o.errors].filter(([k]) => /^40(P01|001) /.test(k)).reduce((a, [, n]) => a + n, 0),
        o.counterMismatches,
        o.rowMismatches,
        `${o.messages} (${o.expectedMessages})`,
      ];
    }),
  });
  const ratio = rate(storm) / rate(baseline);
  report.tables.push({
    title: "",
    headers: ["hot songs vs spread", "ratio"],
    rows: [["actions/s", `${ratio.toFixed(2)}x`]],
  });
  const conflicts = [...storm.errors].filter(([k]) => /^40(P01|001) /.test(k)).reduce((a, [, n]) => a + n, 0);
  report.verdicts.push(
    {
      name: "deadlocks and serialization failures seen by clients",
      value: conflicts,
      shown: String(conflicts),
      target: "0",
      met: conflicts === 0,
    },
    {
      name: "counters differing from their vote rows",
      value: storm.counterMismatches,
      shown: String(storm.counterMismatches),
      target: "0",
      met: storm.counterMismatches === 0,
    },
  );
  for (const o of [baseline, storm]) {
    report.checks.push(
      check(`${o.label}: no client saw an error`, o.errors.size === 0, describeErrors(o.errors)),
      check(
        `${o.label}: every counter equals its vote rows`,
        o.counterMismatches === 0,
        `${o.counterMismatches} differ`,
      ),
      check(
        `${o.label}: each fan's rows are that fan's last votes`,
        o.rowMismatches === 0,
        `${o.rowMismatches} differ`,
      ),
      check(`${o.label}: every answer carries the vote just cast`, o.wrongAnswers === 0, `${o.wrongAnswers} wrong`),
      check(
        `${o.label}: one live message per real change`,
        o.messages === o.expectedMessages,
        `${o.messages} sent, ${o.expectedMessages} expected`,
      ),
    );
  }
  Object.assign(report.metrics, {
    hot_actions_per_s: rate(storm),
    spread_actions_per_s: rate(baseline),
    hot_vs_spread: ratio,
    conflicts,
    counter_mismatches: storm.counterMismatches,
  });
}

export const integrity: Benchmark = {
  name: "integrity",
  summary:
    `${FULL_CLIENTS} clients voting, changing and retracting on ${HOT_SONGS} hot songs: counters exact, no deadlocks`,
  run,
};
