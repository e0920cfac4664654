-- the state's daily history: recorded hourly by pg_cron, each day keeps its
-- latest and its worst state, 30 days read by anyone with gaps left as gaps
begin;
\ir ../helpers/health_world.psql
select plan(11);

select tests.act_as('owner');
-- pg_cron's own hourly sample waits until this test rolls back, instead of landing in the middle of it
lock table sync_health_history in exclusive mode;
delete from sync_health_history;
select is((select schedule from cron.job where jobname = 'record-sync-health'), '55 * * * *', 'recorded hourly');

select tests.act_as('service');
select is(record_sync_health() ->> 'state', 'PERFECT', 'a sample is today''s state');
-- the last run failing: ERROR, then mended: PERFECT again, later the same day
select tests.act_as('owner');
insert into sync_runs (id, job, trigger, started_at, finished_at, status) overriding system value
values (900101, 'sync-setlists', 'cron', now() - interval '5 minutes', now() - interval '5 minutes', 'failed');
select tests.act_as('service');
select is(record_sync_health() ->> 'state', 'ERROR', 'a failure is sampled');
select tests.act_as('owner');
delete from sync_runs where id = 900101;
select tests.act_as('service');
select record_sync_health() is not null as sampled \gset
select tests.act_as('owner');
select is((select jsonb_build_object('state', state, 'worst', worst_state, 'samples', samples) from sync_health_history),
  '{"state": "PERFECT", "worst": "ERROR", "samples": 3}'::jsonb, 'the day keeps its latest and its worst state');
select is((select scores from sync_health_history),
  '{"error_rate": "good", "catalog_coverage": "good", "setlist_coverage": "good", "venue_timezones": "good", "trending_freshness": "good"}'::jsonb,
  'and the sub-scores'' states');

-- 30 days, oldest first, a day without samples is a gap
insert into sync_health_history (day, state, worst_state, coverage)
values ((now() at time zone 'UTC')::date - 3, 'FAIR', 'POOR', 0.75);
select tests.act_as('anon');
select is(jsonb_array_length(sync_health_history()), 30, 'anyone reads 30 days');
select is(sync_health_history() -> 29 ->> 'day', (now() at time zone 'UTC')::date::text, 'ending today (UTC)');
select is(sync_health_history() -> 26, jsonb_build_object('day', (now() at time zone 'UTC')::date - 3,
  'state', 'FAIR', 'worst_state', 'POOR', 'coverage', 0.75, 'samples', 1), 'a recorded day');
select is(sync_health_history() -> 27 ->> 'state', null, 'a day without a record is a gap, not a guess');
select throws_ok($$ select sync_health_history(0) $$, 'P0001', 'invalid_days', 'zero days is refused');
select throws_ok($$ select * from sync_health_history $$, '42501', 'permission denied for table sync_health_history',
  'the table itself is not anon''s');

select * from finish();
rollback;
