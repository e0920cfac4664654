-- Hosted privileges: on a Supabase project `postgres`, the role migrations and
-- the developer use, is not a superuser (supabase/postgres demotes it:
-- NOSUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS); supabase_admin is.
-- These tests run as postgres, as pg_prove and `supabase db push` connect, so
-- anything that needs a superuser is refused here as it would be there.
begin;
\ir ../helpers/fixtures.psql
select plan(15);

select is(current_user::text, 'postgres', 'the tests, like the migrations, run as postgres');
select is(current_setting('is_superuser'), 'off', 'postgres is not a superuser');
select ok((select rolbypassrls from pg_roles where rolname = 'postgres'), 'postgres bypasses row level security');
select ok((select rolcreatedb and rolcreaterole and rolreplication and rolcanlogin from pg_roles where rolname = 'postgres'),
  'postgres may create databases and roles, replicate and log in');
select ok((select rolsuper from pg_roles where rolname = 'supabase_admin'), 'supabase_admin is the superuser');
select ok(not pg_has_role('postgres', 'supabase_admin', 'member'), 'postgres cannot act as supabase_admin');
select ok(pg_has_role('postgres', 'service_role', 'member') and pg_has_role('postgres', 'authenticated', 'member')
  and pg_has_role('postgres', 'anon', 'member') and pg_has_role('postgres', 'pg_read_all_data', 'member'),
  'postgres holds the API roles and pg_read_all_data, as hosted grants them');

-- who owns what: the platform is the superuser's, the project is postgres'
select is(
  (select array_agg(nspname::text || '=' || nspowner::regrole::text order by nspname) from pg_namespace
   where nspname in ('cron', 'net', 'vault', 'realtime', 'extensions')),
  array['cron=supabase_admin', 'extensions=postgres', 'net=supabase_admin', 'realtime=supabase_admin', 'vault=supabase_admin'],
  'platform schemas belong to supabase_admin; extensions to postgres, as on hosted');
select is(
  (select count(*) from pg_class c where c.relnamespace = 'public'::regnamespace
     and c.relkind in ('r', 'p', 'v', 'm', 'S') and c.relowner <> 'postgres'::regrole),
  0::bigint, 'every table, view and sequence the migrations made belongs to postgres');
select is((select relowner::regrole::text from pg_class where oid = 'supabase_migrations.schema_migrations'::regclass),
  'postgres', 'supabase db push recorded the migrations as postgres');

-- what a migration cannot do on hosted, it cannot do here
select throws_ok($$ alter role postgres superuser $$, '42501', null, 'postgres cannot make itself a superuser');
select throws_ok($$ create extension file_fdw $$, '42501', null,
  'an extension that is neither trusted nor provided by the platform needs a superuser');
select throws_ok($$ alter function vault._decrypt(text) owner to postgres $$, '42501', null,
  'postgres cannot take over the platform''s objects');
select throws_ok($$ select pg_catalog.pg_read_file('postgresql.conf') $$, '42501', null,
  'postgres cannot read the server''s files');
select throws_ok($$ copy (select 1) to program 'true' $$, '42501', null,
  'postgres cannot run programs on the server');

select * from finish();
rollback;
