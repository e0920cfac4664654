-- PostgREST's schema-cache reload, as Supabase ships it: event triggers that
-- `notify pgrst, 'reload schema'` after DDL (Supabase's pgrst_ddl_watch and
-- pgrst_drop_watch), so the local /rest/v1 sees new tables, columns, foreign
-- keys and functions without a restart.
--
-- The local gateway also keeps a transactional DDL generation counter: a
-- notification arrives a moment after the DDL commits, and a request in that
-- moment can compare the counter with the one its cache was loaded at and
-- reload first instead of answering "table not found".

create table if not exists extensions.local_pgrst_schema_generation (
  singleton boolean primary key default true check (singleton),
  generation bigint not null default 0
);
comment on table extensions.local_pgrst_schema_generation is
  'Local platform only: bumped by every DDL the schema cache cares about, in the DDL''s own transaction.';
insert into extensions.local_pgrst_schema_generation (singleton) values (true) on conflict do nothing;
revoke all on extensions.local_pgrst_schema_generation from public, anon, authenticated, service_role;

create or replace function extensions.local_pgrst_schema_changed()
returns void
language sql
security definer
set search_path = ''
as $$
  update extensions.local_pgrst_schema_generation set generation = generation + 1 where singleton;
  select pg_catalog.pg_notify('pgrst', 'reload schema');
$$;
comment on function extensions.local_pgrst_schema_changed() is
  'Records a schema change for the local REST gateway: bumps the generation and notifies pgrst.';
revoke execute on function extensions.local_pgrst_schema_changed() from public, anon, authenticated, service_role;

create or replace function extensions.pgrst_ddl_watch()
returns event_trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  command record;
begin
  for command in select * from pg_catalog.pg_event_trigger_ddl_commands() loop
    if command.command_tag in (
      'CREATE SCHEMA', 'ALTER SCHEMA',
      'CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE',
      'CREATE FOREIGN TABLE', 'ALTER FOREIGN TABLE',
      'CREATE VIEW', 'ALTER VIEW',
      'CREATE MATERIALIZED VIEW', 'ALTER MATERIALIZED VIEW',
      'CREATE FUNCTION', 'ALTER FUNCTION',
      'CREATE TRIGGER', 'CREATE TYPE', 'ALTER TYPE', 'CREATE RULE', 'COMMENT'
    )
    -- temporary objects are never part of the API
    and command.schema_name is distinct from 'pg_temp' then
      perform extensions.local_pgrst_schema_changed();
      return;
    end if;
  end loop;
end
$$;
comment on function extensions.pgrst_ddl_watch() is 'Asks PostgREST to reload its schema cache after DDL.';
revoke execute on function extensions.pgrst_ddl_watch() from public, anon, authenticated, service_role;

create or replace function extensions.pgrst_drop_watch()
returns event_trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  dropped record;
begin
  for dropped in select * from pg_catalog.pg_event_trigger_dropped_objects() loop
    if dropped.object_type in (
      'schema', 'table', 'foreign table', 'view', 'materialized view',
      'function', 'trigger', 'type', 'rule', 'table column', 'table constraint'
    )
    and not dropped.is_temporary then
      perform extensions.local_pgrst_schema_changed();
      return;
    end if;
  end loop;
end
$$;
comment on function extensions.pgrst_drop_watch() is 'Asks PostgREST to reload its schema cache after a drop.';
revoke execute on function extensions.pgrst_drop_watch() from public, anon, authenticated, service_role;

drop event trigger if exists pgrst_ddl_watch;
create event trigger pgrst_ddl_watch on ddl_command_end execute procedure extensions.pgrst_ddl_watch();

drop event trigger if exists pgrst_drop_watch;
create event trigger pgrst_drop_watch on sql_drop execute procedure extensions.pgrst_drop_watch();

-- ---------------------------------------------------------------------------
-- One request, one statement. PostgREST opens a transaction, sets the role
-- and the request's settings with set_config(..., true), runs its statement
-- and commits. The local gateway does the same inside one function call, so
-- a request is a single statement (one round trip, one implicit transaction)
-- and nothing of it runs unless the role and claims were set first.
-- ---------------------------------------------------------------------------

grant usage on schema extensions to authenticator;

create or replace function extensions.local_pgrst_request(
  request_role text,
  claims text,
  method text,
  path text,
  headers text,
  cookies text,
  search_path text,
  read_only boolean,
  statement text,
  params text[],
  returns_rows boolean,
  singular boolean,
  time_zone text,
  max_affected bigint
)
returns table (total bigint, page bigint, body text)
language plpgsql
volatile
as $$
declare
  affected bigint;
begin
  if read_only then
    perform pg_catalog.set_config('transaction_read_only', 'on', true);
  end if;
  perform pg_catalog.set_config('search_path', search_path, true),
    pg_catalog.set_config('role', request_role, true),
    pg_catalog.set_config('request.jwt.claims', claims, true),
    pg_catalog.set_config('request.method', method, true),
    pg_catalog.set_config('request.path', path, true),
    pg_catalog.set_config('request.headers', headers, true),
    pg_catalog.set_config('request.cookies', cookies, true);
  -- Prefer: timezone=...
  if time_zone is not null then
    perform pg_catalog.set_config('timezone', time_zone, true);
  end if;
  if not returns_rows then
    execute statement using params;
    get diagnostics affected = row_count;
    page := affected;
  else
    execute statement using params into total, page, body;
  end if;
  -- Prefer: handling=strict, max-affected=n
  if max_affected is not null and page > max_affected then
    raise sqlstate 'PGRST' using
      message = pg_catalog.json_build_object(
        'code', 'PGRST124',
        'message', 'Query result exceeds max-affected preference constraint',
        'details', pg_catalog.format('The query affects %s rows', page),
        'hint', null)::text,
      detail = '{"status": 400, "headers": {}}';
  end if;
  if not returns_rows then
    return query select null::bigint, affected, null::text;
    return;
  end if;
  if singular and page is distinct from 1 then
    -- PostgREST's own way to answer with a status: raise sqlstate 'PGRST'
    raise sqlstate 'PGRST' using
      message = pg_catalog.json_build_object(
        'code', 'PGRST116',
        'message', 'Cannot coerce the result to a single JSON object',
        'details', pg_catalog.format('The result contains %s rows', page),
        'hint', null)::text,
      detail = '{"status": 406, "headers": {}}';
  end if;
  return next;
end
$$;
comment on function extensions.local_pgrst_request(text, text, text, text, text, text, text, boolean, text, text[], boolean, boolean, text, bigint) is
  'Local REST gateway: runs one request''s statement (client values as $1[n]) after switching to the request''s role, claims and request settings for the transaction; security invoker, so the statement runs with exactly the role''s rights.';
revoke execute on function extensions.local_pgrst_request(text, text, text, text, text, text, text, boolean, text, text[], boolean, boolean, text, bigint)
  from public, anon, authenticated, service_role;
grant execute on function extensions.local_pgrst_request(text, text, text, text, text, text, text, boolean, text, text[], boolean, boolean, text, bigint) to authenticator;
