// The health census under concurrency: a refresh in progress (pg_cron's, or
// an operator's taking counts as of now) never makes the status page wait,
// and a second refresh beside it neither fails nor is lost: it waits for the
// first to commit and then writes its own, later, count.

import postgres from "postgres";
import { assert, assertEquals, assertGreaterOrEqual } from "../../../scripts/test/assert.ts";
import { DB_URL } from "../support/env.ts";

const connection = { onnotice: () => {} };

Deno.test("a census refresh blocks neither readers nor a second refresh, and the later count wins", async () => {
  const holder = postgres(DB_URL, { ...connection, max: 1 });
  const second = postgres(DB_URL, { ...connection, max: 1 });
  const owner = postgres(DB_URL, { ...connection, max: 1 });
  // the visitor connects as PostgREST does: as authenticator, switching to anon for the transaction
  const reader = postgres(DB_URL, { ...connection, max: 1, username: "authenticator" });
  try {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let firstTaken!: () => void;
    const taken = new Promise<void>((resolve) => (firstTaken = resolve));

    // the first refresh writes the census row and keeps its transaction open
    const first = holder.begin(async (tx) => {
      const [{ census }] = await tx<{ census: { counted_at: string } }[]>`
        select public.refresh_sync_health_census() as census`;
      firstTaken();
      await released;
      return census;
    });
    await taken;
    // what is committed now stays so until the first commits: any other refresh (pg_cron's) waits for its lock
    const [before] = await owner<{ counted_at: Date }[]>`select counted_at from public.sync_health_census`;

    // the second starts meanwhile and must wait for the first's row lock
    let secondDone = false;
    const secondRefresh = second<{ census: { counted_at: string } }[]>`
      select public.refresh_sync_health_census() as census`.then(([row]) => {
      secondDone = true;
      return row.census;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert(!secondDone, "the second refresh waits while the first is uncommitted");

    // a visitor's summary answers at once, from the committed census
    const started = performance.now();
    const [{ summary }] = await reader.begin(async (tx) => {
      await tx`select set_config('role', 'anon', true), set_config('request.jwt.claims', '{"role":"anon"}', true)`;
      return await tx<{ summary: { counted_at: string } }[]>`select public.sync_health_summary() as summary`;
    });
    const waited = performance.now() - started;
    assert(waited < 2_000, `the summary did not wait for the refresh (${waited.toFixed(0)} ms)`);
    assertEquals(new Date(summary.counted_at).getTime(), before.counted_at.getTime(), "it reads the committed census");

    release();
    const firstCensus = await first;
    const secondCensus = await secondRefresh;
    assertGreaterOrEqual(
      new Date(secondCensus.counted_at).getTime(),
      new Date(firstCensus.counted_at).getTime(),
      "the second count is the later one",
    );
    // pg_cron's own every-minute refresh may have committed after the second: the row is never older than it
    const [after] = await owner<{ counted_at: Date }[]>`select counted_at from public.sync_health_census`;
    assertGreaterOrEqual(after.counted_at.getTime(), new Date(secondCensus.counted_at).getTime(), "and it stays");
  } finally {
    await Promise.all([holder.end(), second.end(), owner.end(), reader.end()]);
  }
});
