-- the browse pages' functions on the fixture history: venue_page (upcoming, past with songs, top songs),
-- song_page (plays, first/last, gap, openers/closers, per month, shows) and artist_show_years; anon reads
-- them, an unknown slug gives null
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(17);

select tests.act_as('anon');

select is(public.venue_page('no-such-venue'), null, 'an unknown venue slug gives null');
select is(public.venue_page('fixture-hall-testville') -> 'venue' ->> 'name', 'Fixture Hall', 'the venue by its slug');
-- past is show_has_started's: the five completed shows and the fixture's started_show (an hour ago)
select is(public.venue_page('fixture-hall-testville') ->> 'past_total', '6',
  'six past shows at the venue: five completed and one that started an hour ago');
select is(
  (select jsonb_agg(p ->> 'name') from jsonb_array_elements(public.venue_page('fixture-hall-testville', 2, 0) -> 'past') p),
  '["Started fixture show", "Past fixture show 5"]'::jsonb, 'past shows newest first, as many as asked');
select is(
  (select jsonb_agg(p ->> 'name') from jsonb_array_elements(public.venue_page('fixture-hall-testville', 2, 2) -> 'past') p),
  '["Past fixture show 4", "Past fixture show 3"]'::jsonb, 'the next page starts where the first ended');
select is(public.venue_page('fixture-hall-testville', 1, 2) -> 'past' -> 0 -> 'songs',
  '["Second Song", "First Song", "Second Song", "Third Song"]'::jsonb, 'a past show carries the songs played, in order');
select is(public.venue_page('fixture-hall-testville', 2, 3) -> 'past' -> 1 -> 'songs',
  '["Second Song", "First Song", "Third Song"]'::jsonb, 'tapes are left out');
select ok(
  (select bool_and(not public.show_has_started((u ->> 'status')::public.show_status, (u ->> 'voting_closes_at')::timestamptz))
   from jsonb_array_elements(public.venue_page('fixture-hall-testville') -> 'upcoming') u)
  and jsonb_array_length(public.venue_page('fixture-hall-testville') -> 'upcoming') >= 2,
  'upcoming holds only shows still to come (not show_has_started)');
select is(
  (select jsonb_agg(jsonb_build_array(t ->> 'title', (t ->> 'plays')::int))
   from jsonb_array_elements(public.venue_page('fixture-hall-testville') -> 'top_songs') t),
  '[["First Song", 4], ["Second Song", 4], ["Third Song", 3], ["Fifth Song", 1], ["Fourth Song", 1]]'::jsonb,
  'the songs most played there, counted once per show');

select is(public.song_page('fixture-artist', 'no-such-song'), null, 'an unknown song slug gives null');
select is(public.song_page('no-such-artist', 'third-song'), null, 'an unknown artist slug gives null');
select is(
  (select jsonb_build_object('times', p -> 'times_played', 'of', p -> 'shows_with_setlists', 'gap', p -> 'gap',
     'openers', p -> 'openers', 'closers', p -> 'closers', 'median', p -> 'median_position')
   from (select public.song_page('fixture-artist', 'third-song') p) x),
  '{"times": 3, "of": 4, "gap": 0, "openers": 0, "closers": 2, "median": 3}'::jsonb,
  'Third Song: 3 of 4 shows (the tape-only night is no show), last night too, closer twice, usually third');
select is(
  (select jsonb_build_object('times', p -> 'times_played', 'openers', p -> 'openers', 'gap', p -> 'gap')
   from (select public.song_page('fixture-artist', 'second-song') p) x),
  '{"times": 4, "openers": 2, "gap": 0}'::jsonb, 'Second Song: a repeat within a show counts once; opened twice');
select is(public.song_page('fixture-artist', 'fifth-song') -> 'gap', '1'::jsonb,
  'Fifth Song: one show with a setlist since it was last played');
select is(public.song_page('fixture-artist', 'sixth-song') -> 'times_played', '0'::jsonb,
  'a catalog song never played: zero, no invented plays');
select is(
  (select sum((m ->> 'plays')::int)::int from jsonb_array_elements(public.song_page('fixture-artist', 'third-song') -> 'per_month') m),
  3, 'the plays per month add up to the plays');

-- the five shows of the history and the fixture's started_show (an hour ago: show_has_started, though its
-- date is today's)
select is((select sum(shows)::int from public.artist_show_years(tests.id('artist'))), 6,
  'the years of the artist''s past shows count every show that has started');

select * from finish();
rollback;
