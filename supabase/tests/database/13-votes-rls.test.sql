-- votes: a fan reads only their own rows; nobody writes them except through cast_vote
begin;
\ir ../helpers/fixtures.psql
select plan(7);

select tests.act_as('alice');
select cast_vote(tests.id('ss1'), 1);
select tests.act_as('bob');
select cast_vote(tests.id('ss1'), -1);

select tests.act_as('alice');
select results_eq($$ select user_id, value::integer from votes $$,
  $$ values (tests.id('alice'), 1) $$, 'alice sees only her own vote');
select tests.act_as('bob');
select results_eq($$ select user_id, value::integer from votes $$,
  $$ values (tests.id('bob'), -1) $$, 'bob sees only his own vote');
select throws_ok(
  $$ insert into votes (user_id, setlist_song_id, show_id, value) values (tests.id('bob'), tests.id('ss2'), tests.id('upcoming_show'), 1) $$,
  '42501', 'permission denied for table votes', 'a fan cannot insert a vote row directly');
select throws_ok($$ update votes set value = 1 $$, '42501', 'permission denied for table votes',
  'a fan cannot change a vote row directly');

select tests.act_as('anon');
select throws_ok($$ select count(*) from votes $$, '42501', 'permission denied for table votes', 'anon cannot read votes');

select tests.act_as('service');
select is((select count(*) from votes where setlist_song_id = tests.id('ss1')), 2::bigint, 'the service role reads every fan''s vote');

select tests.act_as('owner');
select is((select upvotes || '/' || downvotes from setlist_songs where id = tests.id('ss1')), '1/1',
  'the votes went through cast_vote');

select * from finish();
rollback;
