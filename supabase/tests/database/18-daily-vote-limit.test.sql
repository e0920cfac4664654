-- a fan's vote actions per UTC day are capped by app_limits.daily_vote_actions,
-- whatever time zone the caller sets for the session (PostgREST applies
-- Prefer: timezone=... as the transaction's TimeZone)
begin;
\ir ../helpers/fixtures.psql
select plan(11);

update app_limits set daily_vote_actions = 2;

select tests.act_as('alice');
select lives_ok($$ select cast_vote(tests.id('ss1'), 1) $$, 'first action of the day');
select lives_ok($$ select cast_vote(tests.id('ss1'), -1) $$, 'second action of the day');
select throws_ok($$ select cast_vote(tests.id('ss2'), 1) $$, 'P0001', 'daily_vote_limit', 'the third is refused');
select is(cast_vote(tests.id('ss1'), -1) ->> 'downvotes', '1', 'repeating a vote is no action, so still answered');

select tests.act_as('owner');
select is((select downvotes from setlist_songs where id = tests.id('ss2')), 0, 'the refused vote changed nothing');
select is((select day from vote_action_counts where user_id = tests.id('alice')), (now() at time zone 'utc')::date,
  'the count is kept on the UTC day');

-- the attack: alternate the session between zones on either side of the date
-- line (UTC+14 and UTC-11 are always on different calendar dates), hoping each
-- switch starts a fresh day. Each refusal rolls back only its own statement
select tests.act_as('alice');
set local timezone = 'Pacific/Kiritimati';
select throws_ok($$ select cast_vote(tests.id('ss2'), 1) $$, 'P0001', 'daily_vote_limit', 'refused in UTC+14');
set local timezone = 'Pacific/Pago_Pago';
select throws_ok($$ select cast_vote(tests.id('ss2'), 1) $$, 'P0001', 'daily_vote_limit', 'refused in UTC-11');
set local timezone = 'Pacific/Kiritimati';
select throws_ok($$ select cast_vote(tests.id('ss3'), 1) $$, 'P0001', 'daily_vote_limit', 'still refused back in UTC+14');
reset timezone;

-- a count never moves back to an earlier day: a row already on a later day
-- (however it got there) keeps counting on that day
select tests.act_as('owner');
update vote_action_counts set day = (now() at time zone 'utc')::date + 1, actions_today = 2
where user_id = tests.id('alice');
select tests.act_as('alice');
select throws_ok($$ select cast_vote(tests.id('ss3'), 1) $$, 'P0001', 'daily_vote_limit',
  'an earlier day does not reset a later day''s count');

-- the honest path: yesterday's actions do not count today
select tests.act_as('owner');
update vote_action_counts set day = (now() at time zone 'utc')::date - 1 where user_id = tests.id('alice');
select tests.act_as('alice');
select lives_ok($$ select cast_vote(tests.id('ss2'), 1) $$, 'a new UTC day starts a new count');

select * from finish();
rollback;
