-- the browse pages' lookups are answered from indexes: each query shape venue_page (its top songs from the
-- kept venue_song_plays), song_page, artist_show_years and the artist history page run is EXPLAINed with
-- sequential scans priced out,
-- and the plan must name the index meant for it (a missing or unusable index fails the test)
begin;
\ir ../helpers/fixtures.psql
select plan(12);

-- priced out, not forbidden: a plan that can only scan the table still shows up, and fails
set local enable_seqscan = off;

-- the plans follow the statistics, so give the planner a catalogue's shape rather than whatever was analyzed
-- before (once a venue's past shows came out as a range of shows_local_date_idx filtered by venue): 500 past
-- shows of another artist at no venue, analyzed here (ANALYZE's statistics roll back with the test)
insert into public.shows (artist_id, venue_id, name, starts_at, local_date, time_tba, date_tba, status)
select tests.id('empty_artist'), null, 'Statistics filler ' || g, now() - make_interval(days => g),
       (now() - make_interval(days => g))::date, false, false, 'completed'
from generate_series(1, 500) g;
analyze public.shows;

select matches(tests.plan_of($$ select id from public.venues where slug = 'fixture-hall-testville' $$),
  'venues_slug_key', 'a venue is found by its slug through venues_slug_key');
select matches(tests.plan_of($$ select id from public.venues
  where match_key = public.venue_match_key('Fixture Hall', 'Testville', 'GB') $$),
  'venues_match_key_idx', 'a venue''s twin is found through venues_match_key_idx');
select matches(tests.plan_of(format($$ select id from public.shows
  where venue_id = %L and (status = 'completed' or voting_closes_at <= now())
  order by local_date desc limit 20 $$, tests.id('venue'))),
  'shows_venue_local_date_idx', 'a venue''s past shows, newest first, through shows_venue_local_date_idx');
-- venue_page's top songs: the tenth count and the songs at or above it, one range each of the kept table's index
select matches(tests.plan_of(format($$ select plays from public.venue_song_plays where venue_id = %L
  order by plays desc offset 9 limit 1 $$, tests.id('venue'))),
  'venue_song_plays_top_idx', 'a venue''s tenth most played count through venue_song_plays_top_idx');
select matches(tests.plan_of(format($$ select song_id, plays from public.venue_song_plays where venue_id = %L
  and plays >= 2 order by plays desc $$, tests.id('venue'))),
  'venue_song_plays_top_idx', 'and the songs at or above it through venue_song_plays_top_idx');
select matches(tests.plan_of(format($$ select id from public.songs
  where artist_id = %L and slug = 'third-song' $$, tests.id('artist'))),
  'songs_artist_slug_idx', 'a song is found by its artist and slug through songs_artist_slug_idx');
select matches(tests.plan_of(format($$ select id from public.shows where artist_id = %L
  and local_date >= '2025-01-01' and local_date < '2026-01-01' order by local_date desc limit 20 offset 20 $$,
  tests.id('artist'))),
  'shows_artist_local_date_idx', 'a page of an artist''s history in one year through shows_artist_local_date_idx');
select matches(tests.plan_of($$ select 1 from public.setlist_songs where song_id = 'd0000000-0000-4000-8000-000000000003' $$),
  'setlist_songs_song_idx', 'the setlists a song is in through setlist_songs_song_idx');

select matches(tests.plan_of(format($$ select id from public.shows where artist_id = %L and tour_slug = 'fixture-tour' $$,
  tests.id('artist'))),
  'shows_artist_tour_idx', 'a tour''s named shows through shows_artist_tour_idx');
select matches(tests.plan_of($$ select id from public.venues where latitude between 51 and 52 and longitude between -1 and 1 $$),
  'venues_point_idx', 'venues near a point through venues_point_idx');
select matches(tests.plan_of($$ select id from public.venues where country = 'GB' and city_key = 'testville' $$),
  'venues_market_idx', 'a city''s venues through venues_market_idx');
select matches(tests.plan_of($$ select id from public.venues where 'chicgo' operator(extensions.<%) public.fold_text(name) $$),
  'venues_name_trgm_idx', 'typo-tolerant venue search through the trigram index venues_name_trgm_idx');

select * from finish();
rollback;
