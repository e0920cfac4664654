-- The local REST gateway's platform SQL (bootstrap/50_rest.sql): the request
-- runner switches role and claims before the statement and refuses what the
-- authenticator may not do; DDL bumps the schema generation. Also GoTrue's
-- AMR claims table (50_auth_sessions.sql).
begin;
create extension if not exists pgtap with schema extensions;
select plan(9);

select has_table('auth', 'mfa_amr_claims', 'GoTrue''s AMR claims table exists');

select ok(
  has_function_privilege('authenticator',
    'extensions.local_pgrst_request(text, text, text, text, text, text, text, boolean, text, text[], boolean, boolean, text, bigint)',
    'execute'),
  'the authenticator runs requests');
select ok(
  not has_function_privilege('anon',
    'extensions.local_pgrst_request(text, text, text, text, text, text, text, boolean, text, text[], boolean, boolean, text, bigint)',
    'execute'),
  'anon cannot call the runner directly');

create temporary table generation_before as select generation from extensions.local_pgrst_schema_generation;
create table public.pgtap_generation_probe (id int);
select cmp_ok(
  (select generation from extensions.local_pgrst_schema_generation), '>',
  (select generation from generation_before),
  'DDL in public bumps the schema generation');

-- each call runs as the authenticator, as the gateway does; outcomes are
-- recorded (a failed call's settings roll back with its subtransaction).
-- Refusing a role the authenticator is not granted is proved over HTTP in
-- tests/contract/rest.test.ts: here the session user is a superuser.
create temporary table outcome (label text primary key, value text);
grant all on outcome to authenticator;
create function pg_temp.attempt(label text, call text) returns void language plpgsql as $$
begin
  execute pg_catalog.format('insert into outcome select %L, body from (%s) r', label, call);
exception when others then
  insert into outcome values (label, sqlstate || ': ' || sqlerrm);
end
$$;
-- functions get no PUBLIC execute by default in this project
grant execute on function pg_temp.attempt(text, text) to authenticator;

set local role authenticator;
select pg_temp.attempt('claims', $$select * from extensions.local_pgrst_request(
  'anon', '{"role":"anon","sub":"11111111-1111-1111-1111-111111111111"}', 'GET', '/probe', '{}', '{}',
  '"public", "extensions"', true,
  'select null::int8, 1::int8, current_user || '' '' || auth.uid()::text || '' '' || $1[1] || '' '' || current_setting(''transaction_read_only'')',
  array['bound'], true, false, null, null)$$);
reset role;
set local role authenticator;
select pg_temp.attempt('rights', $$select * from extensions.local_pgrst_request(
  'anon', '{}', 'GET', '/', '{}', '{}', '"public"', true,
  'select null::int8, count(*), null::text from auth.users', '{}', true, false, null, null)$$);
reset role;
set local role authenticator;
select pg_temp.attempt('max affected', $$select * from extensions.local_pgrst_request(
  'service_role', '{}', 'PATCH', '/', '{}', '{}', '"public"', false,
  'select null::int8, 3::int8, ''[]''::text', '{}', true, false, null, 2)$$);
reset role;
set local role authenticator;
select pg_temp.attempt('singular', $$select * from extensions.local_pgrst_request(
  'service_role', '{}', 'POST', '/', '{}', '{}', '"public"', false,
  'select null::int8, 2::int8, ''[]''::text', '{}', true, true, null, null)$$);
reset role;
set local role authenticator;
select pg_temp.attempt('one row', $$select * from extensions.local_pgrst_request(
  'service_role', '{}', 'POST', '/', '{}', '{}', '"public"', false,
  'select null::int8, 1::int8, current_setting(''timezone'')', '{}', true, true, 'Europe/Paris', 1)$$);
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

select * from finish();
rollback;
