// 1. Votes: cast_vote throughput and latency with 50 concurrent voters,
// (a) straight to Postgres and (b) through the gateway with supabase-js,
// against pgbench's simple-update script (-N) on the same server, same run.
//
// The workload: 50 signed-in fans voting across the predictions of many
// upcoming shows (spread like pgbench's updates over its accounts), every call
// a real change (a new vote, a flip, or taking one back), so every call writes
// a vote row, the fan's action count, the song's counter and a live message,
// and commits with the WAL flushed (synchronous_commit stays on: an
// acknowledged vote survives a crash). The contended case, everyone on one
// show's 20 songs, is its own row: there each song's counter row is locked
// from the update until the commit's flush, so voters on one song queue.

import {
  type Benchmark,
  type BenchOptions,
  type BenchReport,
  type Check,
  check,
  closedLoop,
  describeErrors,
  fmt,
  type LoopResult,
  median,
  newReport,
  ratioVerdict,
  sampleWaits,
  seededRandom,
  sleep,
  type Sql,
  summarize,
} from "./lib.ts";
import {
  applyVote,
  counterMismatches,
  createFans,
  createVotingWorld,
  directVoter,
  liftDailyVoteLimit,
  nextChange,
  signUpFans,
} from "./fixtures.ts";
import { initPgbench, runPgbench } from "./pgbench.ts";

const FULL_VOTERS = 50;
const DIRECT_APP = "bench-votes-direct";

interface Mode {
  label: string;
  tps: number[];
  latencies: number[];
  errors: Map<string, number>;
  waits: string[];
  ratios: number[];
  /** WAL bytes per transaction (the WAL insert position over the measurement) */
  walBytes: number[];
  /** share of those bytes that were full-page images (pg_walinspect over the measurement's WAL) */
  fpiShares: number[];
  /** the biggest WAL record types per transaction, from the last measurement */
  walRecords: string;
  /** CPU µs the client side spent per transaction (this process, or pgbench as our child) */
  clientCpuUs: number[];
  /** the gateway process's CPU per transaction (gateway modes only) */
  gatewayCpuUs: number[];
}

function newMode(label: string): Mode {
  return {
    label,
    tps: [],
    latencies: [],
    errors: new Map(),
    waits: [],
    ratios: [],
    walBytes: [],
    fpiShares: [],
    walRecords: "",
    clientCpuUs: [],
    gatewayCpuUs: [],
  };
}

/**
 * CPU µs used so far by this process (self), by its exited children (children:
 * pgbench), or by another process of ours (a pid: the stack's gateway), from /proc.
 */
