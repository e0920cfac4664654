-- deleting a fan's account takes their votes out of the counters
begin;
\ir ../helpers/fixtures.psql
select plan(6);

select tests.act_as('alice');
select cast_vote(tests.id('ss1'), 1);
select cast_vote(tests.id('ss2'), -1);
select tests.act_as('bob');
select cast_vote(tests.id('ss1'), 1);

select tests.act_as('owner');
select is((select upvotes from setlist_songs where id = tests.id('ss1')), 2, 'two fans voted the first song up');

delete from auth.users where id = tests.id('alice');

select is((select upvotes from setlist_songs where id = tests.id('ss1')), 1, 'the deleted fan''s up vote is gone from the counter');
select is((select downvotes from setlist_songs where id = tests.id('ss2')), 0, 'and their down vote too');
select is((select count(*)::integer from votes where user_id = tests.id('alice')), 0, 'their vote rows are gone');
-- the second song's counts are down to zero only after the deletion: cast_vote never sent these
select ok(exists(select 1 from realtime.messages where topic = 'show:' || tests.id('upcoming_show')
    and payload @> jsonb_build_object('setlist_song_id', tests.id('ss2'), 'upvotes', 0, 'downvotes', 0)),
  'viewers are told the new counts');

-- a fan without votes leaves every counter as it was
delete from auth.users where id = tests.id('guest');
select is((select upvotes from setlist_songs where id = tests.id('ss1')), 1, 'deleting a fan without votes changes no counter');

select * from finish();
rollback;
