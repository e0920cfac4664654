-- song_play_stats counts plays per artist and song from actual setlists
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(4);

-- four shows have a setlist (the tape-only one does not count); a repeat counts once per show
select results_eq(
  $$ select song_id, times_played, last_played_on, played_in_last_10, share_last_10, share_last_25, shows_with_setlist
     from song_play_stats where artist_id = tests.id('artist') order by times_played desc, song_id $$,
  $$ values
     (tests.id('song1'), 4, (now() - interval '10 days')::date, 4, 1.0000, 1.0000, 4),
     (tests.id('song2'), 4, (now() - interval '10 days')::date, 4, 1.0000, 1.0000, 4),
     (tests.id('song3'), 3, (now() - interval '10 days')::date, 3, 0.7500, 0.7500, 4),
     (tests.id('song4'), 1, (now() - interval '40 days')::date, 1, 0.2500, 0.2500, 4),
     (tests.id('song5'), 1, (now() - interval '20 days')::date, 1, 0.2500, 0.2500, 4) $$,
  'times played, last played and shares of recent shows');
select is((select count(*) from song_play_stats where artist_id = tests.id('artist') and song_id = tests.id('song6')),
  0::bigint, 'a song never played has no row');

-- shares are of the last 10 shows only: ten newer shows that skip song4 push it out
insert into shows (id, artist_id, name, local_date, status)
select ('c2000000-0000-4000-8000-0000000000' || lpad(n::text, 2, '0'))::uuid, tests.id('artist'), 'Newer show ' || n,
  current_date - 5 + n - 10, 'completed'
from generate_series(1, 10) n;
insert into setlists (show_id, kind)
select ('c2000000-0000-4000-8000-0000000000' || lpad(n::text, 2, '0'))::uuid, 'actual' from generate_series(1, 10) n;
insert into setlist_songs (setlist_id, song_id, title, position)
select s.id, tests.id('song1'), 'First Song', 1 from setlists s where s.show_id::text like 'c2000000-%';
select results_eq(
  $$ select times_played, played_in_last_10, share_last_10, played_in_last_25, share_last_25
     from song_play_stats where song_id = tests.id('song4') $$,
  $$ values (1, 0, 0.0000, 1, round(1 / 14.0, 4)) $$,
  'a song outside the last 10 shows has a 0 share of them and 1 of 14 of the last 25');

select tests.act_as('anon');
select is((select times_played from song_play_stats where song_id = tests.id('song1')), 14,
  'anon reads play statistics');

select * from finish();
rollback;
