-- realtime (local platform): the database half of the gateway's Realtime.
-- Supabase Realtime decides who may see a change inside Postgres (its
-- "walrus" functions: render the WAL record with to_jsonb, check column
-- privileges, and for RLS tables run `select exists(...)` by primary key as
-- each subscriber's role with its JWT claims). These functions do the same
-- work for the docker-free gateway, one call per change with every distinct
-- (role, claims) audience batched into it, so the cost grows with distinct
-- audiences rather than with sockets. Private channels are authorized the way
-- Realtime does it: a probe row in realtime.messages read (or written) under
-- the subscriber's role, rolled back.
--
-- Only the gateway calls these, as postgres; nothing here is exposed to the
-- API roles.

create or replace function realtime.local_render_change(
  entity regclass,
  action text,
  new_values jsonb,
  old_values jsonb,
  audiences jsonb
) returns jsonb
language plpgsql volatile
set search_path = ''
as $$
declare
  rls_enabled boolean;
  all_columns jsonb;
  pk_names text[];
  pk_predicate text;
  rendered_new jsonb;
  rendered_old jsonb;
  audience jsonb;
  audience_role regrole;
  bypasses_rls boolean;
  selectable text[];
  visible boolean;
  audience_error text;
  results jsonb := '[]'::jsonb;
begin
  select c.relrowsecurity into rls_enabled from pg_catalog.pg_class c where c.oid = entity;

  -- every live column in table order, typed by udt name (int4, text, _int4, ...) as realtime-js expects
  select coalesce(jsonb_agg(jsonb_build_object('name', a.attname, 'type', t.typname) order by a.attnum), '[]'::jsonb)
    into all_columns
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_type t on t.oid = a.atttypid
  where a.attrelid = entity and a.attnum > 0 and not a.attisdropped;

  select array_agg(a.attname::text order by array_position(i.indkey::int2[], a.attnum)),
         string_agg(
           format('%I = ($1 ->> %L)::%s', a.attname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)),
           ' and ' order by array_position(i.indkey::int2[], a.attnum))
    into pk_names, pk_predicate
  from pg_catalog.pg_index i
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
  where i.indrelid = entity and i.indisprimary;

  -- the WAL carries each value's text output; populating the row type and
  -- taking to_jsonb gives exactly what Realtime sends (numbers as numbers,
  -- arrays as arrays, timestamps in ISO form)
  if new_values is not null then
    execute format('select pg_catalog.to_jsonb(r) from pg_catalog.jsonb_populate_record(null::%s, $1) r', entity)
      using new_values into rendered_new;
  end if;
  if old_values is not null then
    execute format('select pg_catalog.to_jsonb(r) from pg_catalog.jsonb_populate_record(null::%s, $1) r', entity)
      using old_values into rendered_old;
  end if;

  for audience in select value from pg_catalog.jsonb_array_elements(audiences) loop
    audience_role := pg_catalog.to_regrole(audience ->> 'role');
    visible := false;
    audience_error := null;
    selectable := '{}';
    if audience_role is not null then
      select r.rolbypassrls or r.rolsuper into bypasses_rls from pg_catalog.pg_roles r where r.oid = audience_role;
      select coalesce(array_agg(a.attname::text order by a.attnum), '{}')
        into selectable
      from pg_catalog.pg_attribute a
      where a.attrelid = entity and a.attnum > 0 and not a.attisdropped
        and pg_catalog.has_column_privilege(audience_role, entity, a.attnum, 'SELECT');

      if action = 'DELETE' then
        -- as on Supabase, deletes are not filtered by RLS (the row is gone)
        visible := true;
      elsif pk_names is null then
        visible := true;
        audience_error := 'Error 400: Bad Request, no primary key';
      elsif not pk_names <@ selectable then
        visible := true;
        audience_error := 'Error 401: Unauthorized';
      elsif not rls_enabled or bypasses_rls then
        visible := true;
      else
        begin
          perform pg_catalog.set_config('role', audience_role::text, true);
          perform pg_catalog.set_config('request.jwt.claims', coalesce(audience -> 'claims', '{}'::jsonb)::text, true);
          execute format('select exists(select 1 from %s where %s)', entity, pk_predicate)
            using new_values into visible;
          perform pg_catalog.set_config('role', 'none', true);
          perform pg_catalog.set_config('request.jwt.claims', '', true);
        exception when others then
          -- a policy that errors for this audience hides the row from it, and
          -- the subtransaction rollback restores role and claims
          visible := false;
        end;
      end if;
    end if;
    results := results || jsonb_build_array(jsonb_build_object(
      'visible', visible,
      'selectable', pg_catalog.to_jsonb(selectable),
      'error', audience_error));
  end loop;

  return jsonb_build_object(
    'columns', all_columns,
    'record', rendered_new,
    'old_record', rendered_old,
    'audiences', results);
