-- ensure_predicted_setlist predicts the artist's most played recent songs, in their usual order
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(5);

-- history (newest first): past4 song2 song1 song2 song3 | past3 song1 song2 song5 cover |
-- past2 song2 song1 tape song3 | past1 song1 song2 song3 song4
-- typical length: median of 4, 3, 4, 4 songs = 4
-- most played: song1 and song2 (4 shows), song3 (3), then song5 (1, last 20 days ago) before song4 (1, 40 days ago)
-- usual place in the show, (rank - 0.5) / songs in that show, averaged:
--   song1 (.125 + .5 + .125 + .375) / 4 = .281     song2 (.375 + .167 + .375 + .125 + .625) / 5 = .333
--   song5 .625                                     song3 (.625 + .833 + .875) / 3 = .778
select tests.act_as('anon');
select isnt(ensure_predicted_setlist(tests.id('tba_show')), null, 'anyone opening a show gets its prediction built');

select tests.act_as('owner');
select results_eq(
  $$ select ss.song_id, ss.position, ss.title, ss.upvotes, ss.downvotes, ss.suggested
     from setlist_songs ss join setlists s on s.id = ss.setlist_id
     where s.show_id = tests.id('tba_show') and s.kind = 'predicted' order by ss.position $$,
  $$ values
     (tests.id('song1'), 1, 'First Song', 0, 0, false),
     (tests.id('song2'), 2, 'Second Song', 0, 0, false),
     (tests.id('song5'), 3, 'Fifth Song', 0, 0, false),
     (tests.id('song3'), 4, 'Third Song', 0, 0, false) $$,
  'four songs, most played first, ordered by where they usually sit, with zero votes');
select is((select count(*) from votes where show_id = tests.id('tba_show')), 0::bigint, 'building a prediction casts no votes');

select is(ensure_predicted_setlist(tests.id('tba_show')),
  (select id from setlists where show_id = tests.id('tba_show') and kind = 'predicted'),
  'a second call returns the same prediction');
select is((select count(*) from setlist_songs ss join setlists s on s.id = ss.setlist_id
  where s.show_id = tests.id('tba_show')), 4::bigint, 'and builds nothing more');

select * from finish();
rollback;
