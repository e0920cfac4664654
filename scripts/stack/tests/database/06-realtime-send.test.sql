-- realtime.send stores a broadcast for the gateway and never fails its caller;
-- as Supabase's own, it adds the message id to a payload without one and sets
-- realtime.topic for the transaction
begin;
create extension if not exists pgtap with schema extensions;
select plan(10);

select has_function('realtime', 'send', array['jsonb', 'text', 'text', 'boolean']);
select realtime.send('{"up":3}'::jsonb, 'counts', 'show:probe', false);
select is((select payload - 'id' from realtime.messages where topic = 'show:probe'), '{"up":3}'::jsonb, 'the message is stored');
select is((select payload ->> 'id' from realtime.messages where topic = 'show:probe'),
  (select id::text from realtime.messages where topic = 'show:probe'), 'a payload without an id gets the message id');
select is((select extension from realtime.messages where topic = 'show:probe'), 'broadcast', 'as a broadcast');
select is((select tableoid::regclass::text from realtime.messages where topic = 'show:probe'),
  'realtime.messages_' || to_char(now() at time zone 'utc', 'YYYY_MM_DD'), 'in today''s partition (UTC)');
select is(realtime.topic(), 'show:probe', 'realtime.topic() is the topic sent to, for the rest of the transaction');
select realtime.send('{"id":"mine","n":1}'::jsonb, 'counts', 'show:probe-own-id', true);
select is((select payload from realtime.messages where topic = 'show:probe-own-id'), '{"id":"mine","n":1}'::jsonb,
  'a payload''s own id is kept');
select is((select private from realtime.messages where topic = 'show:probe-own-id'), true, 'private is stored');
select lives_ok($$ select realtime.send('{}'::jsonb, 'counts', null, true) $$,
  'a failing send (no topic) does not fail the caller');
select ok(exists(select 1 from pg_publication where pubname = 'supabase_realtime'), 'the supabase_realtime publication exists');

select * from finish();
rollback;
