-- tours: shows grouped by setlist.fm's tour name, with the artist's Ticketmaster shows (no tour name)
-- between the tour's first and last dates; the songs across its nights; the next date while it is the
-- artist's latest tour
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(9);

-- past1..past3 (40, 30, 20 days ago) are the "Fixture Tour"; a Ticketmaster show 25 days ago, inside those
-- dates, joins it; one 45 days ago does not; past4 (10 days ago) has no tour name
update public.shows set tour_name = 'Fixture Tour' where id in (tests.id('past1'), tests.id('past2'), tests.id('past3'));
insert into public.shows (id, artist_id, venue_id, name, local_date, time_tba, status, ticketmaster_id) values
  ('c2000000-0000-4000-8000-000000000001', tests.id('artist'), tests.id('venue'), 'Ticketmaster night',
   current_date - 25, true, 'completed', 'vvFixtureTourNight'),
  ('c2000000-0000-4000-8000-000000000002', tests.id('artist'), tests.id('venue'), 'Ticketmaster night outside',
   current_date - 45, true, 'completed', 'vvFixtureOutside');

select tests.act_as('anon');
select is((select tour_slug from public.shows where id = tests.id('past1')), 'fixture-tour', 'the tour slug follows the name');
select is(
  (select jsonb_agg(jsonb_build_array(tour_name, shows)) from public.artist_tours(tests.id('artist'))),
  '[["Fixture Tour", 3]]'::jsonb, 'the artist''s tours with their named shows');
select is(public.tour_page('fixture-artist', 'no-such-tour'), null, 'an unknown tour gives null');
select is(
  (select jsonb_agg(n ->> 'name') from jsonb_array_elements(public.tour_page('fixture-artist', 'fixture-tour') -> 'nights') n),
  '["Past fixture show 1", "Past fixture show 2", "Ticketmaster night", "Past fixture show 3"]'::jsonb,
  'the named nights and the Ticketmaster show inside their dates, by date; not the one outside them');
select is(
  (select jsonb_agg(jsonb_build_array(s ->> 'title', (s ->> 'nights')::int))
   from jsonb_array_elements(public.tour_page('fixture-artist', 'fixture-tour') -> 'songs') s),
  '[["First Song", 3], ["Second Song", 3], ["Third Song", 2], ["Fifth Song", 1], ["Fourth Song", 1]]'::jsonb,
  'each song with the nights it was played, most played first');
select is(
  jsonb_array_length(public.tour_page('fixture-artist', 'fixture-tour') -> 'songs' -> 2 -> 'show_ids'), 2,
  'which nights a song was played is listed');

-- the fixture artist's next scheduled show: upcoming_show; with no later tour it is this tour's next date
select is(public.tour_page('fixture-artist', 'fixture-tour') -> 'next_show' ->> 'id', tests.id('upcoming_show')::text,
  'the next date is the artist''s next scheduled show');
select is(public.tour_page('fixture-artist', 'fixture-tour') -> 'next_show' -> 'predicted',
  '["First Song", "Second Song", "Third Song"]'::jsonb, 'with its predicted songs');

select tests.act_as('owner');
update public.shows set tour_name = 'Later Tour' where id = tests.id('past4');
select tests.act_as('anon');
select is(public.tour_page('fixture-artist', 'fixture-tour') -> 'next_show', 'null'::jsonb,
  'once a later tour has begun, an older tour has no next date');

select * from finish();
rollback;
