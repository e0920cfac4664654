-- trending ranks upcoming, non-cancelled shows by decayed votes, voters, views and closeness
begin;
\ir ../helpers/fixtures.psql
select plan(4);

-- a hand-built world: only these shows exist
delete from shows;
insert into tests.fixture_ids (name, id)
select 'show_' || s, ('c3000000-0000-4000-8000-00000000000' || s)::uuid from unnest(array['a','b','c','d','e','f']) s;
insert into tests.fixture_ids (name, id) values ('show_g', 'c3000000-0000-4000-8000-000000000001'),
  ('show_h', 'c3000000-0000-4000-8000-000000000002');
insert into shows (id, artist_id, name, starts_at, local_date, date_tba, status) values
  (tests.id('show_a'), tests.id('artist'), 'A: in 3 days, two fresh votes', now() + interval '3 days', current_date + 3, false, 'scheduled'),
  (tests.id('show_b'), tests.id('other_artist'), 'B: in 30 days, three 4-day-old votes', now() + interval '30 days', current_date + 30, false, 'scheduled'),
  (tests.id('show_c'), tests.id('artist'), 'C: tomorrow, 12 views two days ago', now() + interval '1 day', current_date + 1, false, 'scheduled'),
  (tests.id('show_d'), tests.id('artist'), 'D: cancelled, many votes', now() + interval '2 days', current_date + 2, false, 'cancelled'),
  (tests.id('show_e'), tests.id('artist'), 'E: yesterday', now() - interval '1 day', current_date - 1, false, 'completed'),
  (tests.id('show_f'), tests.id('other_artist'), 'F: in 60 days, nothing', now() + interval '60 days', current_date + 60, false, 'scheduled'),
  (tests.id('show_g'), tests.id('artist'), 'G: date TBA, one fresh vote', null, null, true, 'scheduled'),
  (tests.id('show_h'), tests.id('artist'), 'H: in 5 days, a 40-day-old vote', now() + interval '5 days', current_date + 5, false, 'scheduled');

insert into setlists (id, show_id, kind)
select tests.id('show_' || s), tests.id('show_' || s), 'predicted' from unnest(array['a','b','c','d','e','f','g','h']) s;
insert into setlist_songs (id, setlist_id, song_id, title, position)
select tests.id('show_' || s), tests.id('show_' || s), tests.id('song1'), 'First Song', 1
from unnest(array['a','b','c','d','e','f','g','h']) s;

insert into votes (user_id, setlist_song_id, show_id, value, created_at, updated_at)
select tests.id(v.who), tests.id(v.show), tests.id(v.show), v.value, now() - v.age, now() - v.age
from (values
  ('alice', 'show_a', 1, interval '0'), ('bob', 'show_a', -1, interval '0'),
  ('alice', 'show_b', 1, interval '96 hours'), ('bob', 'show_b', 1, interval '96 hours'), ('guest', 'show_b', 1, interval '96 hours'),
  ('alice', 'show_d', 1, interval '0'), ('bob', 'show_d', 1, interval '0'), ('guest', 'show_d', 1, interval '0'),
  ('alice', 'show_e', 1, interval '0'), ('bob', 'show_e', 1, interval '0'),
  ('alice', 'show_g', 1, interval '0'),
  ('alice', 'show_h', 1, interval '40 days')
) as v (who, show, value, age);
insert into show_view_counts (show_id, hour, views) values (tests.id('show_c'), now() - interval '48 hours', 12);

-- worked out with the documented formula (half-life 48 h, proximity 1 + 7 / (7 + days)):
--   A  votes 1 + 1 = 2, voters 2:        (2 + 2*2) * (1 + 7/10)       = 10.2
--   B  votes 3 * 0.25 = 0.75, voters 3:  (0.75 + 2*3) * (1 + 7/37)    =  8.0270
--   C  views 12 * 0.5 = 6:               (0.5 * 6) * (1 + 7/8)        =  5.625
--   G  votes 1, voters 1, date TBA:      (1 + 2*1) * 1                =  3
--   H  the vote is older than 30 days:   0, and it is sooner than F   =  0
--   F  nothing                                                        =  0
--   D (cancelled) and E (past) are not listed
select tests.act_as('service');
select lives_ok($$ select refresh_trending() $$, 'the service role refreshes trending');

select tests.act_as('anon');
select results_eq(
  $$ select show_id, rank, score, unique_voters from trending_shows order by rank $$,
  $$ values
     (tests.id('show_a'), 1, 10.2::float8, 2),
     (tests.id('show_b'), 2, 8.027::float8, 3),
     (tests.id('show_c'), 3, 5.625::float8, 0),
     (tests.id('show_g'), 4, 3::float8, 1),
     (tests.id('show_h'), 5, 0::float8, 0),
     (tests.id('show_f'), 6, 0::float8, 0) $$,
  'shows in the worked-out order, with the worked-out scores');
-- artists: the fixture artist 10.2 + 5.625 + 3 + 0 = 18.825; the other 8.027 + 0
select results_eq(
  $$ select artist_id, rank, score, upcoming_shows from trending_artists order by rank $$,
  $$ values (tests.id('artist'), 1, 18.825::float8, 4), (tests.id('other_artist'), 2, 8.027::float8, 2) $$,
  'artists ranked by the sum of their shows');
select throws_ok($$ select refresh_trending() $$, '42501', 'permission denied for function refresh_trending',
  'anon cannot refresh trending');

select * from finish();
rollback;
