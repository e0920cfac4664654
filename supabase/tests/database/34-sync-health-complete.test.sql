-- sync_health on complete data is PERFECT until something fails
begin;
\ir ../helpers/fixtures.sql
\ir ../helpers/empty_world.sql
\ir ../helpers/health_world.sql
select plan(7);

select tests.act_as('service');
select is(sync_health() ->> 'state', 'PERFECT', 'complete, fresh and without failures: PERFECT');
select is((sync_health() ->> 'coverage')::numeric, 1.0000, 'coverage 100%');
select is(sync_health() #>> '{jobs,sync-popular-tours,last_run,status}', 'ok', 'the tour sync''s last run is reported');

-- a failure earlier today caps the state at GOOD
insert into sync_runs (job, trigger, started_at, finished_at, status, error)
values ('sync-setlists', 'cron', now() - interval '3 hours', now() - interval '3 hours', 'failed', 'setlist.fm 503');
insert into sync_runs (job, trigger, started_at, finished_at, status)
values ('sync-setlists', 'cron', now() - interval '2 hours', now() - interval '2 hours', 'ok');
select is(sync_health() ->> 'state', 'GOOD', 'a failure in the last 24 hours lowers PERFECT to GOOD');
select is(sync_health() #>> '{jobs,sync-setlists,failed_24h}', '1', 'and is counted for its job');

-- the latest run of a job failing is an error
insert into sync_runs (job, trigger, started_at, finished_at, status, error)
values ('sync-setlists', 'cron', now() - interval '1 minute', now(), 'failed', 'setlist.fm 503');
select is(sync_health() ->> 'state', 'ERROR', 'a job whose last run failed is an ERROR');
select is(sync_health() -> 'reasons', '["sync job sync-setlists last run failed"]'::jsonb, 'naming the job');

select * from finish();
rollback;
