-- killed sync runs: a sync function records its own run (sync_runs), so a
-- worker the edge runtime ends mid-run (its wall clock, CPU or memory limit,
-- see supabase/functions/_shared/edge_limits.ts) leaves a row that says
-- 'running' forever. Each run now writes when its worker ends at the latest
-- (must_end_by: its start plus the wall-clock limit); a run still running
-- after that was killed, and close_killed_sync_runs closes it as failed with
-- the code worker_killed: the next run of any job calls it when it starts,
-- and the pg_cron job close-killed-sync-runs every minute. A closed run
-- counts as a failed run in sync_health like any other.
--
-- Refusal codes (P0001): none (the function takes no input it could refuse).

alter table public.sync_runs add column must_end_by timestamptz;
comment on column public.sync_runs.must_end_by is
  'When the edge runtime ends the run''s worker at the latest (start + the wall-clock limit the function ran under); a run still running past it (and close_killed_sync_runs'' grace) was killed. Null on rows from before the column: those get the longest hosted wall clock, 400 s.';
create index sync_runs_running_idx on public.sync_runs (started_at) where status = 'running';

create function public.close_killed_sync_runs()
returns integer
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  -- the clocks of the function and the database may differ a little; a run
  -- finishing right at its limit is still writing its end
  grace constant interval := interval '15 seconds';
  -- rows without must_end_by: the paid plans' wall clock, the longest a hosted worker lives
  longest_wall_clock constant interval := interval '400 seconds';
  closed record;
  closed_count integer := 0;
begin
  for closed in
    update public.sync_runs r
    set status = 'failed', finished_at = now(),
        error = format('worker_killed: still running %s after its worker had to end (%s); the edge runtime ended it',
          date_trunc('second', now() - coalesce(r.must_end_by, r.started_at + longest_wall_clock)),
          coalesce(r.must_end_by, r.started_at + longest_wall_clock)),
        stats = r.stats || jsonb_build_object('error_code', 'worker_killed')
    where r.status = 'running'
      and coalesce(r.must_end_by, r.started_at + longest_wall_clock) + grace < now()
    returning r.id, r.job, r.trigger, r.started_at, r.items_seen, r.items_written, r.items_failed, r.api_calls, r.error
  loop
    closed_count := closed_count + 1;
    insert into public.sync_run_events (run_id, level, event, fields)
    values (closed.id, 'error', 'sync_run_killed', jsonb_build_object('job', closed.job, 'run_id', closed.id,
      'code', 'worker_killed', 'message', closed.error));
    perform public.log_cron_run(closed.job, 'failed', jsonb_build_object(
      'run_id', closed.id, 'trigger', closed.trigger, 'code', 'worker_killed', 'error', closed.error,
      'items_seen', closed.items_seen, 'items_written', closed.items_written,
      'items_failed', closed.items_failed, 'api_calls', closed.api_calls),
      (extract(epoch from now() - closed.started_at) * 1000)::integer);
  end loop;
  return closed_count;
end
$$;
comment on function public.close_killed_sync_runs() is
  'Closes every sync run still running 15 s past its must_end_by (or 400 s after its start without one) as failed, error worker_killed: ..., stats.error_code worker_killed, with a sync_run_killed event and a failed log_cron_run for its job; returns how many it closed. Called by each sync run as it starts and every minute by the pg_cron job close-killed-sync-runs.';
revoke execute on function public.close_killed_sync_runs() from public, anon, authenticated;
grant execute on function public.close_killed_sync_runs() to service_role;

select cron.schedule('close-killed-sync-runs', '* * * * *', $$select public.close_killed_sync_runs()$$);
