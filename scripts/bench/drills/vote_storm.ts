// Drill a: kill -9 of Postgres in the middle of a vote storm through the gateway, then a restart (crash
// recovery). Every client records what it was told: a vote answered 200 is acknowledged, and every
// acknowledged vote must be in the database afterwards; a call that died with the server may or may not
// have committed, and either outcome is accepted for that call alone. Every counter must equal its vote
// rows, and the storm must carry on through the gateway once Postgres is back.

import type { SupabaseClient } from "@supabase/supabase-js";
import { type BenchReport, type BenchStack, check, fmt, inBatches, seededRandom, sleep, type Sql } from "../lib.ts";
import { counterMismatches, createVotingWorld, liftDailyVoteLimit, nextChange, signUpFans } from "../fixtures.ts";
import { killPostgres, restartPostgres, waitForGateway } from "./cluster.ts";

interface Fan {
  client: SupabaseClient;
  userId: string;
}

/** What the storm's clients were told, per fan and song, and how the kill and restart went. */
interface StormTally {
  /** the value the last acknowledged call left */
  acked: Map<string, number>[];
  /** a later call whose fate is unknown (the server went away under it) */
  unknown: Map<string, number>[];
  acknowledged: number;
  acknowledgedAfterRestart: number;
  beforeKill: number;
  failures: Map<string, number>;
  recoveryMs: number;
  servingMs: number;
}

/** Where the database disagrees with what the fans were told. */
interface StormAudit {
  lost: number;
  ambiguous: number;
  ambiguousCommitted: number;
}

export async function voteStormDrill(
  stack: BenchStack,
  quick: boolean,
  log: (line: string) => void,
  report: BenchReport,
) {
  const admin = stack.sql({ max: 2 });
  await liftDailyVoteLimit(admin);
  const world = await createVotingWorld(admin, { label: "drill", artists: 10, showsPerArtist: 2, songsPerArtist: 25 });
  const songs = world.shows.flatMap((s) => s.songs);
  const fans: Fan[] = await signUpFans(stack.apiUrl, quick ? 10 : 50, "drill");
  const tally = await stormThroughKill(stack, fans, songs, quick ? 2_000 : 10_000, log);
  const audit = await auditStorm(admin, fans, songs, tally);
  const mismatched = await counterMismatches(admin, songs);
  reportStorm(report, fans.length, tally, audit, mismatched.length);
  await inBatches(fans, 25, ({ client }) => client.removeAllChannels());
}

/** Every fan votes in a loop; a third of the way in Postgres is killed, restarted, and the storm goes on. */
async function stormThroughKill(
  stack: BenchStack,
  fans: Fan[],
  songs: string[],
  stormMs: number,
  log: (line: string) => void,
): Promise<StormTally> {
  const killAtMs = stormMs / 3;
  const tally: StormTally = {
    acked: fans.map(() => new Map<string, number>()),
    unknown: fans.map(() => new Map<string, number>()),
    acknowledged: 0,
    acknowledgedAfterRestart: 0,
    beforeKill: 0,
    failures: new Map<string, number>(),
    recoveryMs: 0,
    servingMs: 0,
  };
  const { acked, unknown, failures } = tally;
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
        tally.acknowledged++;
        if (restarted) tally.acknowledgedAfterRestart++;
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
  tally.beforeKill = tally.acknowledged;
  const killed = await killPostgres(stack);
  log(`drills: killed Postgres (postmaster ${killed}) after ${tally.beforeKill} acknowledged votes; restarting`);
  await sleep(500);
  tally.recoveryMs = await restartPostgres(stack);
  restarted = true;
  tally.servingMs = await waitForGateway(stack);
  log(
    `drills: Postgres back in ${fmt(tally.recoveryMs, 0)} ms, the gateway serving ${fmt(tally.servingMs, 0)} ms later`,
  );
  await sleep(Math.max(1000, stormMs - killAtMs - tally.recoveryMs - tally.servingMs - 500));
  stop = true;
  await storm;
  log(`drills: storm over; slowest call ${JSON.stringify(slowest)}`);
  return tally;
}

/** What the database holds now, against what each fan was told. */
async function auditStorm(admin: Sql, fans: Fan[], songs: string[], tally: StormTally): Promise<StormAudit> {
  const { acked, unknown } = tally;
  const userIds = fans.map((f) => f.userId);
  const rows = await admin<{ user_id: string; setlist_song_id: string; value: number }[]>`
    select user_id, setlist_song_id, value from public.votes where user_id = any(${userIds}::uuid[])`;
  const stored = new Map(rows.map((r) => [`${r.user_id}:${r.setlist_song_id}`, r.value]));
  const audit: StormAudit = { lost: 0, ambiguous: 0, ambiguousCommitted: 0 };
  fans.forEach((fan, i) => {
    const keys = new Set([...acked[i].keys(), ...unknown[i].keys()]);
    for (const song of songs) if (stored.has(`${fan.userId}:${song}`)) keys.add(song);
    for (const song of keys) {
      const inDb = stored.get(`${fan.userId}:${song}`) ?? 0;
      const told = acked[i].get(song) ?? 0;
      if (unknown[i].has(song)) {
        audit.ambiguous++;
        if (inDb === unknown[i].get(song) && inDb !== told) audit.ambiguousCommitted++;
        if (inDb !== told && inDb !== unknown[i].get(song)) audit.lost++;
      } else if (inDb !== told) {
        audit.lost++;
      }
    }
  });
  return audit;
}

function reportStorm(report: BenchReport, fans: number, tally: StormTally, audit: StormAudit, mismatched: number) {
  const { acknowledged, acknowledgedAfterRestart, beforeKill, failures, recoveryMs, servingMs } = tally;
  const { lost } = audit;
  report.tables.push({
    title: "a. kill -9 of Postgres during a vote storm (through the gateway)",
    headers: ["what", "value"],
    rows: [
      ["fans voting", fans],
      ["votes acknowledged (200)", acknowledged],
      ["  of them before the kill", beforeKill],
      ["  of them after the restart", acknowledgedAfterRestart],
      ["calls that failed while Postgres was down", [...failures.values()].reduce((a, b) => a + b, 0)],
      ["  by answer", [...failures].map(([k, n]) => `${n}x ${k}`).join(", ") || "-"],
      ["restart (crash recovery) ms", fmt(recoveryMs, 0)],
      ["gateway serving again after restart, ms", fmt(servingMs, 0)],
      ["calls of unknown fate (in flight at the kill)", audit.ambiguous],
      ["  of them committed", audit.ambiguousCommitted],
      ["acknowledged votes missing or different", lost],
      ["counters differing from vote rows", mismatched],
    ],
  });
  report.checks.push(
    check("no acknowledged vote was lost", lost === 0, `${lost} differ`),
    check("every counter equals its vote rows after recovery", mismatched === 0, `${mismatched} differ`),
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
}
