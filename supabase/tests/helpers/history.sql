-- Actual setlists of the fixture artist, included after fixtures.sql by the
-- tests of play statistics and predictions. Newest first:
--   past5 (5 days ago)   a tape only: not a show with a setlist
--   past4 (10 days ago)  song2, song1, song2 again, song3
--   past3 (20 days ago)  song1, song2, song5, a cover not in the catalog
--   past2 (30 days ago)  song2, song1, a tape, song3
--   past1 (40 days ago)  song1, song2, song3, song4
insert into tests.fixture_ids (name, id) values
  ('past1', 'c1000000-0000-4000-8000-000000000001'),
  ('past2', 'c1000000-0000-4000-8000-000000000002'),
  ('past3', 'c1000000-0000-4000-8000-000000000003'),
  ('past4', 'c1000000-0000-4000-8000-000000000004'),
  ('past5', 'c1000000-0000-4000-8000-000000000005');

insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, status)
select tests.id('past' || n), tests.id('artist'), tests.id('venue'), 'Past fixture show ' || n,
  now() - (50 - 10 * n) * interval '1 day', (now() - (50 - 10 * n) * interval '1 day')::date, 'completed'
from generate_series(1, 4) n;
insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, status)
values (tests.id('past5'), tests.id('artist'), tests.id('venue'), 'Past fixture show 5',
  now() - interval '5 days', (now() - interval '5 days')::date, 'completed');

insert into public.setlists (show_id, kind)
select tests.id('past' || n), 'actual' from generate_series(1, 5) n;

insert into public.setlist_songs (setlist_id, song_id, title, position, is_tape, is_cover, cover_artist)
select sl.id, e.song_id, e.title, e.position, e.is_tape, e.song_id is null and not e.is_tape,
  case when e.song_id is null and not e.is_tape then 'Someone Else' end
from (values
  ('past1', tests.id('song1'), 'First Song', 1, false),
  ('past1', tests.id('song2'), 'Second Song', 2, false),
  ('past1', tests.id('song3'), 'Third Song', 3, false),
  ('past1', tests.id('song4'), 'Fourth Song', 4, false),
  ('past2', tests.id('song2'), 'Second Song', 1, false),
  ('past2', tests.id('song1'), 'First Song', 2, false),
  ('past2', null, 'Intro Tape', 3, true),
  ('past2', tests.id('song3'), 'Third Song', 4, false),
  ('past3', tests.id('song1'), 'First Song', 1, false),
  ('past3', tests.id('song2'), 'Second Song', 2, false),
  ('past3', tests.id('song5'), 'Fifth Song', 3, false),
  ('past3', null, 'A Cover', 4, false),
  ('past4', tests.id('song2'), 'Second Song', 1, false),
  ('past4', tests.id('song1'), 'First Song', 2, false),
  ('past4', tests.id('song2'), 'Second Song', 3, false),
  ('past4', tests.id('song3'), 'Third Song', 4, false),
  ('past5', null, 'Outro Tape', 1, true)
) as e (show_name, song_id, title, position, is_tape)
join public.setlists sl on sl.show_id = tests.id(e.show_name) and sl.kind = 'actual';
