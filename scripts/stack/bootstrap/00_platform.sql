-- platform bootstrap: what every Supabase project starts with, reproduced on a
-- vanilla PostgreSQL for the docker-free local stack. This never goes into
-- supabase/migrations: a hosted or Docker Supabase already has all of it.
--
-- Run as supabase_admin, the cluster's bootstrap superuser (initdb -U
-- supabase_admin), as supabase/postgres does on hosted Supabase: the platform
-- schemas are the superuser's, and `postgres`, the role migrations and the
-- developer use, is an ordinary role (supabase/postgres
-- migrations/db/migrations/10000000000000_demote-postgres.sql). Every
-- statement is written to be re-runnable so a half-applied bootstrap can be
-- repeated.

set client_min_messages = warning;

-- ---------------------------------------------------------------------------
-- roles (supabase/postgres init scripts: 00-initial-schema, demote-postgres)
-- ---------------------------------------------------------------------------
do $roles$
begin
  if current_user <> 'supabase_admin' or not (select rolsuper from pg_roles where rolname = current_user) then
    raise exception 'the platform bootstrap runs as the superuser supabase_admin, not %', current_user;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'postgres') then
    create role postgres login;
  end if;
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

-- postgres as on hosted Supabase (demote-postgres): no superuser, but it may
-- create databases and roles, replicate, and bypass row level security
alter role postgres with nosuperuser createdb createrole login replication bypassrls password 'postgres';
alter role supabase_admin with superuser createdb createrole replication bypassrls;
-- hosted: the project database belongs to postgres (so does its public schema, through pg_database_owner)
alter database postgres owner to postgres;
grant all on database postgres to postgres;

-- the local stack's well-known password, same as the Supabase CLI's database
alter role authenticator password 'postgres';
alter role supabase_auth_admin password 'postgres';
-- GoTrue's role (the local auth server connects as it): auth first, as hosted sets it
alter role supabase_auth_admin set search_path = auth;

grant anon, authenticated, service_role to authenticator;
-- grant_auth_roles_to_postgres, grant_pg_monitor_to_postgres,
-- grant_predefined_roles_to_postgres, and (so postgres may add triggers and
-- policies to auth's tables) grant-supabase-auth-admin-...-to-postgres
grant anon, authenticated, service_role to postgres;
grant pg_monitor, pg_read_all_data, pg_signal_backend to postgres;
grant supabase_auth_admin to postgres;
-- hosted lets postgres create policies on realtime.messages through
-- supautils.policy_grants (a superuser-side hook this vanilla PostgreSQL does
-- not have); membership of the table's owner role stands in for it here. It
-- is broader than hosted (postgres could alter the table locally); the
-- platform tests check nothing relies on that.
grant supabase_realtime_admin to postgres;

-- PostgREST applies these per request for the role it switches to
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- ---------------------------------------------------------------------------
-- schemas and extensions
-- ---------------------------------------------------------------------------
-- hosted: postgres created the extensions schema (init scripts run as
-- postgres before its demotion), so it owns it and may create trusted
-- extensions there (pg_trgm, ...); its tables, routines and sequences are
-- postgres' to use with grant option (grant_extensions_perms_for_postgres)
create schema if not exists extensions;
alter schema extensions owner to postgres;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
-- the local auth server hashes passwords with pgcrypto (GoTrue does it in Go)
grant usage on schema extensions to supabase_auth_admin;
alter default privileges in schema extensions grant execute on functions to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema extensions grant execute on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema extensions grant all on tables to postgres with grant option;
alter default privileges in schema extensions grant all on routines to postgres with grant option;
alter default privileges in schema extensions grant all on sequences to postgres with grant option;

create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pg_stat_statements with schema extensions;
-- pgTAP is one of hosted's privileged extensions (supautils lets postgres
-- create it); this PostgreSQL has no supautils, so the platform creates it and
-- the tests' `create extension if not exists pgtap` finds it there
create extension if not exists pgtap with schema extensions;
grant all privileges on all tables in schema extensions to postgres with grant option;
grant all privileges on all routines in schema extensions to postgres with grant option;
grant all privileges on all sequences in schema extensions to postgres with grant option;

-- every role searches extensions after public, as on Supabase
alter database postgres set search_path = "$user", public, extensions;
alter role postgres set search_path = "$user", public, extensions;
alter role supabase_admin set search_path = "$user", public, auth, extensions;

-- public: the API roles may use everything; row level security is what
-- protects rows (Supabase's default privileges, for what postgres creates -
-- the migrations - and for what supabase_admin creates)
grant usage on schema public to postgres, anon, authenticated, service_role;
-- postgres' own defaults are the project's once it has migrations (TheSet's
-- first migration revokes them from anon and authenticated): a bootstrap
-- applied again to a migrated database must not hand them back
do $postgres_defaults$
begin
  if pg_catalog.to_regclass('supabase_migrations.schema_migrations') is null then
    alter default privileges for role postgres in schema public grant all on tables to postgres, anon, authenticated, service_role;
    alter default privileges for role postgres in schema public grant all on functions to postgres, anon, authenticated, service_role;
    alter default privileges for role postgres in schema public grant all on sequences to postgres, anon, authenticated, service_role;
  end if;
end
$postgres_defaults$;
alter default privileges for role supabase_admin in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on sequences to postgres, anon, authenticated, service_role;

-- pg_cron lives in the postgres database (cron.database_name). On hosted it
-- is a privileged extension created by supabase_admin; postgres gets its
-- functions and every table but cron.job, which it may only read
-- (pg_cron-pg_net-temp-perms-fix, revoke_writes_on_cron_job_from_postgres):
-- jobs are changed through cron.schedule / cron.alter_job / cron.unschedule,
-- which act only on the caller's own jobs, and run as their owner.
create extension if not exists pg_cron;
grant usage on schema cron to postgres with grant option;
grant all on all functions in schema cron to postgres with grant option;
grant all privileges on all tables in schema cron to postgres with grant option;
grant all privileges on all sequences in schema cron to postgres with grant option;
alter default privileges in schema cron grant all on tables to postgres with grant option;
alter default privileges in schema cron grant all on functions to postgres with grant option;
alter default privileges in schema cron grant all on sequences to postgres with grant option;
revoke all on table cron.job from postgres;
grant select on table cron.job to postgres with grant option;

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
-- hosted: postgres made it, so migrations may `alter publication ... add table`
alter publication supabase_realtime owner to postgres;
