-- upcoming_markets counts per venue first (issue #20: a city key per venue, not per show, read from
-- shows_listed_venue_idx): a market's point is still the mean over its shows (each venue's point
-- weighted by its upcoming shows), a venue without a point does not pull the mean to zero, and
-- cancelled or past shows are not counted
begin;
\ir ../helpers/fixtures.psql
select plan(5);

insert into public.venues (id, name, city, country, latitude, longitude) values
  ('e0000000-0000-4000-8000-0000000000d1', 'Weight Hall', 'Scaleton', 'NZ', -40.0, 170.0),
  ('e0000000-0000-4000-8000-0000000000d2', 'Weight Club', 'SCALETON', 'NZ', -41.0, 171.0),
  ('e0000000-0000-4000-8000-0000000000d3', 'Pointless Room', 'Scaleton', 'NZ', null, null);
-- three upcoming shows at the hall, one at the club, two at the room; and what must not count
insert into public.shows (artist_id, venue_id, name, local_date, time_tba, status)
-- (a day later than n: a time-TBA show at a venue without a zone closes at 00:00 UTC+14 of its date, which
-- for tomorrow's date is earlier than now from 10:00 UTC on)
select tests.id('other_artist'), v, 'Weighed ' || n, current_date + n + 1, true, s::public.show_status
from (values
  ('e0000000-0000-4000-8000-0000000000d1'::uuid, 1, 'scheduled'), ('e0000000-0000-4000-8000-0000000000d1', 2, 'scheduled'),
  ('e0000000-0000-4000-8000-0000000000d1', 3, 'scheduled'), ('e0000000-0000-4000-8000-0000000000d2', 4, 'scheduled'),
  ('e0000000-0000-4000-8000-0000000000d3', 5, 'scheduled'), ('e0000000-0000-4000-8000-0000000000d3', 6, 'scheduled'),
  ('e0000000-0000-4000-8000-0000000000d2', 7, 'cancelled')) x (v, n, s);
insert into public.shows (artist_id, venue_id, name, local_date, time_tba, status)
values (tests.id('other_artist'), 'e0000000-0000-4000-8000-0000000000d2', 'Long gone', current_date - 30, true, 'completed');

select tests.act_as('anon');
select is((select shows from public.upcoming_markets() where country = 'NZ' and city ilike 'scaleton'), 6,
  'a market counts its venues'' upcoming shows (cancelled and past ones left out), city spelled either way');
select is((select round(latitude::numeric, 6) from public.upcoming_markets() where country = 'NZ' and city ilike 'scaleton'),
  round((3 * -40.0 + 1 * -41.0) / 4, 6), 'its latitude is the mean over the shows with a point (3 at one venue, 1 at the other)');
select is((select round(longitude::numeric, 6) from public.upcoming_markets() where country = 'NZ' and city ilike 'scaleton'),
  round((3 * 170.0 + 1 * 171.0) / 4, 6), 'and its longitude likewise');
select ok(not exists (select 1 from public.upcoming_markets() where country = 'NZ' and city ilike 'scaleton'
  and shows = 7), 'the cancelled show is not among them');
select is((select count(*)::int from public.upcoming_markets() where country = 'NZ' and city ilike 'scaleton'), 1,
  'one market per city, however its venues spell it');

select * from finish();
rollback;
