// pg_cron runs a job as its owner. The migrations' jobs belong to postgres (the
// role `supabase db push` connects as), which on hosted Supabase - and on the
// local platform - is not a superuser: a job from the migrations, made to run
// now, runs and succeeds as postgres, and a probe job scheduled beside it
// checks from inside the run that it is postgres and not a superuser.
// pg_cron has minute granularity, so this waits for the next minute's tick.

import postgres from "postgres";
import { assertEquals } from "../../../scripts/test/assert.ts";
import { DB_URL } from "../support/env.ts";

const PROBE = "theset-test-runs-as-owner";
const MIGRATION_JOB = "refresh-trending";
/** fails the run unless it runs as postgres without superuser rights */
const PROBE_COMMAND = `do $probe$ begin
  if current_user <> 'postgres' or current_setting('is_superuser')::boolean then
    raise exception 'ran as % (superuser: %)', current_user, current_setting('is_superuser');
  end if;
end $probe$`;

interface Run {
  status: string;
  username: string;
  return_message: string;
}

Deno.test({
  name: "a pg_cron job from the migrations is postgres' and runs as postgres, not as a superuser",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
    const [job] = await sql<{ jobid: number; schedule: string; username: string }[]>`
      select jobid, schedule, username from cron.job where jobname = ${MIGRATION_JOB}`;
    assertEquals(job.username, "postgres", "the migration's job belongs to postgres");
    // a probe left behind by a killed run
    await sql`select cron.unschedule(jobid) from cron.job where jobname = ${PROBE}`;
    const since = (await sql<{ now: Date }[]>`select now()`)[0].now;
    try {
      // both every minute: the migration's own command, and a check run inside a job
      await sql`select cron.alter_job(${job.jobid}, schedule := '* * * * *')`;
      await sql`select cron.schedule(${PROBE}, '* * * * *', ${PROBE_COMMAND})`;
      const runs = await waitForRuns(sql, [MIGRATION_JOB, PROBE], since, Date.now() + 150_000);
      const migrationRun = runs.get(MIGRATION_JOB);
      assertEquals(
        [migrationRun?.status, migrationRun?.username],
        ["succeeded", "postgres"],
        `the migration's job ran as postgres and succeeded: ${migrationRun?.return_message}`,
      );
      assertEquals(runs.get(PROBE)?.status, "succeeded", `inside the run: ${runs.get(PROBE)?.return_message}`);
      assertEquals(runs.get(PROBE)?.username, "postgres");
    } finally {
      await sql`select cron.alter_job(${job.jobid}, schedule := ${job.schedule})`;
      await sql`select cron.unschedule(jobid) from cron.job where jobname = ${PROBE}`;
      await sql.end();
    }
  },
});

/** The first finished run since `since` of each named job, waiting until every one has one. */
async function waitForRuns(
  sql: postgres.Sql,
  names: string[],
  since: Date,
  untilMs: number,
): Promise<Map<string, Run>> {
  while (Date.now() < untilMs) {
    const rows = await sql<(Run & { jobname: string })[]>`
      select distinct on (j.jobname) j.jobname, d.status, d.username, d.return_message
      from cron.job_run_details d join cron.job j on j.jobid = d.jobid
      where j.jobname = any(${names}) and d.start_time >= ${since} and d.status in ('succeeded', 'failed')
      order by j.jobname, d.start_time`;
    if (rows.length === names.length) {
      return new Map(
        rows.map((r) => [r.jobname, { status: r.status, username: r.username, return_message: r.return_message }]),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`no finished run of ${names.join(" and ")} within the wait`);
}
