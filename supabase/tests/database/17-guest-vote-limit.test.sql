-- a guest gets one vote action, then guest_vote_limit; after upgrading, the same user votes on
begin;
\ir ../helpers/fixtures.psql
select plan(7);

select tests.act_as('guest');
select is(cast_vote(tests.id('ss1'), 1) ->> 'upvotes', '1', 'a guest''s first vote counts');
select is(cast_vote(tests.id('ss1'), 1) ->> 'my_vote', '1', 'repeating it is no new action');
select throws_ok($$ select cast_vote(tests.id('ss2'), 1) $$, 'P0001', 'guest_vote_limit',
  'a guest''s second vote is refused');
select throws_ok($$ select cast_vote(tests.id('ss1'), -1) $$, 'P0001', 'guest_vote_limit',
  'changing the one vote is a second action too');
select throws_ok($$ select cast_vote(tests.id('ss1'), 0) $$, 'P0001', 'guest_vote_limit',
  'so is taking it back');

select tests.act_as_upgraded_guest();
select is(cast_vote(tests.id('ss2'), 1) ->> 'upvotes', '1', 'after sign-up the same user votes again');

select tests.act_as('owner');
select results_eq($$ select setlist_song_id, value::integer from votes where user_id = tests.id('guest') order by 1 $$,
  $$ values (tests.id('ss1'), 1), (tests.id('ss2'), 1) $$, 'the guest vote and the later vote both belong to that user');

select * from finish();
rollback;
