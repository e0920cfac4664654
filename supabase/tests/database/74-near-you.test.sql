-- shows near you: upcoming_markets counts every upcoming show of a city (no cap), shows_near finds them by
-- city or by point and radius within a date window, a page at a time, and refuses a bad point or window;
-- search_places finds venues and cities through typos and accents
begin;
\ir ../helpers/fixtures.psql
select plan(13);

-- far from any demo venue (the stack's database may hold the demo's): Dunedin and Christchurch
update public.venues set latitude = -45.87, longitude = 170.5 where id = tests.id('venue');
insert into public.venues (id, name, city, country, latitude, longitude) values
  ('e0000000-0000-4000-8000-0000000000c1', 'Théâtre Lointain', 'Testville', 'GB', null, null),
  ('e0000000-0000-4000-8000-0000000000c2', 'Far Hall', 'Elsewhere', 'GB', -43.53, 172.63);
-- 160 upcoming shows at the second Testville venue: more than any cap the home page had
insert into public.shows (artist_id, venue_id, name, local_date, time_tba, status)
-- (from the day after tomorrow: a time-TBA show at a venue without a zone closes at 00:00 UTC+14 of its date,
-- which for tomorrow's date is earlier than now from 10:00 UTC on)
select tests.id('other_artist'), 'e0000000-0000-4000-8000-0000000000c1', 'Many ' || n, current_date + n + 1, true, 'scheduled'
from generate_series(1, 160) n;
insert into public.shows (artist_id, venue_id, name, local_date, time_tba, status)
values (tests.id('other_artist'), 'e0000000-0000-4000-8000-0000000000c2', 'Far away', current_date + 3, true, 'scheduled');

-- the fixture's own upcoming shows at its hall (not the cancelled one, not the one that started an hour ago),
-- counted plainly by the database's rule
create temporary table hall_upcoming on commit drop as
  select count(*)::int as n from public.shows
  where venue_id = tests.id('venue') and status <> 'cancelled' and not public.show_has_started(status, voting_closes_at);
grant select on hall_upcoming to anon;

select tests.act_as('anon');
select is((select shows from public.upcoming_markets() where city = 'Testville'), 160 + (select n from hall_upcoming),
  'a market counts every upcoming show of the city, not a capped sample');
select is((public.shows_near(city => 'testville', country => 'gb', page_size => 5) ->> 'total')::int,
  160 + (select n from hall_upcoming), 'by city: every venue of the city, with or without a point');
select is(jsonb_array_length(public.shows_near(city => 'Testville', country => 'GB', page_size => 5) -> 'shows'), 5,
  'a page holds page_size shows');
select is(
  public.shows_near(city => 'Testville', country => 'GB', page_size => 2, page_offset => 2) -> 'shows' -> 0 ->> 'name',
  (select name from public.shows s where s.venue_id in (tests.id('venue'), 'e0000000-0000-4000-8000-0000000000c1')
     and s.status <> 'cancelled' and not public.show_has_started(s.status, s.voting_closes_at)
   order by s.local_date, s.starts_at nulls last, s.id offset 2 limit 1),
  'the next page continues in date order');
select is((public.shows_near(-45.88, 170.49, 25) ->> 'total')::int, (select n from hall_upcoming),
  'by point: only venues with a point inside the radius (the fixture hall, not its pointless neighbour)');
select is((public.shows_near(-45.88, 170.49, 400) ->> 'total')::int, (select n from hall_upcoming) + 1,
  'a wider radius reaches the far hall too');
select is((public.shows_near(city => 'Testville', country => 'GB', from_date => current_date + 15,
  to_date => current_date + 24) ->> 'total')::int, 10, 'a date window keeps the shows inside it');
select throws_ok($$ select public.shows_near(91, 0) $$, 'P0001', 'invalid_point', 'a point off the globe is refused');
select throws_ok($$ select public.shows_near() $$, 'P0001', 'invalid_point', 'no city and no point is refused');
select throws_ok($$ select public.shows_near(51.5, 0, 50, current_date + 5, current_date + 1) $$, 'P0001',
  'invalid_date_range', 'a window that ends before it starts is refused');

select is((select name from public.search_places('testvile') where kind = 'city' order by similarity desc limit 1), 'Testville',
  'a city is found through a typo');
select is((select slug from public.search_places('theatre lointain') where kind = 'venue' order by similarity desc limit 1), 'theatre-lointain-testville',
  'a venue is found without its accents');
select throws_ok($$ select * from public.search_places('x') $$, 'P0001', 'search_query_too_short',
  'one character is refused, as search_catalog refuses it (search_rules.min_query_length)');

select * from finish();
rollback;