function cpuUs(of: "self" | "children" | number): number {
  const stat = Deno.readTextFileSync(`/proc/${of === "children" ? "self" : of}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime are fields 11 and 12 after the state; cutime, cstime 13 and 14; in clock ticks (100 a second)
  const ticks = of === "children" ? Number(fields[13]) + Number(fields[14]) : Number(fields[11]) + Number(fields[12]);
  return ticks * 10_000;
}

/** The WAL's insert position: the difference over a measurement is all the WAL it wrote. */
async function walPosition(sql: Sql): Promise<{ lsn: string; bytes: number }> {
  const [row] = await sql<{ lsn: string; bytes: string }[]>`
    select p.lsn::text as lsn, pg_wal_lsn_diff(p.lsn, '0/0')::text as bytes
    from (select pg_current_wal_insert_lsn() as lsn) p`;
  return { lsn: row.lsn, bytes: Number(row.bytes) };
}

/**
 * WAL bytes per transaction over a window, and the share of them that were
 * full-page images: the first change of a page after a checkpoint logs the
 * whole page, so a workload touching many distinct pages pays per page, not per row.
 */
async function walWindow(
  sql: Sql,
  from: { lsn: string; bytes: number },
  transactions: number,
): Promise<{ perTransaction: number; fpiShare: number; topRecords: string }> {
  const to = await walPosition(sql);
  // one decoding pass over the window, per record type; pg_walinspect reads
  // only flushed WAL, which every measured commit is (synchronous_commit stays on)
  const records = await sql<{ record_type: string; bytes: string; fpi: string }[]>`
    select "resource_manager/record_type" as record_type, combined_size::text as bytes, fpi_size::text as fpi
    from pg_get_wal_stats(${from.lsn}::pg_lsn, least(${to.lsn}::pg_lsn, pg_current_wal_flush_lsn()), true)
    order by combined_size desc`;
  const total = records.reduce((sum, r) => sum + Number(r.bytes), 0);
  const fpi = records.reduce((sum, r) => sum + Number(r.fpi), 0);
  const perTx = (bytes: string) => Number(bytes) / Math.max(1, transactions);
  return {
    topRecords: records.slice(0, 5).map((r) => `${r.record_type} ${perTx(r.bytes).toFixed(0)} B`).join(", "),
    perTransaction: (to.bytes - from.bytes) / Math.max(1, transactions),
    fpiShare: total > 0 ? fpi / total : 0,
  };
}

/** Statements' mean time per call, from pg_stat_statements, for the text a query starts with. */
async function statementTimes(sql: Sql): Promise<{ query: string; calls: number; mean: number }[]> {
  return await sql<{ query: string; calls: number; mean: number }[]>`
    select left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 48) as query, calls::int, mean_exec_time as mean
    from pg_stat_statements
    where calls >= 100 and query !~* '^(begin|commit|select set_config|select pg_|set )'
    order by total_exec_time desc
    limit 10`;
}

function record(mode: Mode, result: LoopResult, waits: string) {
  mode.tps.push((result.latencies.length / result.elapsedMs) * 1000);
  mode.latencies.push(...result.latencies);
  for (const [k, n] of result.errors) mode.errors.set(k, (mode.errors.get(k) ?? 0) + n);
  mode.waits.push(waits);
}

/**
 * A lever under trial (BENCHMARKS.md, "Votes: levers"): schema changes applied to this throwaway stack
 * only, e.g. BENCH_VOTES_LEVER_SQL="drop index public.votes_setlist_song_idx", so that a lever is measured
 * against the same baseline before it becomes a migration.
 */
async function applyLever(admin: Sql, report: BenchReport, log: (line: string) => void): Promise<void> {
  const lever = Deno.env.get("BENCH_VOTES_LEVER_SQL");
  if (lever) {
    log(`votes: lever under trial: ${lever}`);
    await admin.unsafe(lever);
    report.notes.push(`Lever under trial (BENCH_VOTES_LEVER_SQL, this stack only): ${lever}`);
  }
}

/** One round of the baseline: pgbench -N with the voters' client count, its WAL, CPU and waits into the mode. */
async function measurePgbench(
  stack: BenchOptions["stack"],
  samplerSql: Sql,
  pgbench: Mode,
  { clients, seconds }: { clients: number; seconds: number },
) {
  const sampler = sampleWaits(samplerSql, "pgbench");
  const walBefore = await walPosition(samplerSql);
  const childrenBefore = cpuUs("children");
  const bench = await runPgbench(stack, { clients, threads: 2, seconds: Math.ceil(seconds) });
  pgbench.clientCpuUs.push((cpuUs("children") - childrenBefore) / Math.max(1, bench.latencies.length));
  const wal = await walWindow(samplerSql, walBefore, bench.latencies.length);
  pgbench.walBytes.push(wal.perTransaction);
  pgbench.fpiShares.push(wal.fpiShare);
  pgbench.walRecords = wal.topRecords;
  pgbench.tps.push(bench.tps);
  pgbench.latencies.push(...bench.latencies);
  pgbench.waits.push(await sampler.stop());
  if (bench.failed) pgbench.errors.set("failed transactions", bench.failed);
  return bench;
}

/** The verdicts (each mode's throughput against pgbench -N's) and the metrics. */
function judge(report: BenchReport, { pgbench, direct, gateway, directHot, gatewayHot }: Record<string, Mode>): void {
  report.verdicts.push(
    ratioVerdict("direct cast_vote / pgbench -N tx/s", median(direct.ratios), 0.8),
    ratioVerdict("gateway cast_vote / pgbench -N tx/s", median(gateway.ratios), 0.5),
    ratioVerdict("contended direct / pgbench -N (reported, not the workload target)", median(directHot.ratios), 0.8),
    ratioVerdict("contended gateway / pgbench -N (reported, not the workload target)", median(gatewayHot.ratios), 0.5),
  );
  Object.assign(report.metrics, {
    pgbench_tps: median(pgbench.tps),
    direct_tps: median(direct.tps),
    gateway_tps: median(gateway.tps),
    direct_contended_tps: median(directHot.tps),
    gateway_contended_tps: median(gatewayHot.tps),
    direct_ratio: median(direct.ratios),
    gateway_ratio: median(gateway.ratios),
    direct_contended_ratio: median(directHot.ratios),
    gateway_contended_ratio: median(gatewayHot.ratios),
  });
}

/** The run's notes, its table (pgbench first, the baseline) and each mode's WAL, CPU and waits. */
function describeModes(
  report: BenchReport,
  run: { voters: number; shows: number; songs: number; scale: number; seconds: number; rounds: number },
  modes: Mode[],
): void {
  report.notes.push(
    `Workload: ${run.voters} signed-in fans, each on its own connection (direct: as authenticator, role and JWT claims ` +
      `set per transaction like PostgREST, BEGIN/set_config/cast_vote/COMMIT pipelined in one round trip) or its ` +
      `own supabase-js client (gateway: one HTTP request, one round trip to Postgres), voting across the 20-song ` +
      `predictions of ${run.shows} upcoming shows (${run.songs} songs); every call changes a vote ` +
      `(new, flipped or taken back), so each writes a vote row, an action count, a counter and a live message.`,
    `Baseline: pgbench -N (update an account, select it, insert history; five statements, a round trip each) on ` +
      `${run.scale * 100_000} accounts in its own ` +
      `database on the same cluster, ${run.voters} clients, ${
        Math.ceil(run.seconds)
      } s, alternating with each measurement; ` +
      `${run.rounds} round(s), ratios are medians of per-round ratios.`,
    `Data: synthetic artists, catalogs, shows and fans created for this run on the throwaway bench stack; predictions ` +
      `built by ensure_predicted_setlist; every vote is a real cast_vote.`,
  );
  const rows = modes.map((mode) => {
    const lat = summarize(mode.latencies);
    return [
      mode.label,
      fmt(median(mode.tps), 0),
      fmt(lat.p50, 2),
      fmt(lat.p99, 2),
      mode === modes[0] ? "1.00x" : `${median(mode.ratios).toFixed(2)}x`,
      [...mode.errors.values()].reduce((a, b) => a + b, 0),
    ];
  });
  report.tables.push({
    title: `${run.seconds} s per measurement, ${run.rounds} round(s)`,
    headers: ["workload", "tx/s", "p50 ms", "p99 ms", "vs pgbench", "errors"],
    rows,
  });
  for (const mode of modes) {
    report.findings.push(
      `${mode.label}: ${fmt(median(mode.walBytes), 0)} bytes of WAL ` +
        `(${(median(mode.fpiShares) * 100).toFixed(0)}% full-page images; most: ${mode.walRecords}) and ${
          fmt(median(mode.clientCpuUs), 0)
        } µs of client CPU` +
        (mode.gatewayCpuUs.length ? ` and ${fmt(median(mode.gatewayCpuUs), 0)} µs of gateway CPU` : "") +
        ` per transaction; active backends ` +
        mode.waits.join(" | "),
    );
  }
}

/**
 * Where the server's time goes, per statement: a short extra pass with nested statements tracked
 * (pg_stat_statements.track = all), direct votes then pgbench, after the measured rounds.
 */
async function statementProfile(
  stack: BenchOptions["stack"],
  admin: Sql,
  voters: number,
  quick: boolean,
  castSpread: (voter: number) => Promise<void>,
): Promise<string> {
  await admin`alter system set pg_stat_statements.track = 'all'`;
  await admin`select pg_reload_conf()`;
  await sleep(200);
  await admin`select pg_stat_statements_reset()`;
  await closedLoop(voters, quick ? 300 : 3000, castSpread);
  await runPgbench(stack, { clients: voters, threads: 2, seconds: quick ? 1 : 3 });
  const statements = await statementTimes(admin);
  await admin`alter system reset pg_stat_statements.track`;
  await admin`select pg_reload_conf()`;
  return "server time per call, same server, 50 clients (pg_stat_statements; includes waits for CPU and locks): " +
    statements.map((s) => `${s.query.trim()}... ${s.mean.toFixed(3)} ms`).join("; ");
}

/** Every call was acknowledged, so the database must hold exactly what the fans did: counters and vote rows. */
async function storedVoteChecks(
  admin: Sql,
  allSongs: string[],
  fans: { userId: string; votes: Map<string, number> }[],
): Promise<Check[]> {
  const checks: Check[] = [];
  const mismatched = await counterMismatches(admin, allSongs);
  checks.push(
    check("every counter equals its vote rows", mismatched.length === 0, `${mismatched.length} songs differ`),
  );
  const expected = new Map<string, number>();
  for (const fan of fans) fan.votes.forEach((v, song) => expected.set(`${fan.userId}:${song}`, v));
  const fanIds = fans.map((f) => f.userId);
  const stored = await admin<{ key: string; value: number }[]>`
    select user_id || ':' || setlist_song_id as key, value from public.votes where user_id = any(${fanIds}::uuid[])`;
  const differing = stored.filter((r) => expected.get(r.key) !== r.value).length +
    Math.max(0, expected.size - stored.length);
  checks.push(
    check(
      "each fan's vote rows are exactly the votes that fan was told succeeded",
      differing === 0,
      `${differing} differ`,
    ),
  );
  return checks;
}

async function run({ stack, quick, log }: BenchOptions): Promise<BenchReport> {
  // the smoke only proves the benchmark runs end to end: a few voters for half a second
  const VOTERS = quick ? 10 : FULL_VOTERS;
  const report = newReport("votes", `cast_vote, ${VOTERS} concurrent voters, against pgbench -N`);
  const seconds = quick ? 0.5 : Number(Deno.env.get("BENCH_SECONDS") ?? 10);
  const rounds = quick ? 1 : Number(Deno.env.get("BENCH_ROUNDS") ?? 2);
  const scale = quick ? 1 : 10;
  const admin = stack.sql({ max: 2 });
  const samplerSql = stack.sql({ max: 1, application: "bench-sampler" });
  await admin`create extension if not exists pg_walinspect`;

  log("votes: synthetic shows, predictions and fans on the bench stack");
  await liftDailyVoteLimit(admin);
  await applyLever(admin, report, log);
  const world = await createVotingWorld(admin, {
    label: "votes",
    artists: quick ? 5 : 100,
    showsPerArtist: 2,
    songsPerArtist: 25,
  });
  const spread = world.shows.flatMap((s) => s.songs);
  const hot = world.shows[0].songs;
  const directFans = await createFans(admin, VOTERS, "votes");
  const gatewayFans = await signUpFans(stack.apiUrl, VOTERS, "votes");
  log(`votes: pgbench -i -s ${scale}`);
  await initPgbench(stack, scale);

  const voters = directFans.map((fan) => directVoter(stack, fan, DIRECT_APP));
  const directState = directFans.map(() => new Map<string, number>());
  const gatewayState = gatewayFans.map(() => new Map<string, number>());
  const randoms = directFans.map((_, i) => seededRandom(1000 + i));

  const castDirect = async (voter: number, pool: string[]) => {
    const random = randoms[voter];
    const song = pool[Math.floor(random() * pool.length)];
    const value = nextChange(directState[voter], song, random);
    await voters[voter].cast(song, value);
    applyVote(directState[voter], song, value);
  };
  const castGateway = async (voter: number, pool: string[]) => {
    const random = randoms[voter];
    const song = pool[Math.floor(random() * pool.length)];
    const value = nextChange(gatewayState[voter], song, random);
    const { error, status } = await gatewayFans[voter].client.rpc("cast_vote", { setlist_song_id: song, value });
    if (error) throw Object.assign(new Error(error.message), { code: `${status} ${error.code}` });
    applyVote(gatewayState[voter], song, value);
  };

  // the gateway's own CPU per request: one Deno process, so a full core is its ceiling
  const gatewayPid = Number((await Deno.readTextFile(`${stack.dir}/pids/gateway.pid`)).trim());
  const measure = async (mode: Mode, app: string, fn: (voter: number) => Promise<void>) => {
    const walBefore = await walPosition(samplerSql);
    const cpuBefore = cpuUs("self");
    const viaGateway = app === "theset-rest";
    const gatewayBefore = viaGateway ? cpuUs(gatewayPid) : 0;
    const sampler = sampleWaits(samplerSql, app);
    const result = await closedLoop(VOTERS, seconds * 1000, (voter) => fn(voter));
    const done = Math.max(1, result.latencies.length);
    mode.clientCpuUs.push((cpuUs("self") - cpuBefore) / done);
    if (viaGateway) mode.gatewayCpuUs.push((cpuUs(gatewayPid) - gatewayBefore) / done);
    record(mode, result, await sampler.stop());
    const wal = await walWindow(samplerSql, walBefore, done);
    mode.walBytes.push(wal.perTransaction);
    mode.fpiShares.push(wal.fpiShare);
    mode.walRecords = wal.topRecords;
    return mode.tps.at(-1)!;
  };

  // warm up: prepared statements, connection pools, caches
  await closedLoop(VOTERS, quick ? 100 : 1500, (v) => castDirect(v, spread));
  await closedLoop(VOTERS, quick ? 100 : 1500, (v) => castGateway(v, spread));

  const pgbench = newMode(`pgbench -N (${VOTERS} clients, 2 threads, scale ${scale})`);
  const direct = newMode("cast_vote direct, spread over many shows");
  const gateway = newMode("cast_vote via gateway (supabase-js), spread");
  const directHot = newMode("cast_vote direct, contended: one show's 20 songs");
  const gatewayHot = newMode("cast_vote via gateway, contended: one show's 20 songs");
  for (let round = 1; round <= rounds; round++) {
    log(`votes: round ${round}/${rounds}: pgbench, direct, gateway, contended`);
    const bench = await measurePgbench(stack, samplerSql, pgbench, { clients: VOTERS, seconds });
    for (
      const [mode, app, fn] of [
        [direct, DIRECT_APP, (v: number) => castDirect(v, spread)],
        [gateway, "theset-rest", (v: number) => castGateway(v, spread)],
        [directHot, DIRECT_APP, (v: number) => castDirect(v, hot)],
        [gatewayHot, "theset-rest", (v: number) => castGateway(v, hot)],
      ] as const
    ) {
      const tps = await measure(mode, app, fn);
      mode.ratios.push(tps / bench.tps);
    }
  }

  const run = { voters: VOTERS, shows: world.shows.length, songs: spread.length, scale, seconds, rounds };
  describeModes(report, run, [pgbench, direct, gateway, directHot, gatewayHot]);

  log("votes: statement profile (pg_stat_statements, track = all)");
  report.findings.push(await statementProfile(stack, admin, VOTERS, quick, (v) => castDirect(v, spread)));

  judge(report, { pgbench, direct, gateway, directHot, gatewayHot });

  // correctness: every call was acknowledged, so the database must hold exactly what the fans did
  for (const mode of [direct, gateway, directHot, gatewayHot, pgbench]) {
    report.checks.push(check(`${mode.label}: no call failed`, mode.errors.size === 0, describeErrors(mode.errors)));
  }
  report.checks.push(
    ...await storedVoteChecks(admin, world.shows.flatMap((s) => s.songs), [
      ...directFans.map((fan, i) => ({ userId: fan, votes: directState[i] })),
      ...gatewayFans.map(({ userId }, i) => ({ userId, votes: gatewayState[i] })),
    ]),
  );

  await Promise.all(voters.map((v) => v.end()));
  await Promise.all(gatewayFans.map(({ client }) => client.removeAllChannels()));
  return report;
}

export const votes: Benchmark = {
  name: "votes",
  summary: `cast_vote throughput and latency, ${FULL_VOTERS} voters direct and through the gateway, against pgbench -N`,
  run,
};
