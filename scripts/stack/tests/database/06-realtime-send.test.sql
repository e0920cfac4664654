-- realtime.send stores a broadcast for the gateway and never fails its caller
begin;
create extension if not exists pgtap with schema extensions;
select plan(4);

select has_function('realtime', 'send', array['jsonb', 'text', 'text', 'boolean']);
select realtime.send('{"up":3}'::jsonb, 'counts', 'show:probe', false);
select is((select payload from realtime.messages where topic = 'show:probe'), '{"up":3}'::jsonb, 'the message is stored');
select is((select extension from realtime.messages where topic = 'show:probe'), 'broadcast', 'as a broadcast');
select ok(exists(select 1 from pg_publication where pubname = 'supabase_realtime'), 'the supabase_realtime publication exists');

select * from finish();
rollback;
