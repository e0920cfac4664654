-- sync_health's "seen by the last tour sync" share follows the tour writer:
-- it refreshes last_seen_at at most every 12 hours, and only full runs say
-- which shows Ticketmaster still lists
begin;
\ir ../helpers/health_world.psql
select plan(8);

select tests.act_as('service');
select is(tests.seen_share(), 1.0000, 'the world''s upcoming show was seen by the last tour sync');

-- six hours later the next full run sees the show unchanged and, inside the
-- writer's 12-hour refresh interval, leaves last_seen_at as it was
select tests.full_tour_sync_in('5 hours');
select is(tests.seen_share(), 1.0000, 'an unchanged show left alone by the next run still counts as seen');
select is(sync_health() ->> 'state', 'PERFECT', 'and the state does not drop with it');

-- a dry run and a run for one artist do not replace the last full run
insert into sync_runs (job, trigger, started_at, finished_at, status, stats) values
  ('sync-popular-tours', 'manual', now() + interval '20 hours', now() + interval '20 hours 1 minute', 'ok',
    '{"dry_run": true, "scope": {"artist_id": null}}'),
  ('sync-popular-tours', 'import', now() + interval '21 hours', now() + interval '21 hours 1 minute', 'ok',
    '{"dry_run": false, "scope": {"artist_id": "a4000000-0000-4000-8000-000000000009"}}');
select from refresh_sync_health_census();
select ok((sync_health() #>> '{freshness,last_tour_sync_at}')::timestamptz < now() + interval '6 hours',
  'the last tour sync reported is the last full run, not a dry or artist-scoped one');
select is(tests.seen_share(), 1.0000, 'so the share does not collapse after them');

-- a show the last full run did not list: last_seen_at older than the refresh
-- interval before that run started
select tests.full_tour_sync_in('13 hours');
select is(tests.seen_share(), 0.0000, 'a show not refreshed within 12 hours before the last full run was not seen by it');
select isnt(sync_health() ->> 'state', 'PERFECT', 'and the state says so');

-- the same run marked partial still counts; a failed one does not
update sync_runs set status = 'failed', error = 'ticketmaster 503'
where started_at > now() + interval '12 hours' and started_at < now() + interval '14 hours';
select from refresh_sync_health_census();
select is(tests.seen_share(), 1.0000, 'a failed run is not the last tour sync');

select * from finish();
rollback;
