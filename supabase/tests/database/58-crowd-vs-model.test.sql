-- after a show, score_prediction scores the engine's own songs and the crowd's (songs by net votes,
-- as many as the engine predicted); prediction_accuracy lists both for the artist page
begin;
\ir ../helpers/fixtures.psql
select plan(7);

-- the engine placed song1 (.9), song2 (.8), song3 (.5); alice suggests song6
update setlist_songs set probability = p.probability
from (values (tests.id('ss1'), 0.9), (tests.id('ss2'), 0.8), (tests.id('ss3'), 0.5)) as p (id, probability)
where setlist_songs.id = p.id;
select tests.act_as('alice');
select suggest_song(tests.id('upcoming_show'), tests.id('song6'));
-- net votes: song6 +2, song1 +1, song2 0, song3 -1
select cast_vote((select id from setlist_songs where setlist_id = tests.id('upcoming_prediction') and song_id = tests.id('song6')), 1);
select cast_vote(tests.id('ss3'), -1);
select tests.act_as('bob');
select cast_vote((select id from setlist_songs where setlist_id = tests.id('upcoming_prediction') and song_id = tests.id('song6')), 1);
select cast_vote(tests.id('ss1'), 1);

-- played: song1, song6, song4
select tests.act_as('owner');
insert into setlists (id, show_id, kind) values ('f0000000-0000-4000-8000-0000000000bc', tests.id('upcoming_show'), 'actual');
insert into setlist_songs (setlist_id, song_id, title, position) values
  ('f0000000-0000-4000-8000-0000000000bc', tests.id('song1'), 'First Song', 1),
  ('f0000000-0000-4000-8000-0000000000bc', tests.id('song6'), 'Sixth Song', 2),
  ('f0000000-0000-4000-8000-0000000000bc', tests.id('song4'), 'Fourth Song', 3);

select tests.act_as('service');
-- engine: song1 song2 song3, 1 of 3 played: f1 = 2 x 1 / (3 + 3) = .3333
-- crowd: song6 song1 song2 (top 3 by net votes), 2 of 3 played: f1 = 2 x 2 / (3 + 3) = .6667
select is(
  (select jsonb_build_object('engine', array[r ->> 'engine_songs', r ->> 'engine_matched', r ->> 'engine_f1'],
     'crowd', array[r ->> 'crowd_votes', r ->> 'crowd_songs', r ->> 'crowd_matched', r ->> 'crowd_f1'])
   from (select score_prediction(tests.id('upcoming_show')) as r) s),
  jsonb_build_object('engine', array['3', '1', '0.3333'], 'crowd', array['4', '3', '2', '0.6667']),
  'the model got 1 of 3, the fans 2 of 3');

select tests.act_as('anon');
select results_eq(
  $$ select artist_id, show_id, engine_matched, engine_songs, crowd_matched, crowd_songs from prediction_accuracy $$,
  $$ values (tests.id('artist'), tests.id('upcoming_show'), 1, 3, 2, 3) $$,
  'anyone reads both scores for the artist''s accuracy chart');

-- without votes there is no crowd prediction, only the engine's
select tests.act_as('owner');
delete from votes;
update setlist_songs set upvotes = 0, downvotes = 0 where setlist_id = tests.id('upcoming_prediction');
select tests.act_as('service');
select is((score_prediction(tests.id('upcoming_show')) ->> 'crowd_f1'), null, 'no votes: no crowd score');
select is((select crowd_votes from prediction_scores where show_id = tests.id('upcoming_show')), 0, 'and it says why: no votes');
select is((select engine_f1 from prediction_scores where show_id = tests.id('upcoming_show')), 0.3333,
  'the engine is still scored');

-- a catalog-only prediction (no probabilities): the engine's songs are its non-suggested rows
select tests.act_as('owner');
update setlist_songs set probability = null where setlist_id = tests.id('upcoming_prediction');
select tests.act_as('service');
select is((score_prediction(tests.id('upcoming_show')) ->> 'engine_songs')::int, 3, 'a catalog prediction counts its three songs, not the suggestion');

select tests.act_as('alice');
select throws_ok($$ select score_prediction(tests.id('upcoming_show')) $$, '42501', null, 'fans cannot score a show');

select * from finish();
rollback;
