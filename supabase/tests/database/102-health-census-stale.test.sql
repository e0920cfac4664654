-- a census pg_cron has stopped taking is named stale and keeps the state at
-- GOOD at best; one never taken is an ERROR, not a catalogue of zeros; the
-- status page's summary says the same
begin;
\ir ../helpers/health_world.psql
select plan(11);

select tests.act_as('service');
select is(sync_health() ->> 'state', 'PERFECT', 'the health world, freshly counted, is PERFECT');
select is(sync_health_census_max_age(), interval '5 minutes', 'counts may be five minutes old (five missed ticks)');

-- exactly five minutes old is not yet stale
select tests.act_as('owner');
update sync_health_census set counted_at = now() - interval '5 minutes';
select tests.act_as('service');
select is(sync_health() ->> 'state', 'PERFECT', 'five minutes old is still within the limit');

-- six minutes: pg_cron's census job is behind
select tests.act_as('owner');
update sync_health_census set counted_at = now() - interval '6 minutes 30 seconds';
select tests.act_as('service');
select is(sync_health() ->> 'state', 'GOOD', 'older counts cap the state at GOOD');
select is(sync_health() -> 'reasons',
  '["the catalogue counts are 6 minutes old (refresh-sync-health-census is behind)"]'::jsonb, 'and say how old they are');
select tests.act_as('anon');
select is(sync_health_summary() -> 'reasons',
  '["the catalogue counts are 6 minutes old (refresh-sync-health-census is behind)"]'::jsonb,
  'the status page says so too');
select is((sync_health_summary() ->> 'counted_at')::timestamptz, now() - interval '6 minutes 30 seconds',
  'with the time of the counts it shows');

-- never counted: no row at all
select tests.act_as('owner');
delete from sync_health_census;
select tests.act_as('service');
select is(sync_health() ->> 'state', 'ERROR', 'a catalogue never counted is an ERROR');
select is(sync_health() -> 'reasons', '["the catalogue has not been counted yet (refresh_sync_health_census)"]'::jsonb,
  'saying why, not reporting an empty catalogue');
select is(jsonb_build_array(sync_health() -> 'counted_at', sync_health() -> 'coverage'), '[null, null]'::jsonb,
  'no time and no coverage are invented');

-- counted again: PERFECT
select refresh_sync_health_census();
select is(sync_health() ->> 'state', 'PERFECT', 'counting again restores it');

select * from finish();
rollback;
