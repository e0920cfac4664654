-- without history, ensure_predicted_setlist predicts from the catalog (studio before live, newest first);
-- with any history, the engine's prediction alone (what the backtest measures, no catalog padding)
begin;
\ir ../helpers/fixtures.psql
select plan(4);

update songs set is_live = true where id = tests.id('song6');

-- no history: the default length (20) takes the whole six-song catalog
select isnt(ensure_predicted_setlist(tests.id('tba_show')), null, 'a prediction is built from the catalog alone');
select results_eq(
  $$ select ss.song_id from setlist_songs ss join setlists s on s.id = ss.setlist_id
     where s.show_id = tests.id('tba_show') and s.kind = 'predicted' order by ss.position $$,
  $$ values (tests.id('song5')), (tests.id('song4')), (tests.id('song3')), (tests.id('song2')), (tests.id('song1')),
     (tests.id('song6')) $$,
  'studio recordings newest first, the live recording last');

-- a short history: one four-song show with two catalog songs; the engine predicts those two
insert into shows (id, artist_id, name, local_date, status)
values ('c0000000-0000-4000-8000-0000000000aa', tests.id('artist'), 'Past fixture show', current_date - 30, 'completed');
insert into setlists (id, show_id, kind) values ('f0000000-0000-4000-8000-0000000000aa', 'c0000000-0000-4000-8000-0000000000aa', 'actual');
insert into setlist_songs (setlist_id, song_id, title, position, is_cover) values
  ('f0000000-0000-4000-8000-0000000000aa', tests.id('song2'), 'Second Song', 1, false),
  ('f0000000-0000-4000-8000-0000000000aa', null, 'A Cover', 2, true),
  ('f0000000-0000-4000-8000-0000000000aa', tests.id('song1'), 'First Song', 3, false),
  ('f0000000-0000-4000-8000-0000000000aa', null, 'Another Cover', 4, true);
delete from setlists where id = tests.id('upcoming_prediction');
select isnt(ensure_predicted_setlist(tests.id('upcoming_show')), null, 'a prediction is built from a short history');
select results_eq(
  $$ select ss.song_id from setlist_songs ss join setlists s on s.id = ss.setlist_id
     where s.show_id = tests.id('upcoming_show') and s.kind = 'predicted' order by ss.position $$,
  $$ values (tests.id('song2')), (tests.id('song1')) $$,
  'the played songs in their played order, and no catalog padding');

select * from finish();
rollback;
