-- operations functions: log_cron_run (the outcome of every scheduled job) and
-- the on-demand import queue (enqueue, claim, report progress, complete, fail
-- with backoff). All are for the service role and the database's own jobs;
-- import_job_status is the one safe window the SPA gets into the queue.
--
-- Refusals raise P0001 with a stable code in the message (each a row of
-- public.refusal_codes): invalid_job_name, invalid_job_status,
-- invalid_duration,
-- invalid_import_kind, invalid_dedupe_key, invalid_max_jobs,
-- import_job_not_found, import_job_not_running.

create function public.log_cron_run(job_name text, status text, details jsonb, duration_ms integer)
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
declare
  logged_id bigint;
begin
  if job_name is null or btrim(job_name) = '' then
    perform public.refuse('invalid_job_name', 'A cron log needs the name of the job that ran.',
      'Pass the job''s name, e.g. refresh_trending.');
  end if;
  perform public.require_one_of(status, array['ok', 'partial', 'failed', 'skipped'], refusal => 'invalid_job_status',
    what => 'a job status');
  if duration_ms < 0 then
    perform public.refuse('invalid_duration', format('A job cannot take %s ms.', duration_ms),
      'Pass the run''s duration in milliseconds (0 or more), or null.');
  end if;
  insert into public.cron_logs (job_name, status, details, duration_ms)
  values (btrim(log_cron_run.job_name), log_cron_run.status, coalesce(details, '{}'::jsonb), log_cron_run.duration_ms)
  returning id into logged_id;
  return logged_id;
end
$$;
comment on function public.log_cron_run(text, text, jsonb, integer) is
  'Records one run of a scheduled job in cron_logs and returns its id. status: ok, partial, failed or skipped; details: any JSON the job wants operators to see; duration_ms >= 0 or null. Refuses invalid_job_name, invalid_job_status and invalid_duration.';
revoke execute on function public.log_cron_run(text, text, jsonb, integer) from public, anon, authenticated;
grant execute on function public.log_cron_run(text, text, jsonb, integer) to service_role;

-- ---------------------------------------------------------------------------
-- import queue
-- ---------------------------------------------------------------------------

create function public.enqueue_import(kind text, dedupe_key text, payload jsonb, artist_id uuid default null)
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
#variable_conflict use_column
declare
  job_id bigint;
begin
  perform public.require_one_of(kind, array['artist_import', 'catalog_sync'], refusal => 'invalid_import_kind',
    what => 'a kind of import job');
  if dedupe_key is null or btrim(dedupe_key) = '' then
    perform public.refuse('invalid_dedupe_key', 'An import job needs a key that names what it imports.',
      'Use the provider key, e.g. tm:<attraction id> or artist:<uuid>.');
  end if;
  -- a live job (queued or running) with the same key is joined, not duplicated;
  -- the loop covers the moment a live job finishes between our two statements
  for attempt in 1..3 loop
    insert into public.import_jobs (kind, dedupe_key, payload, artist_id)
    values (enqueue_import.kind, enqueue_import.dedupe_key, coalesce(enqueue_import.payload, '{}'::jsonb), enqueue_import.artist_id)
    on conflict (kind, dedupe_key) where status in ('queued', 'running') do nothing
    returning id into job_id;
    if job_id is not null then
      return job_id;
    end if;
    select j.id into job_id
    from public.import_jobs j
    where j.kind = enqueue_import.kind and j.dedupe_key = enqueue_import.dedupe_key
      and j.status in ('queued', 'running');
    if job_id is not null then
      return job_id;
    end if;
  end loop;
  raise exception 'enqueue_import(%, %) could neither insert nor find a live job', kind, dedupe_key;
end
$$;
comment on function public.enqueue_import(text, text, jsonb, uuid) is
  'Queues an on-demand import (kind artist_import or catalog_sync) and returns the job id. A queued or running job with the same (kind, dedupe_key) is joined: its id is returned and the new payload is ignored. A job that is done or dead does not block a new one.';
revoke execute on function public.enqueue_import(text, text, jsonb, uuid) from public, anon, authenticated;
grant execute on function public.enqueue_import(text, text, jsonb, uuid) to service_role;

-- One definition of "an import job is due", for the worker (claim_import_jobs)
-- and for the every-minute cron job (import_queue_due), so the two cannot drift
-- apart. The project's rule of an empty search_path keeps the planner from
-- inlining it, so both first narrow to live jobs (queued or running) by the
-- plain column and call it only for those.
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

