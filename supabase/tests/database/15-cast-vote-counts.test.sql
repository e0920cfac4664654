-- cast_vote: one vote per fan per song; changing direction moves the counters; 0 takes it back
begin;
\ir ../helpers/fixtures.psql
select plan(11);

select tests.act_as('alice');
select is(cast_vote(tests.id('ss1'), 1),
  jsonb_build_object('setlist_song_id', tests.id('ss1'), 'upvotes', 1, 'downvotes', 0, 'my_vote', 1),
  'an up vote counts and answers the new counts');
select is(cast_vote(tests.id('ss1'), 1),
  jsonb_build_object('setlist_song_id', tests.id('ss1'), 'upvotes', 1, 'downvotes', 0, 'my_vote', 1),
  'the same vote again changes nothing');

select tests.act_as('bob');
select is(cast_vote(tests.id('ss1'), 1) -> 'upvotes', '2'::jsonb, 'a second fan adds a second up vote');
select is(cast_vote(tests.id('ss1'), -1),
  jsonb_build_object('setlist_song_id', tests.id('ss1'), 'upvotes', 1, 'downvotes', 1, 'my_vote', -1),
  'changing direction moves the vote from up to down');
select is(cast_vote(tests.id('ss1'), 0),
  jsonb_build_object('setlist_song_id', tests.id('ss1'), 'upvotes', 1, 'downvotes', 0, 'my_vote', 0),
  'value 0 takes the vote back');
select is(cast_vote(tests.id('ss1'), 0) ->> 'my_vote', '0', 'taking back a vote that is not there is a no-op');

select tests.act_as('owner');
select results_eq($$ select user_id, value::integer, show_id from votes where setlist_song_id = tests.id('ss1') $$,
  $$ values (tests.id('alice'), 1, tests.id('upcoming_show')) $$,
  'one row per fan and song, carrying the show');
select is((select upvotes from setlist_songs where id = tests.id('ss1')),
  (select count(*)::integer from votes where setlist_song_id = tests.id('ss1') and value = 1),
  'upvotes equal the up vote rows');
select is((select downvotes from setlist_songs where id = tests.id('ss1')),
  (select count(*)::integer from votes where setlist_song_id = tests.id('ss1') and value = -1),
  'downvotes equal the down vote rows');
select is((select actions_total from vote_action_counts where user_id = tests.id('bob')), 3,
  'bob made three vote actions (the no-op retraction is not one)');

select tests.act_as('bob');
select is(cast_vote(tests.id('ss2'), -1) ->> 'downvotes', '1', 'votes on another song are counted apart');

select * from finish();
rollback;
