-- a fan's vote actions per UTC day are capped by app_limits.daily_vote_actions
begin;
\ir ../helpers/fixtures.psql
select plan(6);

update app_limits set daily_vote_actions = 2;

select tests.act_as('alice');
select lives_ok($$ select cast_vote(tests.id('ss1'), 1) $$, 'first action of the day');
select lives_ok($$ select cast_vote(tests.id('ss1'), -1) $$, 'second action of the day');
select throws_ok($$ select cast_vote(tests.id('ss2'), 1) $$, 'P0001', 'daily_vote_limit', 'the third is refused');
select is(cast_vote(tests.id('ss1'), -1) ->> 'downvotes', '1', 'repeating a vote is no action, so still answered');

select tests.act_as('owner');
select is((select downvotes from setlist_songs where id = tests.id('ss2')), 0, 'the refused vote changed nothing');
-- yesterday's actions do not count today
update vote_action_counts set day = current_date - 1 where user_id = tests.id('alice');
select tests.act_as('alice');
select lives_ok($$ select cast_vote(tests.id('ss2'), 1) $$, 'a new day starts a new count');

select * from finish();
rollback;
