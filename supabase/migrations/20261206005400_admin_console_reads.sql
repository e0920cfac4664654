-- admin console reads: what /admin shows, each an admin RPC (assert_admin
-- first; 42501 admin_required for anyone else). The operations tables stay
-- closed to the API roles; these functions are the only window onto them.
--
-- Refusal codes (P0001): invalid_max_rows (admin_page_size), invalid_run_status,
-- invalid_import_status, run_not_found.

create function public.admin_sync_runs(
  job text default null, status text default null, since timestamptz default null, until timestamptz default null,
  max_rows integer default 50)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform public.assert_admin();
  perform public.require_one_of(status, array['running', 'ok', 'partial', 'failed'], refusal => 'invalid_run_status',
    what => 'a run status', null_allowed => true);
  return coalesce((
    select jsonb_agg(to_jsonb(r) || jsonb_build_object('errors', (select count(*) from public.sync_errors e
                                                                    where e.run_id = r.id))
                     order by r.started_at desc, r.id desc)
    from (
      select * from public.sync_runs sr
      where (admin_sync_runs.job is null or sr.job = admin_sync_runs.job)
        and (admin_sync_runs.status is null or sr.status = admin_sync_runs.status)
        and (since is null or sr.started_at >= since)
        and (until is null or sr.started_at < until)
      order by sr.started_at desc, sr.id desc
      limit public.admin_page_size(max_rows)
    ) r), '[]'::jsonb);
end
$$;
comment on function public.admin_sync_runs(text, text, timestamptz, timestamptz, integer) is
  'Admin: sync runs, newest first, filtered by job, status and started_at in [since, until), at most max_rows (1-500, default 50); each run''s row plus its error count. Refuses invalid_run_status, invalid_max_rows.';
revoke execute on function public.admin_sync_runs(text, text, timestamptz, timestamptz, integer) from public, anon, authenticated;
grant execute on function public.admin_sync_runs(text, text, timestamptz, timestamptz, integer) to authenticated;

create function public.admin_sync_run(run_id bigint)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  run jsonb;
begin
  perform public.assert_admin();
  select to_jsonb(r) into run from public.sync_runs r where r.id = admin_sync_run.run_id;
  if run is null then
    perform public.refuse('run_not_found', format('There is no sync run %s.', run_id),
      'Use an id from admin_sync_runs.');
  end if;
  return jsonb_build_object(
    'run', run,
    'errors', coalesce((select jsonb_agg(to_jsonb(e) - 'run_id' order by e.id)
                        from (select * from public.sync_errors x where x.run_id = admin_sync_run.run_id
                              order by x.id limit 500) e), '[]'::jsonb),
    'events', coalesce((select jsonb_agg(to_jsonb(v) - 'run_id' order by v.id)
                        from public.sync_run_events v where v.run_id = admin_sync_run.run_id), '[]'::jsonb));
end
$$;
comment on function public.admin_sync_run(bigint) is
  'Admin: one sync run with its errors (first 500) and its log lines (sync_run_events). Refuses run_not_found.';
revoke execute on function public.admin_sync_run(bigint) from public, anon, authenticated;
grant execute on function public.admin_sync_run(bigint) to authenticated;

create function public.admin_import_jobs(status text default null, max_rows integer default 50)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform public.assert_admin();
  perform public.require_one_of(status, array['queued', 'running', 'done', 'dead'], refusal => 'invalid_import_status',
    what => 'an import job status', null_allowed => true);
  return coalesce((
    select jsonb_agg(to_jsonb(j) - 'payload' || jsonb_build_object('artist_name', a.name)
                     order by j.created_at desc, j.id desc)
    from (
      select * from public.import_jobs ij
      where admin_import_jobs.status is null or ij.status = admin_import_jobs.status
      order by ij.created_at desc, ij.id desc
      limit public.admin_page_size(max_rows)
    ) j
    left join public.artists a on a.id = j.artist_id), '[]'::jsonb);
end
$$;
comment on function public.admin_import_jobs(text, integer) is
  'Admin: the import queue, newest first, optionally one status (queued, running, done, dead), at most max_rows (1-500, default 50), with last_error and the artist''s name; the payload stays out. Refuses invalid_import_status, invalid_max_rows.';
revoke execute on function public.admin_import_jobs(text, integer) from public, anon, authenticated;
grant execute on function public.admin_import_jobs(text, integer) to authenticated;

