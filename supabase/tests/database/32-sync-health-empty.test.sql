-- sync_health on an empty database: ERROR, everything zero, nothing invented
begin;
\ir ../helpers/empty_world.psql
select plan(6);

select tests.act_as('service');
select is(sync_health() ->> 'state', 'ERROR', 'an empty catalog is an error');
select is(sync_health() -> 'reasons', '["the catalog is empty: no artists or no shows have been synced"]'::jsonb,
  'and says why');
select is(sync_health() -> 'gaps',
  '{"artists_without_songs": 0, "upcoming_shows_without_prediction": 0, "shows_without_venue": 0, "past_shows_without_actual_setlist": 0, "venues_without_timezone": 0}'::jsonb,
  'no gaps are counted in nothing');
select is(sync_health() #>> '{totals,artists}', '0', 'no artists');
select is(sync_health() -> 'coverage', 'null'::jsonb, 'coverage is unknown, not invented');
select ok((sync_health() -> 'cron') @> '[{"job": "refresh-trending", "schedule": "*/15 * * * *"}]'::jsonb,
  'pg_cron''s jobs are listed even before they ran');

select * from finish();
rollback;
