-- score_prediction scores the prediction against the actual setlist and locks it
begin;
\ir ../helpers/fixtures.psql
select plan(9);

-- predicted (upcoming_prediction): a=song1 b=song2 c=song3 plus d=song4, and song5 voted out
insert into setlist_songs (setlist_id, song_id, title, position, upvotes, downvotes) values
  (tests.id('upcoming_prediction'), tests.id('song4'), 'Fourth Song', 4, 0, 0),
  (tests.id('upcoming_prediction'), tests.id('song5'), 'Fifth Song', 5, 1, 2);

select tests.act_as('service');
select throws_ok($$ select score_prediction(tests.id('upcoming_show')) $$, 'P0001', 'no_actual_setlist',
  'nothing to compare with before the actual setlist arrives');
select throws_ok($$ select score_prediction(tests.id('tba_show')) $$, 'P0001', 'no_predicted_setlist',
  'a show nobody predicted cannot be scored');
select throws_ok($$ select score_prediction('00000000-0000-4000-8000-000000000000') $$, 'P0001', 'show_not_found',
  'an unknown show is refused');

-- played: b=song2 a=song1 (a tape) c=song3 e=song6 f=(not in the catalog) song5
insert into setlists (id, show_id, kind) values ('f0000000-0000-4000-8000-0000000000ac', tests.id('upcoming_show'), 'actual');
insert into setlist_songs (setlist_id, song_id, title, position, is_tape) values
  ('f0000000-0000-4000-8000-0000000000ac', tests.id('song2'), 'Second Song', 1, false),
  ('f0000000-0000-4000-8000-0000000000ac', tests.id('song1'), 'First Song', 2, false),
  ('f0000000-0000-4000-8000-0000000000ac', null, 'Interlude', 3, true),
  ('f0000000-0000-4000-8000-0000000000ac', tests.id('song3'), 'Third Song', 4, false),
  ('f0000000-0000-4000-8000-0000000000ac', tests.id('song6'), 'Sixth Song', 5, false),
  ('f0000000-0000-4000-8000-0000000000ac', tests.id('song5'), 'Fifth Song', 6, false);

-- predicted a b c d (song5 is out: more down than up votes); played b a c e f
-- matched 3: precision 3/4, recall 3/5, f1 = 2 * .75 * .6 / 1.35 = .6667
-- ranks: a 1/2, b 2/1, c 3/3: footrule 2 of at most floor(9 / 2) = 4, agreement .5
-- score = round(100 * (.8 * .6667 + .2 * .5)) = round(63.33) = 63
select is(score_prediction(tests.id('upcoming_show')) - array['scored_at', 'matches', 'engine_songs', 'engine_matched', 'engine_f1', 'crowd_votes', 'crowd_songs',
  'crowd_matched', 'crowd_f1'],
  jsonb_build_object('show_id', tests.id('upcoming_show'), 'predicted_setlist_id', tests.id('upcoming_prediction'),
    'actual_setlist_id', 'f0000000-0000-4000-8000-0000000000ac'::uuid,
    'predicted_songs', 4, 'played_songs', 5, 'matched_songs', 3,
    'precision', 0.7500, 'recall', 0.6000, 'position_agreement', 0.5000, 'score', 63),
  'the worked example scores 63');

select tests.act_as('anon');
select is((select jsonb_agg(m ->> 'title' order by (m ->> 'predicted_position')::int) from prediction_scores ps,
  jsonb_array_elements(ps.matches) m), '["First Song", "Second Song", "Third Song"]'::jsonb,
  'anyone reads the score and which songs matched');

select tests.act_as('owner');
select isnt((select locked_at from setlists where id = tests.id('upcoming_prediction')), null, 'the prediction is locked');
select tests.act_as('alice');
select throws_ok($$ select cast_vote(tests.id('ss1'), 1) $$, 'P0001', 'setlist_locked', 'and takes no more votes');

-- re-scoring after a corrected setlist replaces the score
select tests.act_as('owner');
update setlist_songs set song_id = tests.id('song4'), title = 'Fourth Song'
where setlist_id = 'f0000000-0000-4000-8000-0000000000ac' and position = 5;
select tests.act_as('service');
select is((score_prediction(tests.id('upcoming_show')) ->> 'matched_songs')::int, 4, 're-scoring sees the correction');
select is((select count(*) from prediction_scores where show_id = tests.id('upcoming_show')), 1::bigint, 'one score per show');

select * from finish();
rollback;
