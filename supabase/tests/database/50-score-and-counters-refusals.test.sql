-- only the service role scores predictions; the score, limit and counter tables are written only by
-- the service role and the security-definer functions, never by anon or a fan directly
begin;
\ir ../helpers/fixtures.psql
select plan(20);

-- an actual setlist, so a permitted call has something to score
insert into setlists (id, show_id, kind) values ('f0000000-0000-4000-8000-0000000000ac', tests.id('upcoming_show'), 'actual');
insert into setlist_songs (setlist_id, song_id, title, position) values
  ('f0000000-0000-4000-8000-0000000000ac', tests.id('song1'), 'First Song', 1);
insert into vote_action_counts (user_id, day, actions_today, actions_total) values
  (tests.id('alice'), current_date, 1, 1);

select tests.act_as('anon');
select throws_ok($$ select score_prediction(tests.id('upcoming_show')) $$,
  '42501', 'permission denied for function score_prediction', 'anon cannot score a prediction');
select tests.act_as('alice');
select throws_ok($$ select score_prediction(tests.id('upcoming_show')) $$,
  '42501', 'permission denied for function score_prediction', 'a fan cannot score a prediction');
select tests.act_as('guest');
select throws_ok($$ select score_prediction(tests.id('upcoming_show')) $$,
  '42501', 'permission denied for function score_prediction', 'a guest cannot score a prediction');
select tests.act_as('owner');
select is((select count(*) from prediction_scores), 0::bigint, 'the refused calls scored nothing');
select is((select locked_at from setlists where id = tests.id('upcoming_prediction')), null,
  'and locked nothing');

select tests.act_as('alice');
select throws_ok($$ insert into prediction_scores (show_id, predicted_setlist_id, actual_setlist_id, predicted_songs,
    played_songs, matched_songs, precision, recall, position_agreement, score)
  values (tests.id('upcoming_show'), tests.id('upcoming_prediction'), 'f0000000-0000-4000-8000-0000000000ac',
    3, 1, 1, 1, 1, 1, 100) $$,
  '42501', 'permission denied for table prediction_scores', 'a fan cannot write a score');
select throws_ok($$ insert into app_limits (id) values (false) $$,
  '42501', 'permission denied for table app_limits', 'a fan cannot insert limits');
select throws_ok($$ update app_limits set daily_vote_actions = 1000000 $$,
  '42501', 'permission denied for table app_limits', 'a fan cannot raise the limits');
select throws_ok($$ insert into vote_action_counts (user_id, day, actions_today, actions_total)
  values (tests.id('bob'), current_date, 0, 0) $$,
  '42501', 'permission denied for table vote_action_counts', 'a fan cannot insert vote action counts');
select throws_ok($$ update vote_action_counts set actions_today = 0 $$,
  '42501', 'permission denied for table vote_action_counts', 'a fan cannot reset their daily vote count');

select tests.act_as('anon');
select throws_ok($$ update app_limits set guest_vote_actions = 1000 $$,
  '42501', 'permission denied for table app_limits', 'anon cannot raise the limits');
select throws_ok($$ select * from vote_action_counts $$,
  '42501', 'permission denied for table vote_action_counts', 'anon has no access to vote action counts');

select tests.act_as('owner');
select is((select daily_vote_actions from app_limits), 1000, 'the limits are unchanged');
select is((select actions_today from vote_action_counts where user_id = tests.id('alice')), 1,
  'the count is unchanged');

-- the permitted side: the service role scores, and a fan reads their own counts
select tests.act_as('service');
select is((score_prediction(tests.id('upcoming_show')) ->> 'matched_songs')::int, 1, 'the service role scores');
select tests.act_as('alice');
select is((select count(*) from prediction_scores where show_id = tests.id('upcoming_show')), 1::bigint,
  'a fan reads the score');
select is((select actions_today from vote_action_counts), 1, 'a fan reads their own vote action count');
select tests.act_as('bob');
select is((select count(*) from vote_action_counts), 0::bigint, 'and nobody else''s');
select tests.act_as('service');
select lives_ok($$ update vote_action_counts set actions_today = 0 where user_id = tests.id('alice') $$,
  'the service role writes vote action counts');
select lives_ok($$ update prediction_scores set score = 0 where show_id = tests.id('upcoming_show') $$,
  'the service role writes scores');

select * from finish();
rollback;
