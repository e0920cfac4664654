-- ensure_predicted_setlist stores the engine's prediction (predict_setlist) exactly, with zero votes
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(6);

-- history (newest first): past4 song2 song1 song2 song3 | past3 song1 song2 song5 cover |
-- past2 song2 song1 tape song3 | past1 song1 song2 song3 song4
-- four shows are too few to learn from (a show needs 5 before it), so each song's probability is its rate:
-- song1, song2 4 of 4, song3 3 of 4, song4 and song5 1 of 4. Usual length 4 (median of 4, 3, 4, 4):
-- the expected F1 is 2 x 2.75 / (3 + 4) = .786 with three songs, 2 x 3 / (4 + 4) = .75 with four, so three.
-- Order: song1 opened 2 of its 4 shows (the usual opener), song3 closed 2 of 3 (the usual closer), song2 between.
select tests.act_as('anon');
select isnt(ensure_predicted_setlist(tests.id('tba_show')), null, 'anyone opening a show gets its prediction built');

select tests.act_as('owner');
select results_eq(
  $$ select ss.song_id, ss.position, ss.title, ss.probability, ss.upvotes, ss.downvotes, ss.suggested
     from setlist_songs ss join setlists s on s.id = ss.setlist_id
     where s.show_id = tests.id('tba_show') and s.kind = 'predicted' order by ss.position $$,
  $$ values
     (tests.id('song1'), 1, 'First Song', 1.0::numeric, 0, 0, false),
     (tests.id('song2'), 2, 'Second Song', 1.0, 0, 0, false),
     (tests.id('song3'), 3, 'Third Song', 0.75, 0, 0, false) $$,
  'three songs: the opener first, the closer last, each with its probability and zero votes');
select results_eq(
  $$ select ss.song_id, ss.position, ss.probability, ss.reasons, ss.is_encore
     from setlist_songs ss join setlists s on s.id = ss.setlist_id
     where s.show_id = tests.id('tba_show') and s.kind = 'predicted' order by ss.position $$,
  $$ select song_id, predicted_position, probability, reasons, is_encore
     from predict_setlist(tests.id('artist'), now(), tests.id('venue'), current_date + 10) order by predicted_position $$,
  'what is stored is exactly what the engine (and so the backtest) predicts, reasons included');
select is((select count(*) from votes where show_id = tests.id('tba_show')), 0::bigint, 'building a prediction casts no votes');

select is(ensure_predicted_setlist(tests.id('tba_show')),
  (select id from setlists where show_id = tests.id('tba_show') and kind = 'predicted'),
  'a second call returns the same prediction');
select is((select count(*) from setlist_songs ss join setlists s on s.id = ss.setlist_id
  where s.show_id = tests.id('tba_show')), 3::bigint, 'and builds nothing more');

select * from finish();
rollback;
