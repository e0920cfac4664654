-- show topics are private: Realtime Authorization reads the realtime.messages
-- policies with realtime.topic() set to the channel's topic and the joining
-- JWT's role and claims. Viewers (anon, fans, guests) may receive on show:%;
-- nobody but the database may send there; other topics stay closed.
begin;
\ir ../helpers/fixtures.psql
select plan(12);

-- messages other runs left on the fixture show's topic (they stay until their partition is dropped)
delete from realtime.messages where topic = 'show:' || tests.id('upcoming_show');

-- what the database sends: a real vote's counts, private
select tests.act_as('alice');
select lives_ok($$ select cast_vote(tests.id('ss1'), 1) $$, 'alice votes up');
select tests.act_as('owner');
select is((select bool_and(private) from realtime.messages where topic = 'show:' || tests.id('upcoming_show')), true,
  'cast_vote''s vote_counts is a private message');

-- the read check Realtime runs for a private join, as each viewer
select tests.act_as('anon');
select set_config('realtime.topic', 'show:' || tests.id('upcoming_show'), true);
select is((select count(*)::int from realtime.messages where extension = 'broadcast'), 1,
  'anon may read broadcasts on a show topic');
select tests.act_as('guest');
select is((select count(*)::int from realtime.messages where extension = 'broadcast'), 1,
  'a guest may read broadcasts on a show topic');
select tests.act_as('alice');
select is((select count(*)::int from realtime.messages where extension = 'broadcast'), 1,
  'a fan may read broadcasts on a show topic');

-- the write check Realtime runs for a client broadcast: refused for every client role
select tests.act_as('anon');
select throws_ok(
  format($$ insert into realtime.messages (topic, extension, event, payload, private)
            values (%L, 'broadcast', 'vote_counts', '{"upvotes":999}', true) $$, 'show:' || tests.id('upcoming_show')),
  '42501', null, 'anon may not send on a show topic (no insert policy)');
select tests.act_as('alice');
select throws_ok(
  format($$ insert into realtime.messages (topic, extension, event, payload, private)
            values (%L, 'broadcast', 'vote_counts', '{"upvotes":999}', true) $$, 'show:' || tests.id('upcoming_show')),
  '42501', null, 'a fan may not send on a show topic (no insert policy)');

-- other topics and presence stay closed
select tests.act_as('owner');
select realtime.send('{"n":1}'::jsonb, 'note', 'staff:room', true);
insert into realtime.messages (topic, extension, event, payload, private)
values ('show:' || tests.id('upcoming_show'), 'presence', 'join', '{}', true);
select tests.act_as('anon');
select set_config('realtime.topic', 'staff:room', true);
select is((select count(*)::int from realtime.messages), 0, 'anon may not read a topic outside show:%');
select tests.act_as('alice');
select is((select count(*)::int from realtime.messages), 0, 'nor may a fan');
select set_config('realtime.topic', 'show:' || tests.id('upcoming_show'), true);
select is((select count(*)::int from realtime.messages where extension = 'presence'), 0,
  'presence on a show topic is not readable');
select is((select count(*)::int from realtime.messages where topic = 'staff:room'), 0,
  'with a show topic set, rows of other topics stay hidden');
select set_config('realtime.topic', '', true);
select is((select count(*)::int from realtime.messages), 0, 'without a topic set, nothing is readable');

select * from finish();
rollback;
