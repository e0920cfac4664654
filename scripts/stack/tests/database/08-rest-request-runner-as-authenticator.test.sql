-- The local REST gateway's request runner (bootstrap/50_rest.sql), called as
-- the gateway calls it: in a session of the authenticator. postgres is not a
-- member of authenticator (as on hosted Supabase, where supautils reserves
-- that membership), so this file connects as the authenticator itself, with
-- the local stack's well-known password.
\set authenticator_uri 'postgresql://authenticator:postgres@' :HOST ':' :PORT '/postgres'
\connect :authenticator_uri
begin;
select plan(6);

-- outcomes are recorded (a failed call's settings roll back with its subtransaction;
-- a successful call's role lasts until `reset role`, as a request's lasts until its commit)
create temporary table outcome (label text primary key, value text);
create function pg_temp.attempt(label text, call text) returns void language plpgsql as $$
begin
  execute pg_catalog.format('insert into outcome select %L, body from (%s) r', label, call);
exception when others then
  insert into outcome values (label, sqlstate || ': ' || sqlerrm);
end
$$;

select pg_temp.attempt('claims', $$select * from extensions.local_pgrst_request(
  'anon', '{"role":"anon","sub":"11111111-1111-1111-1111-111111111111"}', 'GET', '/probe', '{}', '{}',
  '"public", "extensions"', true,
  'select null::int8, 1::int8, current_user || '' '' || auth.uid()::text || '' '' || $1[1] || '' '' || current_setting(''transaction_read_only'')',
  array['bound'], true, false, null, null)$$);
reset role;
select pg_temp.attempt('rights', $$select * from extensions.local_pgrst_request(
  'anon', '{}', 'GET', '/', '{}', '{}', '"public"', true,
  'select null::int8, count(*), null::text from auth.users', '{}', true, false, null, null)$$);
reset role;
select pg_temp.attempt('max affected', $$select * from extensions.local_pgrst_request(
  'service_role', '{}', 'PATCH', '/', '{}', '{}', '"public"', false,
  'select null::int8, 3::int8, ''[]''::text', '{}', true, false, null, 2)$$);
reset role;
select pg_temp.attempt('singular', $$select * from extensions.local_pgrst_request(
  'service_role', '{}', 'POST', '/', '{}', '{}', '"public"', false,
  'select null::int8, 2::int8, ''[]''::text', '{}', true, true, null, null)$$);
reset role;
select pg_temp.attempt('one row', $$select * from extensions.local_pgrst_request(
  'service_role', '{}', 'POST', '/', '{}', '{}', '"public"', false,
  'select null::int8, 1::int8, current_setting(''timezone'')', '{}', true, true, 'Europe/Paris', 1)$$);
reset role;
select pg_temp.attempt('not granted', $$select * from extensions.local_pgrst_request(
  'postgres', '{}', 'GET', '/', '{}', '{}', '"public"', true,
  'select null::int8, 1::int8, current_user::text', '{}', true, false, null, null)$$);
reset role;
-- the calls' set_config(search_path, ..., true) lasts until this test's rollback
set local search_path = "$user", public, extensions;

select is((select value from outcome where label = 'claims'),
  'anon 11111111-1111-1111-1111-111111111111 bound on',
  'the statement runs as the role, with the claims, its values bound, read only');
select is((select value from outcome where label = 'rights'),
  '42501: permission denied for table users',
  'statements meet exactly the role''s rights');
select matches((select value from outcome where label = 'max affected'), '^PGRST: \{.*"PGRST124"',
  'more rows than max-affected raise PGRST (answered as PGRST124)');
select matches((select value from outcome where label = 'singular'), '^PGRST: \{.*"PGRST116"',
  'a singular write with two rows raises PGRST (answered as PGRST116)');
select is((select value from outcome where label = 'one row'), 'Europe/Paris',
  'one row passes the singular and max-affected checks, in the preferred time zone');
select is((select value from outcome where label = 'not granted'),
  '42501: permission denied to set role "postgres"',
  'a role the authenticator is not granted is refused before the statement runs');

select * from finish();
rollback;