end
$$;

comment on function realtime.local_render_change(regclass, text, jsonb, jsonb, jsonb) is
  'Local platform: renders one WAL change with to_jsonb and decides, for each distinct (role, claims) audience, whether it may see the row (column privileges, and RLS by primary key as that role) - the work Supabase Realtime''s walrus does per change.';

create or replace function realtime.local_channel_access(
  channel_topic text,
  role_name text,
  claims jsonb,
  access text
) returns boolean
language plpgsql volatile
set search_path = ''
as $$
declare
  audience_role regrole := pg_catalog.to_regrole(role_name);
  probe_id uuid;
  allowed boolean := false;
begin
  if access not in ('read', 'write') then
    raise exception 'access must be read or write, got %', access;
  end if;
  if audience_role is null then
    return false;
  end if;
  if (select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r where r.oid = audience_role) then
    return true;
  end if;

  begin
    if access = 'read' then
      insert into realtime.messages (topic, extension, private, event, payload)
      values (channel_topic, 'broadcast', true, 'authorization_probe', '{}'::jsonb)
      returning id into probe_id;
    end if;
    -- what Realtime's Authorization.set_conn_config sets before it reads or writes as the caller
    perform pg_catalog.set_config('role', audience_role::text, true);
    perform pg_catalog.set_config('realtime.topic', channel_topic, true);
    perform pg_catalog.set_config('request.jwt.claims', coalesce(claims, '{}'::jsonb)::text, true);
    perform pg_catalog.set_config('request.jwt.claim.sub', coalesce(claims ->> 'sub', ''), true);
    perform pg_catalog.set_config('request.jwt.claim.role', role_name, true);
    if access = 'read' then
      select exists(
        select 1 from realtime.messages m
        where m.id = probe_id and m.topic = channel_topic and m.extension = 'broadcast'
      ) into allowed;
    else
      insert into realtime.messages (topic, extension, private, event, payload)
      values (channel_topic, 'broadcast', true, 'authorization_probe', '{}'::jsonb);
      allowed := true;
    end if;
    -- undo the probe: nothing of it may stay in the table or reach the WAL reader
    raise exception using errcode = 'RTPRB', message = 'authorization probe rolled back';
  exception
    when sqlstate 'RTPRB' then
      null;
    when others then
      allowed := false;
  end;
  return allowed;
end
$$;

comment on function realtime.local_channel_access(text, text, jsonb, text) is
  'Local platform: may this role with these JWT claims read (or write) broadcasts on a private channel topic? Probes realtime.messages under RLS and rolls the probe back, as Supabase Realtime authorizes private channels.';

revoke all on function realtime.local_render_change(regclass, text, jsonb, jsonb, jsonb) from public;
revoke all on function realtime.local_channel_access(text, text, jsonb, text) from public;
grant execute on function realtime.local_render_change(regclass, text, jsonb, jsonb, jsonb) to postgres;
grant execute on function realtime.local_channel_access(text, text, jsonb, text) to postgres;
