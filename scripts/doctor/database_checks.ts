// The doctor's checks inside the database: Vault, pg_cron, pg_net, and how
// recently each sync ran. Runs made by tests (trigger 'test') do not count,
// as in sync_health.

import type postgres from "postgres";
import type { CheckResult } from "./checks.ts";

/**
 * How old the last production run of each scheduled sync may be: its
 * schedule's interval (migration sync_schedule) plus an hour of slack.
 */
export const SYNC_MAX_AGE_HOURS: Record<string, number> = {
  "sync-popular-tours": 7, // every 6 hours
  "sync-artist-songs": 25, // daily 03:30 UTC
  "sync-setlists": 2, // every 30 minutes
};
/**
 * the jobs every TheSet database schedules (the sync schedule, trending and health census migrations): without them
 * nothing syncs, trending and the status page's counts stop moving
 */
export const REQUIRED_CRON_JOBS = [
  "import-artist",
  "refresh-sync-health-census",
  "refresh-trending",
  "sync-artist-songs",
  "sync-popular-tours",
  "sync-setlists",
];
/** pg_net's worker takes queued requests within a second; one still queued after this long means it has stopped */
const QUEUE_WAIT_MS = 5_000;

export async function checkVault(sql: postgres.Sql, cronSecret: string): Promise<CheckResult[]> {
  const rows = await sql<{ name: string; secret: string }[]>`
    select name, decrypted_secret as secret from vault.decrypted_secrets where name in ('project_url', 'cron_secret')`;
  const byName = new Map(rows.map((r) => [r.name, r.secret ?? ""]));
  const projectUrl = byName.get("project_url") ?? "";
  const secret = byName.get("cron_secret");
  return [
    {
      name: "vault project_url",
      ok: /^https?:\/\//.test(projectUrl),
      detail: projectUrl ? projectUrl : "missing",
      fix: "select vault.create_secret('https://<ref>.supabase.co', 'project_url'); (npm run stack:up does it locally)",
    },
    {
      name: "vault cron_secret",
      ok: !!secret && secret === cronSecret,
      detail: !secret
        ? "missing"
        : secret === cronSecret
        ? "present, equal to .env CRON_SECRET"
        : "differs from .env CRON_SECRET",
      fix: "store .env's CRON_SECRET: select vault.update_secret((select id from vault.secrets where name = " +
        "'cron_secret'), '<CRON_SECRET>'); or vault.create_secret('<CRON_SECRET>', 'cron_secret')",
    },
  ];
}

export async function checkCron(sql: postgres.Sql): Promise<CheckResult[]> {
  const jobs = await sql<{ jobname: string; active: boolean; last_status: string | null; message: string | null }[]>`
    select j.jobname, j.active, d.status as last_status, d.return_message as message
    from cron.job j
    left join lateral (
      select x.status, x.return_message from cron.job_run_details x
      where x.jobid = j.jobid and x.status in ('succeeded', 'failed')
      order by x.start_time desc nulls last, x.runid desc limit 1) d on true
    order by j.jobname`;
  const names = new Set(jobs.map((j) => j.jobname));
  const missing = REQUIRED_CRON_JOBS.filter((name) => !names.has(name));
  const inactive = jobs.filter((j) => !j.active).map((j) => j.jobname);
  const failed = jobs.filter((j) => j.active && j.last_status === "failed");
  return [
    {
      name: "cron scheduled",
      ok: missing.length === 0 && inactive.length === 0,
      detail: missing.length
        ? `missing: ${missing.join(", ")}`
        : inactive.length
        ? `inactive: ${inactive.join(", ")}`
        : `${jobs.length} jobs, all active`,
      fix:
        "apply the migrations (npx supabase db push) and re-activate: select cron.alter_job(<jobid>, active := true);",
    },
    {
      name: "cron last runs",
      ok: failed.length === 0,
      detail: failed.length
        ? failed.map((j) => `${j.jobname} failed: ${(j.message ?? "").slice(0, 120)}`).join("; ")
        : "no job's last run failed",
      fix: "read cron.job_run_details for the job named and fix what its message says",
    },
  ];
}

export async function checkNetQueue(sql: postgres.Sql, waitMs = QUEUE_WAIT_MS): Promise<CheckResult> {
  const fix = "pg_net's worker is not draining: on a hosted project restart it (select net.worker_restart();), " +
    "locally npm run stack:up";
  // pg_net's queue has no timestamps: the oldest request must be taken (deleted) within the wait
  const [first] = await sql<{ oldest: string | null; queued: number }[]>`
    select min(id)::text as oldest, count(*)::int as queued from net.http_request_queue`;
  if (first.oldest === null) return { name: "pg_net queue", ok: true, detail: "empty" };
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const [still] = await sql`select 1 from net.http_request_queue where id = ${first.oldest}::bigint`;
    if (!still) return { name: "pg_net queue", ok: true, detail: `draining (${first.queued} were queued)` };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    name: "pg_net queue",
    ok: false,
    detail: `request ${first.oldest} still queued after ${waitMs / 1000} s (${first.queued} queued)`,
    fix,
  };
}

export async function checkSyncRecency(sql: postgres.Sql): Promise<CheckResult[]> {
  const rows = await sql<{ job: string; started_at: Date | null; status: string | null }[]>`
    select j.job, r.started_at, r.status
    from unnest(${Object.keys(SYNC_MAX_AGE_HOURS)}::text[]) j (job)
    left join lateral (
      select s.started_at, s.status from public.sync_runs s
      where s.job = j.job and s.trigger <> 'test' order by s.started_at desc, s.id desc limit 1) r on true
    order by j.job`;
  const results: CheckResult[] = rows.map((row) => {
    const maxAge = SYNC_MAX_AGE_HOURS[row.job];
    const ageHours = row.started_at ? (Date.now() - row.started_at.getTime()) / 3_600_000 : null;
    const ok = ageHours !== null && ageHours <= maxAge && row.status !== "failed";
    return {
      name: `sync ${row.job}`,
      ok,
      detail: ageHours === null
        ? "never ran"
        : `last run ${ageHours.toFixed(1)} h ago (at most ${maxAge} h), ${row.status}`,
      fix: `npm run sync -- ${row.job} (locally), or select public.invoke_sync_function('${row.job}'); ` +
        "then read sync_runs / sync_errors for that job",
    };
  });
  const [due] = await sql<{ overdue: number }[]>`
    select count(*)::int as overdue from public.import_jobs j
    where public.import_job_is_due(j.status, j.run_after, j.locked_at) and j.run_after < now() - interval '5 minutes'`;
  results.push({
    name: "import queue",
    ok: due.overdue === 0,
    detail: due.overdue ? `${due.overdue} jobs due for over 5 minutes` : "nothing overdue",
    fix: "the import-artist cron job is not reaching the function: check cron last runs, pg_net and Vault above",
  });
  return results;
}
