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
select is((select payload from realtime.messages where topic = 'show:' || tests.id('upcoming_show') order by inserted_at desc, id limit 1)
  ->> 'setlist_song_id' is not null, true, 'viewers are told the new counts');

-- a fan without votes leaves every counter as it was
delete from auth.users where id = tests.id('guest');
select is((select upvotes from setlist_songs where id = tests.id('ss1')), 1, 'deleting a fan without votes changes no counter');

select * from finish();
rollback;
