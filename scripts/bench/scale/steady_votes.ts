// cast_vote at scale: the closed-loop vote rate the scale benchmark compares before and after its load, and
// the steady state it waits for first (the realtime reader caught up, a checkpoint taken, the checkpoint's
// full-page images paid before the clock starts).

import { type BenchOptions, closedLoop, seededRandom, type Sql } from "../lib.ts";
import { applyVote, directVoter, nextChange } from "../fixtures.ts";

const VOTE_APP = "bench-scale-votes";

/** One cast_vote measurement: votes a second, and the WAL each vote wrote (full-page images apart). */
export interface VoteRate {
  rate: number;
  walBytesPerVote: number;
  fullPageImagesPerVote: number;
}

/**
 * cast_vote's closed-loop rate over `songs`. Every song is voted on once, untimed, before the clock starts:
 * settle() has just checkpointed, and the first change to a page after a checkpoint writes the whole page to the
 * WAL. Once per page per checkpoint (Postgres checkpoints every checkpoint_timeout, 5 minutes) is what a running
 * service pays; once per page in a 10-second window is not. At full size the 1,500 voted songs' index and heap
 * pages are far more distinct pages than the small world's, so without this pass the measurement at scale
 * paid its cold pages' images and the small one hardly any. The WAL per vote of the timed part is reported,
 * so a full-page image left in it shows.
 */
export async function voteRate(
  stack: BenchOptions["stack"],
  admin: Sql,
  fans: string[],
  songs: string[],
  seconds: number,
): Promise<VoteRate> {
  const voters = fans.map((fan) => directVoter(stack, fan, VOTE_APP));
  const state = fans.map(() => new Map<string, number>());
  const randoms = fans.map((_, i) => seededRandom(4000 + i));
  const castOn = async (v: number, song: string) => {
    const value = nextChange(state[v], song, randoms[v]);
    await voters[v].cast(song, value);
    applyVote(state[v], song, value);
  };
  const wal = async () => {
    const [row] = await admin<{ bytes: string; fpi: string }[]>`
      select wal_bytes::text as bytes, wal_fpi::text as fpi from pg_stat_wal`;
    return { bytes: Number(row.bytes), fpi: Number(row.fpi) };
  };
  try {
    // every song once, each voter taking every fans.length-th song
    await Promise.all(voters.map(async (_, v) => {
      for (let i = v; i < songs.length; i += voters.length) await castOn(v, songs[i]);
    }));
    const before = await wal();
    const result = await closedLoop(
      fans.length,
      seconds * 1000,
      (v) => castOn(v, songs[Math.floor(randoms[v]() * songs.length)]),
    );
    const after = await wal();
    if (result.errors.size) throw new Error(`votes failed: ${[...result.errors.keys()].join("; ")}`);
    // (the WAL of anything else running in the window is counted too: pg_cron is paused on this stack)
    const votes = Math.max(1, result.latencies.length);
    return {
      rate: (result.latencies.length / result.elapsedMs) * 1000,
      walBytesPerVote: (after.bytes - before.bytes) / votes,
      fullPageImagesPerVote: (after.fpi - before.fpi) / votes,
    };
  } finally {
    await Promise.all(voters.map((v) => v.end()));
  }
}

/** How long settle() waits at most for the realtime reader, and the lag it counts as caught up. */
const SETTLE_LIMIT_MS = 30 * 60 * 1000;
const SETTLE_LAG_BYTES = 1024 * 1024;

export interface Settled {
  /** the realtime reader's lag behind the WAL when the wait began, in bytes */
  lagBytes: number;
  waitedSeconds: number;
  caughtUp: boolean;
}

/**
 * Lets the machine reach its steady state before a measurement: the stack's realtime reader decodes every
 * committed change through its logical slot (as Supabase Realtime does), so a bulk load leaves gigabytes of WAL
 * for it to work through, a core's worth of decoding that would be charged to whatever is measured next (at full
 * size cast_vote ran at 0.29x of its small-database rate while it did). Waits, bounded, until every logical slot
 * has confirmed the WAL written so far, then checkpoints, so the measurement starts without a backlog of dirty
 * pages (voteRate pays the checkpoint's full-page images before its clock starts).
 */
export async function settle(admin: Sql): Promise<Settled> {
  const started = performance.now();
  const lag = async () => {
    const [row] = await admin<{ lag: string | null }[]>`
      select max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn))::bigint::text as lag
      from pg_replication_slots where slot_type = 'logical'`;
    return Number(row.lag ?? 0);
  };
  const lagBytes = await lag();
  let caughtUp = lagBytes <= SETTLE_LAG_BYTES;
  while (!caughtUp && performance.now() - started < SETTLE_LIMIT_MS) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    caughtUp = (await lag()) <= SETTLE_LAG_BYTES;
  }
  await admin`checkpoint`;
  return { lagBytes, waitedSeconds: (performance.now() - started) / 1000, caughtUp };
}
