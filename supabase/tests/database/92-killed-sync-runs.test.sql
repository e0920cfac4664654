-- a sync run whose worker the edge runtime ended (it never wrote its end) is
-- closed as failed, worker_killed, once past its must_end_by: by
-- close_killed_sync_runs, which every run calls as it starts and pg_cron runs
-- every minute; the closed run then counts as a failed run in sync_health.
-- A run still inside its limit, and a finished one, are left alone.
begin;
\ir ../helpers/health_world.psql
select plan(15);

select is(
  (select schedule || ' ' || command from cron.job where jobname = 'close-killed-sync-runs'),
  '* * * * * select public.close_killed_sync_runs()', 'pg_cron closes killed runs every minute');

insert into sync_runs (id, job, trigger, started_at, must_end_by, status, items_seen, items_written, api_calls)
overriding system value values
  -- killed: its worker had to end 5 minutes ago
  (910001, 'sync-setlists', 'cron', now() - interval '8 minutes', now() - interval '5 minutes', 'running', 7, 3, 9),
  -- from before must_end_by: judged by the longest hosted wall clock, 400 s
  (910002, 'sync-artist-songs', 'cron', now() - interval '7 minutes', null, 'running', 0, 0, 0),
  -- inside its limit (and inside the 15 s grace after it): still working
  (910003, 'sync-setlists', 'cron', now() - interval '2 minutes', now() + interval '30 seconds', 'running', 1, 0, 1),
  (910004, 'sync-setlists', 'cron', now() - interval '150 seconds', now() - interval '5 seconds', 'running', 1, 0, 1),
  (910005, 'sync-artist-songs', 'cron', now() - interval '300 seconds', null, 'running', 0, 0, 0);
insert into sync_runs (id, job, trigger, started_at, finished_at, must_end_by, status)
overriding system value values
  (910006, 'sync-setlists', 'cron', now() - interval '1 hour', now() - interval '59 minutes', now() - interval '58 minutes', 'ok');

select tests.act_as('service');
select is((sync_health() #>> '{scores,error_rate,failed}')::int, 0, 'before: a run left running is no failure');

select is(close_killed_sync_runs(), 2, 'the two runs past their limit are closed');
select results_eq(
  $$ select id::int, status, stats ->> 'error_code', finished_at is not null from sync_runs
     where id between 910001 and 910006 order by id $$,
  $$ values (910001, 'failed', 'worker_killed', true), (910002, 'failed', 'worker_killed', true),
            (910003, 'running', null, false), (910004, 'running', null, false),
            (910005, 'running', null, false), (910006, 'ok', null, true) $$,
  'closed as failed with the code worker_killed; the live and the finished runs are untouched');
select ok((select error like 'worker_killed: still running % after its worker had to end %' from sync_runs where id = 910001),
  'the error names the code and says since when');
select is((select items_seen from sync_runs where id = 910001), 7, 'what the run counted before it died stays');
select is(
  (select fields ->> 'code' from sync_run_events where run_id = 910001 and event = 'sync_run_killed'),
  'worker_killed', 'the run''s log says it was killed');
select results_eq(
  $$ select status, details ->> 'code', (details ->> 'items_written')::int from cron_logs
     where job_name = 'sync-setlists' and details ->> 'run_id' = '910001' $$,
  $$ values ('failed', 'worker_killed', 3) $$,
  'and its job logs a failed run');
select is(close_killed_sync_runs(), 0, 'closing again closes nothing');

-- sync_health counts the closed runs as failures
select is((sync_health() #>> '{scores,error_rate,failed}')::int, 2, 'after: both killed runs are failures');
select ok(sync_health() ->> 'state' <> 'PERFECT', 'and the health is no longer perfect');

-- the live run becomes killed once its limit and the grace have passed
update sync_runs set must_end_by = now() - interval '16 seconds' where id = 910003;
select is(close_killed_sync_runs(), 1, 'a run 16 s past its must_end_by is closed');
select is((select status from sync_runs where id = 910004), 'running', 'a run 5 s past it is still writing its end');

-- who may call it
select tests.act_as('anon');
select throws_ok($$ select close_killed_sync_runs() $$, '42501', null, 'anon may not');
select tests.act_as('alice');
select throws_ok($$ select close_killed_sync_runs() $$, '42501', null, 'a signed-in fan may not');

select * from finish();
rollback;