create function public.claim_import_jobs(kind text, max_jobs integer)
returns setof public.import_jobs
language plpgsql
security invoker
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform public.require_between(max_jobs, 1, 100, refusal => 'invalid_max_jobs',
    detail_format => 'Cannot claim %s jobs at once.', hint => 'Claim between 1 and 100 jobs.');
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

-- shared guard: the job exists and is running (the worker holds its claim)
create function public.running_import_job(job_id bigint)
returns public.import_jobs
language plpgsql
security invoker
set search_path = ''
as $$
declare
  job public.import_jobs;
begin
  select * into job from public.import_jobs j where j.id = running_import_job.job_id for update;
  if not found then
    perform public.refuse('import_job_not_found', format('There is no import job %s.', coalesce(job_id::text, 'null')),
      'Use an id returned by enqueue_import or claim_import_jobs.');
  end if;
  if job.status <> 'running' then
    perform public.refuse('import_job_not_running', format('Import job %s is %s, not running.', job.id, job.status),
      'Only a job claimed with claim_import_jobs can be reported on, completed or failed.');
  end if;
  return job;
end
$$;
comment on function public.running_import_job(bigint) is
  'Locks and returns an import job, refusing with import_job_not_found or import_job_not_running. Used by the progress, complete and fail functions.';
revoke execute on function public.running_import_job(bigint) from public, anon, authenticated;
grant execute on function public.running_import_job(bigint) to service_role;

create function public.report_import_progress(job_id bigint, progress jsonb)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform public.running_import_job(job_id);
  update public.import_jobs j
  set progress = j.progress || coalesce(report_import_progress.progress, '{}'::jsonb), locked_at = now(), updated_at = now()
  where j.id = report_import_progress.job_id;
end
$$;
comment on function public.report_import_progress(bigint, jsonb) is
  'Merges progress into a running job''s progress (so the SPA can show it through import_job_status) and renews the claim''s locked_at.';
revoke execute on function public.report_import_progress(bigint, jsonb) from public, anon, authenticated;
grant execute on function public.report_import_progress(bigint, jsonb) to service_role;

create function public.complete_import_job(job_id bigint, progress jsonb default '{}')
returns void
language plpgsql
security invoker
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform public.running_import_job(job_id);
  update public.import_jobs j
  set status = 'done', progress = j.progress || coalesce(complete_import_job.progress, '{}'::jsonb),
      finished_at = now(), locked_at = null, updated_at = now()
  where j.id = complete_import_job.job_id;
end
$$;
comment on function public.complete_import_job(bigint, jsonb) is
  'Marks a running job done, merging the final progress into progress.';
revoke execute on function public.complete_import_job(bigint, jsonb) from public, anon, authenticated;
grant execute on function public.complete_import_job(bigint, jsonb) to service_role;

create function public.fail_import_job(job_id bigint, error text)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
declare
  job public.import_jobs;
begin
  job := public.running_import_job(job_id);
  if job.attempts >= job.max_attempts then
    update public.import_jobs j
    set status = 'dead', last_error = fail_import_job.error, finished_at = now(), locked_at = null, updated_at = now()
    where j.id = job.id;
  else
    -- 30 s after the first failed attempt, doubling each time, at most an hour
    update public.import_jobs j
    set status = 'queued', last_error = fail_import_job.error, locked_at = null, updated_at = now(),
        run_after = now() + least(interval '30 seconds' * power(2, job.attempts - 1), interval '1 hour')
    where j.id = job.id;
  end if;
end
$$;
comment on function public.fail_import_job(bigint, text) is
  'Records a failed attempt of a running job. Under max_attempts it goes back to queued with run_after = now() + 30 s * 2^(attempts - 1), capped at 1 hour (30 s, 1 min, 2 min, 4 min, ...); at max_attempts it is dead. The error is kept in last_error.';
revoke execute on function public.fail_import_job(bigint, text) from public, anon, authenticated;
grant execute on function public.fail_import_job(bigint, text) to service_role;

-- the SPA polls this while an import it started fills the page in
create function public.import_job_status(job_id bigint)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', j.id,
    'kind', j.kind,
    'artist_id', j.artist_id,
    'status', j.status,
    'attempts', j.attempts,
    'progress', j.progress,
    'created_at', j.created_at,
    'finished_at', j.finished_at)
  from public.import_jobs j
  where j.id = import_job_status.job_id
$$;
comment on function public.import_job_status(bigint) is
  'What anyone may know about one import job: kind, artist, status, attempts, progress and times (null when there is no such job). Never the payload or the error text, which may hold provider detail.';
revoke execute on function public.import_job_status(bigint) from public;
grant execute on function public.import_job_status(bigint) to anon, authenticated, service_role;
