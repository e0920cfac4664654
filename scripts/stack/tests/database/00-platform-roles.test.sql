-- the four API roles exist with Supabase's attributes and memberships
begin;
create extension if not exists pgtap with schema extensions;
select plan(14);

select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select has_role('authenticator');

select is((select rolcanlogin from pg_roles where rolname = 'anon'), false, 'anon cannot log in');
select is((select rolcanlogin from pg_roles where rolname = 'authenticated'), false, 'authenticated cannot log in');
select is((select rolcanlogin from pg_roles where rolname = 'service_role'), false, 'service_role cannot log in');
select is((select rolbypassrls from pg_roles where rolname = 'service_role'), true, 'service_role bypasses RLS');
select is((select rolbypassrls from pg_roles where rolname = 'authenticated'), false, 'authenticated does not bypass RLS');
select is((select rolcanlogin and not rolinherit from pg_roles where rolname = 'authenticator'), true,
  'authenticator logs in and does not inherit');

select ok(pg_has_role('authenticator', 'anon', 'member') and pg_has_role('authenticator', 'authenticated', 'member')
  and pg_has_role('authenticator', 'service_role', 'member'), 'authenticator may switch to the three API roles');
select ok(pg_has_role('postgres', 'service_role', 'member'), 'postgres is granted the API roles');
select is((select setconfig from pg_db_role_setting where setrole = 'anon'::regrole and setdatabase = 0),
  array['statement_timeout=3s'], 'anon statement_timeout is 3s');
select is((select setconfig from pg_db_role_setting where setrole = 'authenticated'::regrole and setdatabase = 0),
  array['statement_timeout=8s'], 'authenticated statement_timeout is 8s');

select * from finish();
rollback;
