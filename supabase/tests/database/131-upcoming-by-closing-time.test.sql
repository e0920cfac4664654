-- venue_page, upcoming_markets and shows_near say "upcoming" as the rest of the database does
-- (show_has_started): upcoming until voting closes (voting_closes_at) unless completed, past after; not by
-- comparing the venue-local date with the UTC date.
--   Kiritimati (UTC+14): a show that started an hour ago is not upcoming, though its local date is today's
--     or tomorrow's in UTC terms (the UTC date compare listed it).
--   Honolulu (UTC-10): a show an hour from now whose local date is UTC yesterday is upcoming (between 00:00
--     and 09:00 UTC every Honolulu evening show is one; here the date is pinned to UTC yesterday so the case
--     is tested at any hour: the listing must follow voting_closes_at, whatever the date says).
--   A date-TBA show (voting_closes_at null) is upcoming, outside any date window.
begin;
\ir ../helpers/fixtures.psql
select plan(16);

insert into public.venues (id, name, city, country, timezone, latitude, longitude, slug) values
  ('e0000000-0000-4000-8000-0000000000f1', 'Line Islands Hall', 'Kiritimati Town', 'KI', 'Pacific/Kiritimati',
    1.87, -157.43, 'line-islands-hall'),
  ('e0000000-0000-4000-8000-0000000000f2', 'Aloha Room', 'Honolulu Test', 'US', 'Pacific/Honolulu',
    21.3, -157.85, 'aloha-room'),
  ('e0000000-0000-4000-8000-0000000000f3', 'Someday Club', 'Tbaville', 'NZ', 'Pacific/Auckland',
    -44.0, 171.0, 'someday-club');
insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, time_tba, date_tba, status) values
  ('c2000000-0000-4000-8000-000000000001', tests.id('other_artist'), 'e0000000-0000-4000-8000-0000000000f1',
    'Started in Kiritimati', now() - interval '1 hour',
    ((now() - interval '1 hour') at time zone 'Pacific/Kiritimati')::date, false, false, 'scheduled'),
  ('c2000000-0000-4000-8000-000000000002', tests.id('other_artist'), 'e0000000-0000-4000-8000-0000000000f2',
    'Tonight in Honolulu', now() + interval '1 hour', (now() at time zone 'utc')::date - 1, false, false, 'scheduled'),
  ('c2000000-0000-4000-8000-000000000003', tests.id('other_artist'), 'e0000000-0000-4000-8000-0000000000f3',
    'Date to be announced', null, null, true, true, 'scheduled');

select tests.act_as('anon');

select ok((select local_date >= (now() at time zone 'utc')::date and public.show_has_started(status, voting_closes_at)
           from public.shows where id = 'c2000000-0000-4000-8000-000000000001'),
  'the Kiritimati show: local date today or later in UTC terms, and started by show_has_started');
select is(jsonb_array_length(public.venue_page('line-islands-hall') -> 'upcoming'), 0,
  'venue_page: the Kiritimati show that started an hour ago is not upcoming');
select is(public.venue_page('line-islands-hall') -> 'past' -> 0 ->> 'name', 'Started in Kiritimati',
  'venue_page: it is past');
select is((select count(*)::int from public.upcoming_markets() where city = 'Kiritimati Town'), 0,
  'upcoming_markets: a city whose only show has started has no upcoming shows');
select is((public.shows_near(city => 'Kiritimati Town', country => 'KI') ->> 'total')::int, 0,
  'shows_near by city: not listed');
select is((public.shows_near(1.87, -157.43, 5) ->> 'total')::int, 0, 'shows_near by point: not listed');

select ok((select local_date < (now() at time zone 'utc')::date and not public.show_has_started(status, voting_closes_at)
           from public.shows where id = 'c2000000-0000-4000-8000-000000000002'),
  'the Honolulu show: local date yesterday in UTC terms, and not started by show_has_started');
select is(public.venue_page('aloha-room') -> 'upcoming' -> 0 ->> 'name', 'Tonight in Honolulu',
  'venue_page: the Honolulu show still to start is upcoming');
select is((public.venue_page('aloha-room') ->> 'past_total')::int, 0, 'venue_page: and not past');
select is((select shows from public.upcoming_markets() where city = 'Honolulu Test'), 1,
  'upcoming_markets: counted');
select is((public.shows_near(city => 'Honolulu Test', country => 'US') ->> 'total')::int, 1,
  'shows_near by city: listed');

select is(public.venue_page('someday-club') -> 'upcoming' -> 0 ->> 'name', 'Date to be announced',
  'venue_page: a date-TBA show is upcoming (voting has not closed)');
select is((select shows from public.upcoming_markets() where city = 'Tbaville'), 1, 'upcoming_markets: counted');
select is((public.shows_near(city => 'Tbaville', country => 'NZ') ->> 'total')::int, 1,
  'shows_near without a window: listed');
select is((public.shows_near(city => 'Tbaville', country => 'NZ', to_date => current_date + 400) ->> 'total')::int, 0,
  'shows_near with a window: not in it (no date)');

-- completed wins over a closing time still ahead: past, as show_has_started says
select tests.act_as('owner');
update public.shows set status = 'completed' where id = 'c2000000-0000-4000-8000-000000000002';
select tests.act_as('anon');
select is(
  (select jsonb_build_array(jsonb_array_length(p -> 'upcoming'), (p ->> 'past_total')::int,
     (select count(*)::int from public.upcoming_markets() where city = 'Honolulu Test'),
     (public.shows_near(city => 'Honolulu Test', country => 'US') ->> 'total')::int)
   from (select public.venue_page('aloha-room') p) x),
  '[0, 1, 0, 0]'::jsonb, 'a completed show is past everywhere, though voting_closes_at is still ahead');

select * from finish();
rollback;
