-- sync_health_summary's shape for anyone: on an empty database, and with runs
-- of two jobs (per job: last run and 24 h counts; an hourly series of 48 hours)
begin;
\ir ../helpers/empty_world.psql
select plan(15);

-- empty: every section is there, nothing is invented
select tests.act_as('anon');
select is((select array_agg(k order by k) from jsonb_object_keys(sync_health_summary()) k),
  array['counted_at', 'coverage', 'freshness', 'gaps', 'generated_at', 'jobs', 'reasons', 'scores', 'series', 'state', 'totals'],
  'the summary''s sections');
select is(sync_health_summary() -> 'jobs', '{}'::jsonb, 'no runs, no jobs');
select is(sync_health_summary() -> 'freshness',
  '{"catalogs_fresh_share": null, "last_tour_sync_at": null, "upcoming_seen_by_last_tour_sync_share": null}'::jsonb,
  'freshness is unknown, not invented');
select is(jsonb_array_length(sync_health_summary() -> 'series'), 48, 'the series has one entry per hour of 48');
select is(
  (select jsonb_agg(distinct e - 'bucket') from jsonb_array_elements(sync_health_summary() -> 'series') e),
  '[{"runs": 0, "failed": 0, "items": 0}]'::jsonb, 'every hour of an empty database is zero');
select is(
  (select array[min((e ->> 'bucket')::timestamptz), max((e ->> 'bucket')::timestamptz)]
   from jsonb_array_elements(sync_health_summary() -> 'series') e),
  array[date_trunc('hour', now(), 'UTC') - interval '47 hours', date_trunc('hour', now(), 'UTC')],
  'from 47 hours before the current hour to the current hour');

-- populated: the health world's tour sync an hour ago (2 items written), a
-- setlists run that failed 3 hours ago and one that went ok 2 hours ago, and
-- a run 3 days ago that is outside every window
select tests.act_as('owner');
\ir ../helpers/health_world.psql
insert into sync_runs (job, trigger, started_at, finished_at, status, items_seen, items_written, items_failed, error)
values
  ('sync-setlists', 'cron', now() - interval '3 hours', now() - interval '3 hours' + interval '5 seconds', 'failed', 0, 0, 0,
    'setlist.fm 503'),
  ('sync-setlists', 'cron', now() - interval '2 hours', now() - interval '2 hours' + interval '9 seconds', 'partial', 30, 27, 3,
    null),
  ('sync-setlists', 'cron', now() - interval '3 days', now() - interval '3 days', 'ok', 5, 5, 0, null);
insert into sync_errors (run_id, provider, item_key, message)
select id, 'setlistfm', 'mbid-x', 'not found' from sync_runs where status = 'partial';

select tests.act_as('anon');
select is((select array_agg(k order by k) from jsonb_object_keys(sync_health_summary() -> 'jobs') k),
  array['sync-popular-tours', 'sync-setlists'], 'one entry per sync job');
select is(sync_health_summary() #> '{jobs,sync-setlists}',
  jsonb_build_object(
    'last_run', jsonb_build_object('started_at', now() - interval '2 hours',
      'finished_at', now() - interval '2 hours' + interval '9 seconds', 'status', 'partial'),
    'runs_24h', 2, 'ok_24h', 0, 'partial_24h', 1, 'failed_24h', 1, 'item_errors_24h', 1),
  'a job: its last run and its counts over 24 hours');
select is(sync_health_summary() #>> '{jobs,sync-popular-tours,last_run,status}', 'ok', 'the tour sync''s last run');
select is((sync_health_summary() #>> '{freshness,last_tour_sync_at}')::timestamptz, now() - interval '1 hour',
  'the last tour sync''s time');
select is(sync_health_summary() #> '{freshness,catalogs_fresh_share}', '1'::jsonb, 'the fresh catalogs'' share');

create function pg_temp.hour_of(ago interval) returns jsonb language sql stable as $$
  select e - 'bucket' from jsonb_array_elements(public.sync_health_summary() -> 'series') e
  where (e ->> 'bucket')::timestamptz = date_trunc('hour', now() - ago, 'UTC')
$$;
select is(
  (select jsonb_build_object('runs', sum((e ->> 'runs')::int), 'failed', sum((e ->> 'failed')::int),
     'items', sum((e ->> 'items')::int))
   from jsonb_array_elements(sync_health_summary() -> 'series') e),
  '{"runs": 3, "failed": 1, "items": 29}'::jsonb,
  'the series counts the runs of the last 48 hours, their failures and items, not the run 3 days ago');
-- runs exactly an hour apart always fall into different hours
select is(
  jsonb_build_array(pg_temp.hour_of('1 hour'), pg_temp.hour_of('2 hours'), pg_temp.hour_of('3 hours')),
  '[{"runs": 1, "failed": 0, "items": 2}, {"runs": 1, "failed": 0, "items": 27}, {"runs": 1, "failed": 1, "items": 0}]'::jsonb,
  'each run is in the hour it started');
select is(pg_temp.hour_of('30 hours'), '{"runs": 0, "failed": 0, "items": 0}'::jsonb, 'an hour without runs is zero');

select set_config('tests.anon_summary', sync_health_summary()::text, true);
select tests.act_as('alice');
select is(sync_health_summary(), current_setting('tests.anon_summary')::jsonb,
  'a signed-in fan reads the same summary as a visitor');

select * from finish();
rollback;
