-- platform bootstrap: what every Supabase project starts with, reproduced on a
-- vanilla PostgreSQL for the docker-free local stack. This never goes into
-- supabase/migrations: a hosted or Docker Supabase already has all of it.
--
-- Run once, as the superuser, on a freshly initialised cluster. Every
-- statement is written to be re-runnable so a half-applied bootstrap can be
-- repeated.

set client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- roles (supabase/postgres init scripts: 00-schema, roles)
-- ---------------------------------------------------------------------------
do $roles$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  -- the auth server's own role; owns the auth schema objects on Supabase
  if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin login noinherit createrole;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_realtime_admin') then
    create role supabase_realtime_admin nologin noinherit;
  end if;
end
$roles$;

-- the local stack's well-known password, same as the Supabase CLI's database
alter role authenticator password 'postgres';
alter role supabase_auth_admin password 'postgres';

grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;

-- PostgREST applies these per request for the role it switches to
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- ---------------------------------------------------------------------------
-- schemas and extensions
-- ---------------------------------------------------------------------------
create schema if not exists extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
alter default privileges in schema extensions grant execute on functions to postgres, anon, authenticated, service_role;

create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pg_stat_statements with schema extensions;

-- every role searches extensions after public, as on Supabase
alter database postgres set search_path = "$user", public, extensions;
alter role postgres set search_path = "$user", public, extensions;

-- public: the API roles may use everything; row level security is what
-- protects rows (Supabase's default privileges)
grant usage on schema public to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to postgres, anon, authenticated, service_role;

-- pg_cron lives in the postgres database (cron.database_name)
create extension if not exists pg_cron;
grant usage on schema cron to postgres;
grant all privileges on all tables in schema cron to postgres;

-- ---------------------------------------------------------------------------
-- realtime publication (empty; projects add their tables)
-- ---------------------------------------------------------------------------
do $pub$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime with (publish = 'insert, update, delete, truncate');
  end if;
end
$pub$;
