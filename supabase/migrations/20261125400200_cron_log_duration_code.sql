-- log_cron_run refuses a negative duration with its own code, invalid_duration,
-- instead of reusing invalid_job_status (which names a different mistake).
--
-- Refusal codes (P0001): invalid_job_name, invalid_job_status, invalid_duration.

create or replace function public.log_cron_run(job_name text, status text, details jsonb, duration_ms integer)
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
declare
  logged_id bigint;
begin
  if job_name is null or btrim(job_name) = '' then
    raise exception using errcode = 'P0001', message = 'invalid_job_name',
      detail = 'A cron log needs the name of the job that ran.',
      hint = 'Pass the job''s name, e.g. refresh_trending.';
  end if;
  if status is null or status not in ('ok', 'partial', 'failed', 'skipped') then
    raise exception using errcode = 'P0001', message = 'invalid_job_status',
      detail = format('%L is not a job status.', status),
      hint = 'Use ok, partial, failed or skipped.';
  end if;
  if duration_ms < 0 then
    raise exception using errcode = 'P0001', message = 'invalid_duration',
      detail = format('A job cannot take %s ms.', duration_ms),
      hint = 'Pass the run''s duration in milliseconds (0 or more), or null.';
  end if;
  insert into public.cron_logs (job_name, status, details, duration_ms)
  values (btrim(log_cron_run.job_name), log_cron_run.status, coalesce(details, '{}'::jsonb), log_cron_run.duration_ms)
  returning id into logged_id;
  return logged_id;
end
$$;
comment on function public.log_cron_run(text, text, jsonb, integer) is
  'Records one run of a scheduled job in cron_logs and returns its id. status: ok, partial, failed or skipped; details: any JSON the job wants operators to see; duration_ms >= 0 or null. Refuses invalid_job_name, invalid_job_status and invalid_duration.';
