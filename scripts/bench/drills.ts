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
//      subscriber still gets every vote.//
// One file a drill under drills/: vote_storm.ts, sync_kill.ts, abuse.ts; cluster.ts kills and restarts
// Postgres for the first two.

import { type Benchmark, type BenchOptions, type BenchReport, newReport } from "./lib.ts";
import { voteStormDrill } from "./drills/vote_storm.ts";
import { syncDrill } from "./drills/sync_kill.ts";
import { abuseDrill } from "./drills/abuse.ts";

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
