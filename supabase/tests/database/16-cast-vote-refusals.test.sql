-- cast_vote refuses with a distinct code and writes nothing
begin;
\ir ../helpers/fixtures.psql
select plan(12);

select tests.act_as('anon');
select throws_ok($$ select cast_vote(tests.id('ss1'), 1) $$, 'P0001', 'not_authenticated', 'anon cannot vote');

select tests.act_as('alice');
select throws_ok($$ select cast_vote(tests.id('ss1'), 2) $$, 'P0001', 'invalid_vote_value', 'a vote of 2 is refused');
select throws_ok($$ select cast_vote(tests.id('ss1'), null) $$, 'P0001', 'invalid_vote_value', 'a null vote is refused');
select throws_ok($$ select cast_vote('00000000-0000-4000-8000-000000000000', 1) $$, 'P0001', 'setlist_song_not_found',
  'an unknown setlist song is refused');
select throws_ok($$ select cast_vote(tests.id('ss_started'), 1) $$, 'P0001', 'voting_closed',
  'voting closes when the show starts');
select throws_ok($$ select cast_vote(tests.id('ss_cancelled'), 1) $$, 'P0001', 'show_cancelled',
  'a cancelled show takes no votes');

-- a show whose time is TBA closes on its venue-local date
select tests.act_as('owner');
insert into setlists (id, show_id, kind) values ('f0000000-0000-4000-8000-0000000000aa', tests.id('tba_show'), 'predicted');
insert into setlist_songs (id, setlist_id, song_id, title, position)
values ('f1000000-0000-4000-8000-0000000000aa', 'f0000000-0000-4000-8000-0000000000aa', tests.id('song1'), 'First Song', 1);
update shows set local_date = current_date where id = tests.id('tba_show');
select tests.act_as('alice');
select throws_ok($$ select cast_vote('f1000000-0000-4000-8000-0000000000aa', 1) $$, 'P0001', 'voting_closed',
  'a time-TBA show closes on its date');

-- a scored (locked) prediction and an actual setlist take no votes
select tests.act_as('owner');
update setlists set locked_at = now() where id = tests.id('upcoming_prediction');
select tests.act_as('alice');
select throws_ok($$ select cast_vote(tests.id('ss2'), 1) $$, 'P0001', 'setlist_locked', 'a locked prediction is refused');
select tests.act_as('owner');
insert into setlists (id, show_id, kind) values ('f0000000-0000-4000-8000-0000000000bb', tests.id('started_show'), 'actual');
insert into setlist_songs (id, setlist_id, song_id, title, position)
values ('f1000000-0000-4000-8000-0000000000bb', 'f0000000-0000-4000-8000-0000000000bb', tests.id('song1'), 'First Song', 1);
select tests.act_as('alice');
select throws_ok($$ select cast_vote('f1000000-0000-4000-8000-0000000000bb', 1) $$, 'P0001', 'setlist_locked',
  'an actual setlist is refused');

select tests.act_as('owner');
select is((select count(*) from votes where user_id = tests.id('alice')), 0::bigint, 'no refusal wrote a vote');
select is((select count(*) from vote_action_counts where user_id = tests.id('alice')), 0::bigint, 'no refusal counted an action');
select is((select count(*) from realtime.messages m join shows sh on m.topic = 'show:' || sh.id
  where sh.artist_id = tests.id('artist')), 0::bigint, 'no refusal sent a message');

select * from finish();
rollback;
