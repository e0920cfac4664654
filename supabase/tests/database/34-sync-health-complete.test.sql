-- sync_health on complete data is PERFECT until something fails
begin;
\ir ../helpers/health_world.psql
select plan(9);

select tests.act_as('service');
select is(sync_health() ->> 'state', 'PERFECT', 'complete, fresh and without failures: PERFECT');
select is((sync_health() ->> 'coverage')::numeric, 1.0000, 'coverage 100%');
select is(sync_health() #>> '{jobs,sync-popular-tours,last_run,status}', 'ok', 'the tour sync''s last run is reported');

-- nineteen more complete artists, one of whose catalogs is stale: fresh share
-- 19/20, coverage (1 + .95 + 1 + 1 + 1 + 1) / 6 = 99.2%
insert into artists (name, slug, songs_synced_at)
select 'Complete ' || n, 'complete-' || n, case when n = 1 then now() - interval '4 days' else now() end
from generate_series(1, 19) n;
insert into songs (artist_id, title) select id, 'Only Song' from artists where slug like 'complete-%';
select from refresh_sync_health_census();
select is(sync_health() ->> 'state', 'EXCELLENT', 'from 95% it is EXCELLENT');
update artists set songs_synced_at = now() where slug like 'complete-%';
select from refresh_sync_health_census();

-- a failure earlier today caps the state at GOOD
insert into sync_runs (job, trigger, started_at, finished_at, status, error)
values ('sync-setlists', 'cron', now() - interval '3 hours', now() - interval '3 hours', 'failed', 'setlist.fm 503');
insert into sync_runs (job, trigger, started_at, finished_at, status)
values ('sync-setlists', 'cron', now() - interval '2 hours', now() - interval '2 hours', 'ok');
select is(sync_health() ->> 'state', 'GOOD', 'a failure in the last 24 hours lowers PERFECT to GOOD');
select is(sync_health() #>> '{jobs,sync-setlists,failed_in_window}', '1', 'and is counted for its job');

-- the latest run of a job failing is an error
insert into sync_runs (job, trigger, started_at, finished_at, status, error)
values ('sync-setlists', 'cron', now() - interval '1 minute', now(), 'failed', 'setlist.fm 503');
select is(sync_health() ->> 'state', 'ERROR', 'a job whose last run failed is an ERROR');
select is(sync_health() -> 'reasons', '["sync job sync-setlists last run failed"]'::jsonb, 'naming the job');

-- so is an active pg_cron job whose last run failed
select tests.act_as('owner');
delete from sync_runs where job = 'sync-setlists';
insert into cron.job_run_details (jobid, job_pid, database, username, command, status, return_message, start_time, end_time)
select jobid, 0, 'postgres', 'postgres', command, 'failed', 'ERROR: boom', now() - interval '1 minute', now()
from cron.job where jobname = 'refresh-trending';
select tests.act_as('service');
select is(sync_health() -> 'reasons', '["pg_cron job refresh-trending last run failed"]'::jsonb,
  'a failed pg_cron run is an ERROR too');

select * from finish();
rollback;
