-- sync_health_summary carries no error text, item keys, payloads or pg_cron
-- messages. Every place such text is stored gets a unique marker; the summary
-- a visitor reads must contain none of them, while the service role's
-- sync_health() shows the ones it is meant to (so the markers are reachable
-- and a leak would be caught).
begin;
\ir ../helpers/health_world.psql
select plan(6);

insert into sync_runs (job, trigger, started_at, finished_at, status, items_failed, stats, error)
values ('sync-setlists', 'cron', now() - interval '5 minutes', now(), 'failed', 1,
  '{"note": "LEAK-run-stats"}', 'LEAK-run-error');
insert into sync_errors (run_id, provider, item_key, message, details)
select id, 'setlistfm', 'LEAK-item-key', 'LEAK-item-message', '{"body": "LEAK-item-details"}'
from sync_runs where job = 'sync-setlists';
insert into cron_logs (job_name, status, details, duration_ms)
values ('sync-setlists', 'failed', '{"error": "LEAK-cron-log-details"}', 12);
insert into import_jobs (kind, dedupe_key, payload, status, attempts, last_error)
values ('artist_import', 'LEAK-dedupe-key', '{"name": "LEAK-import-payload"}', 'dead', 5, 'LEAK-import-error');
insert into cron.job_run_details (jobid, job_pid, database, username, command, status, return_message, start_time, end_time)
select jobid, 0, 'postgres', 'postgres', command, 'failed', 'LEAK-pg-cron-message', now() - interval '1 minute', now()
from cron.job where jobname = 'refresh-trending';

create function pg_temp.markers_in(document jsonb) returns text[] language sql immutable as $$
  select coalesce(array_agg(m order by m), '{}') from unnest(array[
    'LEAK-run-stats', 'LEAK-run-error', 'LEAK-item-key', 'LEAK-item-message', 'LEAK-item-details',
    'LEAK-cron-log-details', 'LEAK-dedupe-key', 'LEAK-import-payload', 'LEAK-import-error', 'LEAK-pg-cron-message'
  ]) m where strpos(document::text, m) > 0
$$;
-- every actor calls it: functions get no PUBLIC execute by default (catalog migration)
grant execute on function pg_temp.markers_in(jsonb) to public;

select tests.act_as('service');
select is(pg_temp.markers_in(sync_health()), array['LEAK-pg-cron-message', 'LEAK-run-error'],
  'the operator''s document shows the run''s error and pg_cron''s message');

select tests.act_as('anon');
select is(pg_temp.markers_in(sync_health_summary()), '{}'::text[], 'the public summary shows none of the stored text');
select is(sync_health_summary() ->> 'state', 'ERROR', 'yet says the sync is failing');
select is(sync_health_summary() -> 'reasons',
  '["job sync-setlists last logged failed", "pg_cron job refresh-trending last run failed", "sync job sync-setlists last run failed"]'::jsonb,
  'and why, in its own words');
select is((select array_agg(k order by k) from jsonb_object_keys(sync_health_summary() #> '{jobs,sync-setlists}') k),
  array['failed_24h', 'item_errors_24h', 'last_run', 'ok_24h', 'partial_24h', 'runs_24h'],
  'a job has its counts and last run only');
select is((select array_agg(k order by k) from jsonb_object_keys(sync_health_summary() #> '{jobs,sync-setlists,last_run}') k),
  array['finished_at', 'started_at', 'status'], 'the last run has no error field, not even an empty one');

select * from finish();
rollback;
