-- sync_health(hours): the window, and each sub-score crossing its thresholds
begin;
\ir ../helpers/health_world.psql
select plan(23);

select tests.act_as('service');
select is(sync_health() -> 'scores',
  jsonb_build_object(
    'error_rate', jsonb_build_object('value', 0, 'runs', 1, 'failed', 0, 'state', 'good'),
    'trending_freshness', jsonb_build_object('last_refreshed_at', now() - interval '1 minute', 'age_minutes', 1, 'state', 'good'),
    'venue_timezones', jsonb_build_object('value', 1, 'state', 'good'),
    'catalog_coverage', jsonb_build_object('value', 1, 'state', 'good'),
    'setlist_coverage', jsonb_build_object('value', 1, 'state', 'good')),
  'a complete world scores good everywhere');
select is(sync_health() ->> 'hours', '24', 'the default window is 24 hours');
select throws_ok($$ select sync_health(0) $$, 'P0001', 'invalid_hours', 'a window of 0 hours is refused');
select throws_ok($$ select sync_health(721) $$, 'P0001', 'invalid_hours', 'over 30 days is refused');

-- the window: a failed run 30 hours ago counts in 48 hours, not in 24
select tests.act_as('owner');
insert into sync_runs (job, trigger, started_at, finished_at, status) values
  ('sync-setlists', 'cron', now() - interval '30 hours', now() - interval '30 hours', 'failed'),
  ('sync-setlists', 'cron', now() - interval '20 hours', now() - interval '20 hours', 'ok');
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health(24) #>> '{jobs,sync-setlists,failed_in_window}', '0', 'outside 24 hours');
select is(sync_health(48) #>> '{jobs,sync-setlists,failed_in_window}', '1', 'inside 48 hours');
select is(sync_health(24) ->> 'state', 'PERFECT', 'PERFECT over 24 hours');
select is(sync_health(48) ->> 'state', 'GOOD', 'GOOD over 48 hours, with the failure');
-- error rate: 1 failed of 3 in 48 hours is 33%: bad from 25%
select is(sync_health(48) #> '{scores,error_rate}',
  '{"value": 0.3333, "runs": 3, "failed": 1, "state": "bad"}'::jsonb, 'a third failed is bad');
select is(sync_health(48) -> 'reasons', '["1 failures in the last 48 hours", "error rate is bad"]'::jsonb,
  'named in reasons');
select tests.add_ok_runs(2);
select is(sync_health(48) #>> '{scores,error_rate,state}', 'warning', '1 of 5 (20%) is a warning: under 25%');
select tests.add_ok_runs(15);
select is(sync_health(48) #>> '{scores,error_rate,state}', 'warning', '1 of 20 is 5%: good is under 5%');
select tests.add_ok_runs(1);
select is(sync_health(48) #>> '{scores,error_rate,state}', 'good', '1 of 21 is good');

-- trending: good up to 30 minutes, warning up to 120, bad beyond or never
select tests.act_as('owner');
update cron_logs set created_at = now() - interval '45 minutes' where job_name = 'refresh_trending';
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() #>> '{scores,trending_freshness,state}', 'warning', '45 minutes old is a warning');
select tests.act_as('owner');
update cron_logs set created_at = now() - interval '3 hours' where job_name = 'refresh_trending';
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() #>> '{scores,trending_freshness,state}', 'bad', '3 hours old is bad');
select is(sync_health() ->> 'state', 'GOOD', 'a bad sub-score lowers PERFECT to GOOD');
select tests.act_as('owner');
delete from cron_logs where job_name = 'refresh_trending';
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() #> '{scores,trending_freshness}',
  '{"last_refreshed_at": null, "age_minutes": null, "state": "bad"}'::jsonb, 'never refreshed is bad');

-- venues: a time zone on 95% is good, 80% a warning, less bad
select tests.act_as('owner');
insert into venues (name, timezone) select 'Zone ' || n, case when n = 1 then null else 'Europe/Paris' end
from generate_series(1, 4) n;
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() #> '{scores,venue_timezones}', '{"value": 0.8, "state": "warning"}'::jsonb,
  '4 of 5 venues with a time zone is a warning');
select is(sync_health() #>> '{gaps,venues_without_timezone}', '1', 'the venue is counted as a gap');
select tests.act_as('owner');
update venues set timezone = '' where name = 'Zone 2';
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() #>> '{scores,venue_timezones,state}', 'bad', 'an empty time zone is none: 3 of 5 is bad');

-- catalogs: 1 of 2 artists without songs is bad; setlists: 1 of 2 past shows without one is a warning
select tests.act_as('owner');
insert into artists (name, slug) values ('Songless', 'songless');
insert into shows (artist_id, venue_id, name, starts_at, local_date, status)
values (tests.id('h_artist'), tests.id('h_venue'), 'Unrecorded', now() - interval '9 days', current_date - 9, 'completed');
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() #> '{scores,catalog_coverage}', '{"value": 0.5, "state": "bad"}'::jsonb, 'half the catalogs is bad');
select is(sync_health() #> '{scores,setlist_coverage}', '{"value": 0.5, "state": "warning"}'::jsonb,
  'half the past setlists is a warning: setlist.fm lacks some shows');

select tests.act_as('anon');
select is(sync_health_summary() -> 'scores' -> 'catalog_coverage', '{"value": 0.5, "state": "bad"}'::jsonb,
  'the status page shows the sub-scores');

select * from finish();
rollback;
