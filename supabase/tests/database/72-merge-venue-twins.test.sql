-- one venue per place: merge_venue_twins folds a setlist.fm-only row into the Ticketmaster row of the
-- same place (match key, at most 50 km apart) without losing a show; link_venue_twins refuses an
-- unknown provider and is the service role's alone; every venue gets a slug
begin;
\ir ../helpers/fixtures.psql
select plan(16);

-- the match key ignores case, accents, punctuation and a leading "the"
select is(public.venue_match_key('The Théâtre  Synthétique!', 'MONTRÉAL', 'ca'),
  public.venue_match_key('Theatre-Synthetique', 'Montreal', 'CA'), 'spelling differences do not make two places');
select isnt(public.venue_match_key('Synthetic Hall', 'Montreal', 'CA'),
  public.venue_match_key('Synthetic Hall', 'Montreal', 'US'), 'another country is another place');
select ok(public.distance_km(40.75, -73.99, 40.71, -74.01) between 4 and 5, 'haversine: Midtown to Lower Manhattan is about 4.8 km');

insert into public.venues (id, ticketmaster_id, name, city, state, country, latitude, longitude, timezone) values
  ('e0000000-0000-4000-8000-0000000000a1', 'KovMergeA', 'Synthetic Merge Hall', 'Reykjavík', null, 'IS', 64.15, -21.94,
   'Atlantic/Reykjavik'),
  ('e0000000-0000-4000-8000-0000000000b1', 'KovMergeB', 'Synthetic Merge Club', 'Springfield', 'IL', 'US', 39.8, -89.64,
   null);
insert into public.venues (id, setlistfm_id, name, city, state, country, latitude, longitude) values
  ('e0000000-0000-4000-8000-0000000000a2', 'sfmMergeA', 'The Synthetic Merge Hall', 'Reykjavik', 'Capital Region', 'IS',
   64.14, -21.9),
  -- the same name and city 1,400 km away (Springfield, Massachusetts): not the same place
  ('e0000000-0000-4000-8000-0000000000b2', 'sfmMergeB', 'Synthetic Merge Club', 'Springfield', 'MA', 'US', 42.1, -72.59);
insert into public.shows (id, artist_id, venue_id, name, local_date, time_tba, status, setlistfm_id) values
  ('c0000000-0000-4000-8000-0000000000a1', tests.id('artist'), 'e0000000-0000-4000-8000-0000000000a2', 'Merge past 1',
   current_date - 30, true, 'completed', 'sfm-merge-show-1'),
  ('c0000000-0000-4000-8000-0000000000a2', tests.id('artist'), 'e0000000-0000-4000-8000-0000000000a2', 'Merge past 2',
   current_date - 20, true, 'completed', 'sfm-merge-show-2'),
  ('c0000000-0000-4000-8000-0000000000b1', tests.id('artist'), 'e0000000-0000-4000-8000-0000000000b2', 'Merge far',
   current_date - 10, true, 'completed', 'sfm-merge-show-3');

select is((select count(*)::int from public.venues where slug is null), 0, 'every venue has a slug');
select is((select slug from public.venues where id = 'e0000000-0000-4000-8000-0000000000a1'),
  'synthetic-merge-hall-reykjavik', 'the slug is the name and the city');

-- only the service role may merge or link
select tests.act_as('anon');
select throws_ok($$ select public.merge_venue_twins() $$, '42501', null, 'anon cannot merge venues');
select throws_ok($$ select public.link_venue_twins('ticketmaster', '[]') $$, '42501', null, 'anon cannot link venues');
select tests.act_as('service');
select throws_ok($$ select public.link_venue_twins('songkick', '[]') $$, 'P0001', 'unknown_provider',
  'an unknown provider is refused');

select is(public.merge_venue_twins(), 1, 'one pair is merged');
select tests.act_as('owner');
select is((select count(*)::int from public.venues where name ilike '%synthetic merge hall%'), 1, 'the hall is one row');
select is((select (ticketmaster_id, setlistfm_id, name, state, timezone)::text from public.venues
           where id = 'e0000000-0000-4000-8000-0000000000a1'),
  '(KovMergeA,sfmMergeA,"Synthetic Merge Hall","Capital Region",Atlantic/Reykjavik)',
  'the Ticketmaster row keeps its name and zone, takes the setlist.fm id and the region it lacked');
select is((select count(*)::int from public.shows where venue_id = 'e0000000-0000-4000-8000-0000000000a1'), 2,
  'both setlist.fm shows moved to the kept row');
select is((select count(*)::int from public.shows where id::text like 'c0000000-0000-4000-8000-0000000000%'
           and venue_id is null), 0, 'no show lost its venue');
select is((select count(*)::int from public.venues where name = 'Synthetic Merge Club'), 2,
  'the far-away namesake stays its own venue');
select tests.act_as('service');
select is(public.merge_venue_twins(), 0, 'a second run finds nothing to merge');
select tests.act_as('owner');
select is(public.city_timezone('REYKJAVIK', 'is'), 'Atlantic/Reykjavik', 'a city''s zone is found through its folded name');

select * from finish();
rollback;
