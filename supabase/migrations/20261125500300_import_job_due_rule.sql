-- One definition of "an import job is due", for the worker and for the cron job.
--
-- claim_import_jobs (which jobs a worker takes) and import_queue_due (whether
-- the every-minute cron job calls import-artist at all) each spelled the rule
-- out, 15-minute abandonment included; had they drifted apart, the cron job
-- would either skip due jobs or call the function for nothing. Both now call
-- import_job_is_due. The project's rule of an empty search_path keeps the
-- planner from inlining it, so both first narrow to live jobs (queued or
-- running) by the plain column and call it only for those.

create function public.import_job_is_due(status text, run_after timestamptz, locked_at timestamptz)
returns boolean
language sql
stable
set search_path = ''
as $$
  select (status = 'queued' and run_after <= now())
    -- a worker that died mid-job leaves it running; after 15 minutes it is
    -- claimable again and the lost attempt counts
    or (status = 'running' and locked_at < now() - interval '15 minutes')
$$;
comment on function public.import_job_is_due(text, timestamptz, timestamptz) is
  'Whether an import job with this status, run_after and locked_at is due now: queued and past run_after, or running but abandoned by its worker for over 15 minutes. The one rule claim_import_jobs and import_queue_due share.';
revoke execute on function public.import_job_is_due(text, timestamptz, timestamptz) from public, anon, authenticated;
grant execute on function public.import_job_is_due(text, timestamptz, timestamptz) to service_role;

create or replace function public.claim_import_jobs(kind text, max_jobs integer)
returns setof public.import_jobs
language plpgsql
security invoker
set search_path = ''
as $$
#variable_conflict use_column
begin
  if max_jobs is null or max_jobs < 1 or max_jobs > 100 then
    raise exception using errcode = 'P0001', message = 'invalid_max_jobs',
      detail = format('Cannot claim %s jobs at once.', coalesce(max_jobs::text, 'null')),
      hint = 'Claim between 1 and 100 jobs.';
  end if;
  return query
  with claimable as (
    select j.id
    from public.import_jobs j
    where j.kind = claim_import_jobs.kind
      and j.status in ('queued', 'running')
      and public.import_job_is_due(j.status, j.run_after, j.locked_at)
    order by j.run_after, j.id
    limit max_jobs
    for update skip locked
  )
  update public.import_jobs j
  set status = 'running', attempts = j.attempts + 1, locked_at = now(), updated_at = now()
  from claimable
  where j.id = claimable.id
  returning j.*;
end
$$;
comment on function public.claim_import_jobs(text, integer) is
  'Claims up to max_jobs (1-100) due jobs of one kind, oldest run_after first, skipping rows another worker holds (for update skip locked): marks them running, sets locked_at and increments attempts. A job left running for over 15 minutes (its worker died) is claimable again.';
revoke execute on function public.claim_import_jobs(text, integer) from public, anon, authenticated;
grant execute on function public.claim_import_jobs(text, integer) to service_role;

create or replace function public.import_queue_due()
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select 1 from public.import_jobs j
    where j.status in ('queued', 'running') and public.import_job_is_due(j.status, j.run_after, j.locked_at))
$$;
