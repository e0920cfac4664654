-- runs made by tests (trigger 'test') do not count in sync_health() or the
-- status page's summary; the same runs made by cron do
begin;
\ir ../helpers/health_world.psql
select plan(10);

-- a test's failed setlists run and its log, an hour ago
insert into sync_runs (id, job, trigger, started_at, finished_at, status, error)
overriding system value
values (900001, 'sync-setlists', 'test', now() - interval '1 hour', now() - interval '1 hour', 'failed', 'fault injected');
insert into sync_errors (run_id, provider, message) values (900001, 'setlistfm', 'fault injected');
insert into cron_logs (job_name, status, details) values ('sync-setlists', 'failed', '{"trigger": "test", "run_id": 900001}');

select tests.act_as('service');
select is(sync_health() ->> 'state', 'PERFECT', 'a test''s failed run leaves production PERFECT');
select is(sync_health() -> 'jobs' -> 'sync-setlists', null, 'the job has no production runs to show');
select is(sync_health() #>> '{scores,error_rate,runs}', '1', 'the error rate counts the one production run');
select is((select sum((e ->> 'runs')::int) from jsonb_array_elements(sync_health() -> 'series') e), 1::bigint,
  'the hourly series leaves it out');
select tests.act_as('anon');
select is(sync_health_summary() ->> 'state', 'PERFECT', 'so does the status page');

-- the same run, made by cron, is production's failure
select tests.act_as('owner');
update sync_runs set trigger = 'cron' where id = 900001;
update cron_logs set details = '{"trigger": "cron", "run_id": 900001}' where job_name = 'sync-setlists';
select tests.act_as('service');
select is(sync_health() ->> 'state', 'ERROR', 'a cron run that failed is an ERROR');
select is(sync_health() -> 'reasons', '["job sync-setlists last logged failed", "sync job sync-setlists last run failed"]'::jsonb,
  'naming the run and the log');
select is(sync_health() #>> '{jobs,sync-setlists,item_errors_in_window}', '1', 'its item errors count');
select is(sync_health() #>> '{scores,error_rate,failed}', '1', 'and the error rate sees it');
select tests.act_as('anon');
select is(sync_health_summary() #>> '{jobs,sync-setlists,failed_24h}', '1', 'and so does the status page');

select * from finish();
rollback;
