-- trending: an artist's recent follows heat each of its upcoming shows; follows older than 30 days do not
begin;
\ir ../helpers/fixtures.psql
select plan(4);

-- a hand-built world: two shows of different artists, same day, no votes or views
delete from shows;
insert into tests.fixture_ids (name, id) values
  ('followed_show', 'c6800000-0000-4000-8000-000000000001'),
  ('other_show', 'c6800000-0000-4000-8000-000000000002');
insert into shows (id, artist_id, name, starts_at, local_date, date_tba, status) values
  (tests.id('followed_show'), tests.id('artist'), 'Followed: in 7 days', now() + interval '7 days', current_date + 7, false, 'scheduled'),
  (tests.id('other_show'), tests.id('other_artist'), 'Other: in 7 days', now() + interval '7 days', current_date + 7, false, 'scheduled');

-- two fans followed the artist just now, one 48 hours ago; a fan followed the other artist 40 days ago
insert into follows (user_id, artist_id, created_at) values
  (tests.id('alice'), tests.id('artist'), now()),
  (tests.id('bob'), tests.id('artist'), now() - interval '48 hours'),
  (tests.id('guest'), tests.id('other_artist'), now() - interval '40 days');

select tests.act_as('service');
select lives_ok($$ select refresh_trending() $$, 'the service role refreshes trending');

-- follow_heat: 1 + 0.5 = 1.5; proximity 1 + 7/14 = 1.5; score 2.25. The other artist's only follow is too old.
select tests.act_as('anon');
select results_eq(
  $$ select show_id, follow_heat, score from trending_shows order by rank $$,
  $$ values (tests.id('followed_show'), 1.5::float8, 2.25::float8), (tests.id('other_show'), 0::float8, 0::float8) $$,
  'recent follows heat the followed artist''s show, with the 48-hour half-life');
select is(
  (select rank from trending_artists where artist_id = tests.id('artist')), 1,
  'the followed artist trends first');
select is(
  (select follow_heat from trending_shows where show_id = tests.id('other_show')), 0::float8,
  'a follow older than 30 days is not a signal');

select * from finish();
rollback;
