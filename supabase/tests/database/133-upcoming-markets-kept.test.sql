-- upcoming_markets() answers from the kept count (upcoming_market_cities, refresh_upcoming_markets) only
-- while no show or venue has been written in a way that could move a count, less the shows whose voting
-- closed since it was counted; otherwise it counts. To tell the two answers apart, the test plants a count
-- for "Kept City", a market with no venue at all (as the owner): it shows only while the kept count is read.
--   kept:    right after a refresh; after writes that cannot move a count (a show's name, a venue's name)
--   counted: after a show is inserted, cancelled, moved or deleted, or a venue's city changes
begin;
\ir ../helpers/fixtures.psql
select plan(22);

create function pg_temp.plant() returns void language sql as $$
  insert into public.upcoming_market_cities (country, city_key, city, state, shows, latitude_sum, latitude_shows,
    longitude_sum, longitude_shows)
  values ('GB', 'kept city', 'Kept City', null, 7, 10.5, 7, 17.5, 7)
$$;
create function pg_temp.reads_kept_count() returns boolean language sql as $$
  select exists (select 1 from public.upcoming_markets() where city = 'Kept City')
$$;
create function pg_temp.answer() returns jsonb language sql as $$
  select coalesce(jsonb_agg(to_jsonb(m)), '[]') from public.upcoming_markets() m
$$;
create temporary table counted_answer as select pg_temp.answer() as answer;

select tests.act_as('owner');
select ok(public.refresh_upcoming_markets(), 'the refresh counts when no writer holds the lock');
select is(pg_temp.answer(), (select answer from counted_answer),
  'right after a refresh the kept answer is the counted one, row for row, in order');
select pg_temp.plant();
select ok(pg_temp.reads_kept_count(), 'and it comes from the kept count');
select tests.act_as('anon');
select is((select jsonb_build_object('shows', shows, 'latitude', latitude, 'longitude', longitude)
           from public.upcoming_markets() where city = 'Kept City'),
  '{"shows": 7, "latitude": 1.5, "longitude": 2.5}'::jsonb,
  'a visitor reads it too: the count as it was kept, the point from the kept sums');

select tests.act_as('owner');
select public.refresh_upcoming_markets();
select ok(pg_temp.reads_kept_count(), 'a refresh with nothing written since does not count again (the planted row stays)');
update public.upcoming_market_list set counted_at = now() - interval '2 hours';
select public.refresh_upcoming_markets();
select ok(not exists (select 1 from public.upcoming_market_cities where city = 'Kept City'),
  'but an hour-old count is counted again');
select pg_temp.plant();
update public.upcoming_market_list set counted_at = now();
update public.shows set name = 'Renamed fixture show' where id = tests.id('upcoming_show');
update public.venues set name = 'Renamed Fixture Hall' where id = tests.id('venue');
select ok(pg_temp.reads_kept_count(), 'a show''s or a venue''s new name moves no count: the kept count is read');

-- the clock: the fixture show that started an hour ago is taken off its venue's kept count when the count
-- is older than its closing (now() is the transaction's, so counted_at is moved instead)
create temporary table testville as select shows from public.upcoming_markets() where city = 'Testville';
update public.upcoming_market_list
  set counted_at = (select voting_closes_at from public.shows where id = tests.id('started_show')) - interval '1 second';
select is((select shows from public.upcoming_markets() where city = 'Testville'), (select shows - 1 from testville),
  'a show whose voting closed after the count was kept is taken off its city');
update public.upcoming_market_cities set shows = shows + 1 where country = 'GB' and city = 'Testville';
select is((select shows from public.upcoming_markets() where city = 'Testville'), (select shows from testville),
  'so a count kept while it was open is right once it closes');
select ok(pg_temp.reads_kept_count(), 'and the kept count is still the one read');

insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, time_tba, date_tba, status) values
  ('c3000000-0000-4000-8000-000000000001', tests.id('artist'), tests.id('venue'), 'Added show',
    now() + interval '20 days', (now() + interval '20 days')::date, false, false, 'scheduled');
select ok(not pg_temp.reads_kept_count(), 'a show inserted: counted instead');
select is((select shows from public.upcoming_markets() where city = 'Testville'), (select shows + 1 from testville),
  'and the count has it');

select ok(public.refresh_upcoming_markets(), 'refreshed');
select pg_temp.plant();
update public.shows set status = 'cancelled' where id = 'c3000000-0000-4000-8000-000000000001';
select ok(not pg_temp.reads_kept_count(), 'a show cancelled: counted');

select public.refresh_upcoming_markets();
select pg_temp.plant();
update public.shows set local_date = local_date + 1, starts_at = starts_at + interval '1 day'
  where id = tests.id('upcoming_show');
select ok(not pg_temp.reads_kept_count(), 'a show moved to another day: counted');

select public.refresh_upcoming_markets();
select pg_temp.plant();
delete from public.shows where id = 'c3000000-0000-4000-8000-000000000001';
select ok(not pg_temp.reads_kept_count(), 'a show deleted: counted');

select public.refresh_upcoming_markets();
select pg_temp.plant();
update public.venues set city = 'Testburg' where id = tests.id('venue');
select ok(not pg_temp.reads_kept_count(), 'a venue''s city changed: counted');
select is((select shows from public.upcoming_markets() where city = 'Testburg'), (select shows from testville),
  'under its new city');

-- who may do what
select tests.act_as('anon');
select throws_ok($$ select public.refresh_upcoming_markets() $$, '42501',
  'permission denied for function refresh_upcoming_markets', 'a visitor cannot refresh the kept count');
select throws_ok($$ select * from public.upcoming_market_cities $$, '42501',
  'permission denied for table upcoming_market_cities', 'nor read it but through upcoming_markets()');
select throws_ok($$ select * from public.count_upcoming_per_city() $$, '42501',
  'permission denied for function count_upcoming_per_city', 'nor count every show on demand');

select tests.act_as('owner');
select is((select jsonb_build_object('schedule', schedule, 'command', command, 'active', active)
           from cron.job where jobname = 'refresh-upcoming-markets'),
  '{"schedule": "* * * * *", "command": "select public.refresh_upcoming_markets()", "active": true}'::jsonb,
  'pg_cron refreshes the kept count every minute');

select * from finish();
rollback;
