-- the health census is the service role's and pg_cron's: fans and visitors
-- can neither take it nor read its table (they see the counts only through
-- sync_health_summary, with the time they were taken); it is one row, taken
-- every minute by pg_cron
begin;
\ir ../helpers/health_world.psql
select plan(12);

select tests.act_as('anon');
select throws_ok($$ select refresh_sync_health_census() $$, '42501',
  'permission denied for function refresh_sync_health_census', 'a visitor cannot take the census');
select throws_ok($$ select * from sync_health_census $$, '42501', 'permission denied for table sync_health_census',
  'nor read its table');
select tests.act_as('alice');
select throws_ok($$ select refresh_sync_health_census() $$, '42501',
  'permission denied for function refresh_sync_health_census', 'nor can a fan');
select throws_ok($$ select * from sync_health_census $$, '42501', 'permission denied for table sync_health_census',
  'or read it');
select throws_ok($$ update sync_health_census set votes = 1000000 $$, '42501',
  'permission denied for table sync_health_census', 'or write it');

select tests.act_as('service');
select is(refresh_sync_health_census() ->> 'shows', '2', 'the service role takes it');
select is((select shows from sync_health_census), 2::bigint, 'and reads it');
select throws_ok($$ insert into sync_health_census select false, c.counted_at, c.count_ms, c.artists, c.artists_without_songs,
    c.artists_with_fresh_catalog, c.venues, c.venues_with_timezone, c.shows, c.upcoming_shows, c.past_shows,
    c.shows_without_venue, c.upcoming_without_prediction, c.past_without_actual, c.last_tour_sync_at,
    c.upcoming_seen_by_last_tour_sync, c.songs, c.predicted_setlists, c.actual_setlists, c.votes
  from sync_health_census c $$, '42501', 'permission denied for table sync_health_census',
  'it is written only by refresh_sync_health_census');
select tests.act_as('owner');
select throws_ok($$ insert into sync_health_census select false, c.counted_at, c.count_ms, c.artists, c.artists_without_songs,
    c.artists_with_fresh_catalog, c.venues, c.venues_with_timezone, c.shows, c.upcoming_shows, c.past_shows,
    c.shows_without_venue, c.upcoming_without_prediction, c.past_without_actual, c.last_tour_sync_at,
    c.upcoming_seen_by_last_tour_sync, c.songs, c.predicted_setlists, c.actual_setlists, c.votes, c.setlist_refresh
  from sync_health_census c $$, '23514', null, 'and it has one row: a second is refused');

-- the visitor's summary carries the census's counts and time
select set_config('tests.counted_at', (select counted_at from sync_health_census)::text, true);
select tests.act_as('anon');
select is((sync_health_summary() ->> 'counted_at')::timestamptz, current_setting('tests.counted_at')::timestamptz,
  'the summary says when the counts were taken');
select is(sync_health_summary() #>> '{totals,shows}', '2', 'and gives them');

select tests.act_as('owner');
select is((select jsonb_build_object('schedule', schedule, 'command', command, 'active', active, 'username', username)
   from cron.job where jobname = 'refresh-sync-health-census'),
  '{"schedule": "* * * * *", "command": "select public.refresh_sync_health_census()", "active": true, "username": "postgres"}'::jsonb,
  'pg_cron takes the census every minute');

select * from finish();
rollback;
