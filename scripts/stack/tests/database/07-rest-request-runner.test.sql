-- The local REST gateway's platform SQL (bootstrap/50_rest.sql): only the
-- authenticator may call the request runner, and DDL bumps the schema
-- generation. Also GoTrue's AMR claims table (50_auth_sessions.sql). What the
-- runner does as the authenticator: 08-rest-request-runner-as-authenticator.
begin;
create extension if not exists pgtap with schema extensions;
select plan(4);

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

select * from finish();
rollback;