create function public.admin_provider_status()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform public.assert_admin();
  return (
    select jsonb_object_agg(p.provider, jsonb_build_object(
      -- the daily budget per API key, spent by every run and proxy call (UTC day)
      'requests_today', (select coalesce(sum(u.requests), 0) from public.api_usage u
                         where u.provider = p.provider and u.day = (now() at time zone 'UTC')::date),
      -- the budget the functions spend against, as the last request today reported it (per key; the largest)
      'daily_limit_today', (select max(u.daily_limit) from public.api_usage u
                            where u.provider = p.provider and u.day = (now() at time zone 'UTC')::date),
      -- what the sync runs' HTTP client counted over 24 hours (sync_runs.stats.calls)
      'calls_24h', (
        select jsonb_build_object(
          'requests', coalesce(sum((r.stats #>> array['calls', p.provider, 'requests'])::integer), 0),
          'cache_hits', coalesce(sum((r.stats #>> array['calls', p.provider, 'cache_hits'])::integer), 0),
          'retries', coalesce(sum((r.stats #>> array['calls', p.provider, 'retries'])::integer), 0),
          'rate_limited', coalesce(sum((r.stats #>> array['calls', p.provider, 'rate_limited'])::integer), 0),
          'failures', coalesce(sum((r.stats #>> array['calls', p.provider, 'failures'])::integer), 0))
        from public.sync_runs r where r.started_at > now() - interval '24 hours'),
      'last_rate_limited_at', (
        select max(r.started_at) from public.sync_runs r
        where (r.stats #>> array['calls', p.provider, 'rate_limited'])::integer > 0),
      -- the circuit breaker lives in each function instance's memory; what
      -- outlives it is the items it failed fast, recorded as code circuit_open
      'circuit_open_errors_1h', (
        select count(*) from public.sync_errors e
        where e.provider = p.provider and e.details ->> 'code' = 'circuit_open'
          and e.created_at > now() - interval '1 hour'),
      'last_circuit_open_at', (
        select max(e.created_at) from public.sync_errors e
        where e.provider = p.provider and e.details ->> 'code' = 'circuit_open')))
    from (values ('ticketmaster'), ('spotify'), ('setlistfm')) p (provider));
end
$$;
comment on function public.admin_provider_status() is
  'Admin: per provider the requests spent today (api_usage, UTC day) and the daily limit they were spent against, the sync runs'' HTTP counters over 24 hours (requests, cache hits, retries, 429s, failures), when a run last met a 429, and the items failed fast by an open circuit breaker in the last hour (sync_errors code circuit_open) and when last.';
revoke execute on function public.admin_provider_status() from public, anon, authenticated;
grant execute on function public.admin_provider_status() to authenticated;

create function public.admin_cron_jobs()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform public.assert_admin();
  return coalesce((
    select jsonb_agg(jsonb_build_object(
        'job', j.jobname, 'schedule', j.schedule, 'active', j.active, 'command', j.command,
        'runs', coalesce((
          select jsonb_agg(jsonb_build_object('status', d.status, 'start_time', d.start_time,
                                              'end_time', d.end_time, 'message', d.return_message)
                           order by d.start_time desc)
          from (select * from cron.job_run_details x where x.jobid = j.jobid
                order by x.start_time desc nulls last, x.runid desc limit 5) d), '[]'::jsonb))
      order by j.jobname)
    from cron.job j), '[]'::jsonb);
end
$$;
comment on function public.admin_cron_jobs() is
  'Admin: every pg_cron job (name, schedule, active, command) with its last 5 runs from cron.job_run_details (status, start and end time, return message). The next run follows from the schedule.';
revoke execute on function public.admin_cron_jobs() from public, anon, authenticated;
grant execute on function public.admin_cron_jobs() to authenticated;

create function public.admin_sync_health(hours integer default 24)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform public.assert_admin();
  return public.sync_health(hours) || jsonb_build_object('history', public.sync_health_history(30));
end
$$;
comment on function public.admin_sync_health(integer) is
  'Admin: the whole sync_health(hours) document (error text included) plus the 30-day history.';
revoke execute on function public.admin_sync_health(integer) from public, anon, authenticated;
grant execute on function public.admin_sync_health(integer) to authenticated;
