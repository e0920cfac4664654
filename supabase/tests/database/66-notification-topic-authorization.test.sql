-- only the user may join their private topic user:<id> (Realtime Authorization on realtime.messages)
begin;
\ir ../helpers/fixtures.psql
select plan(4);

select ok(realtime.local_channel_access('user:' || tests.id('alice'), 'authenticated',
    jsonb_build_object('sub', tests.id('alice'), 'role', 'authenticated'), 'read'),
  'alice may receive on her own topic');
select ok(not realtime.local_channel_access('user:' || tests.id('alice'), 'authenticated',
    jsonb_build_object('sub', tests.id('bob'), 'role', 'authenticated'), 'read'),
  'bob may not receive on alice''s topic');
select ok(not realtime.local_channel_access('user:' || tests.id('alice'), 'anon', '{"role":"anon"}', 'read'),
  'anon may not');
select ok(not realtime.local_channel_access('user:' || tests.id('alice'), 'authenticated',
    jsonb_build_object('sub', tests.id('alice'), 'role', 'authenticated'), 'write'),
  'nobody may send on it but the database');

select * from finish();
rollback;
