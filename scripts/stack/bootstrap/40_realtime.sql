-- realtime: the database side of Supabase Realtime's broadcast-from-database.
-- realtime.send() writes a row to realtime.messages; the local gateway reads
-- those rows from the WAL through wal2json (as it reads postgres_changes) and
-- pushes them to the channel's subscribers.

create schema if not exists realtime;
grant usage on schema realtime to postgres, anon, authenticated, service_role;

-- As on Supabase, realtime.messages is partitioned by day (inserted_at, UTC):
-- realtime.local_maintain_message_partitions() creates yesterday's to three
-- days ahead and drops those older than 72 hours, as Realtime's janitor does;
-- the bootstrap runs it once and the gateway's realtime every hour. A send on
-- a day without a partition fails inside realtime.send (a warning), as there.
do $$
begin
  -- a cluster bootstrapped before the partitioning keeps its policies: they
  -- are copied to the partitioned table (as Realtime's own migration did),
  -- the old rows (a transport, not a history) are dropped with the old table
  if exists (
    select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'realtime' and c.relname = 'messages' and c.relkind = 'r'
  ) then
    alter table realtime.messages rename to messages_unpartitioned;
    -- index names are the schema's: free the ones the partitioned table takes
    drop index if exists realtime.messages_inserted_at_topic_index;
    alter index if exists realtime.messages_pkey rename to messages_unpartitioned_pkey;
  end if;
end
$$;

create table if not exists realtime.messages (
  id uuid not null default extensions.gen_random_uuid(),
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp not null default now(),
  inserted_at timestamp not null default now(),
  primary key (id, inserted_at)
) partition by range (inserted_at);
create index if not exists messages_inserted_at_topic_index on realtime.messages (inserted_at desc, topic);
alter table realtime.messages enable row level security;
comment on table realtime.messages is 'Broadcast messages written by realtime.send, in daily partitions (realtime.messages_YYYY_MM_DD); delivered to channel subscribers from the WAL; partitions older than 72 hours are dropped.';

do $$
declare
  policy record;
begin
  if pg_catalog.to_regclass('realtime.messages_unpartitioned') is null then
    return;
  end if;
  for policy in
    select * from pg_catalog.pg_policies where schemaname = 'realtime' and tablename = 'messages_unpartitioned'
  loop
    execute format('create policy %I on realtime.messages as %s for %s to %s%s%s',
      policy.policyname, policy.permissive, policy.cmd,
      (select string_agg(pg_catalog.quote_ident(r), ', ') from unnest(policy.roles) r),
      case when policy.qual is not null then ' using (' || policy.qual || ')' else '' end,
      case when policy.with_check is not null then ' with check (' || policy.with_check || ')' else '' end);
  end loop;
  drop table realtime.messages_unpartitioned;
end
$$;

create or replace function realtime.local_maintain_message_partitions() returns void
language plpgsql volatile
set search_path = ''
as $$
declare
  today date := (pg_catalog.now() at time zone 'utc')::date;
  oldest_kept date := ((pg_catalog.now() at time zone 'utc') - interval '72 hours')::date;
  day date;
  partition_name text;
  old record;
begin
  for day in select d::date from pg_catalog.generate_series(today - 1, today + 3, interval '1 day') d loop
    execute format('create table if not exists realtime.%I partition of realtime.messages for values from (%L) to (%L)',
      'messages_' || pg_catalog.to_char(day, 'YYYY_MM_DD'), day::timestamp, (day + 1)::timestamp);
  end loop;
  for old in
    select child.relname from pg_catalog.pg_inherits i
    join pg_catalog.pg_class child on child.oid = i.inhrelid
    where i.inhparent = 'realtime.messages'::regclass
      and child.relname ~ '^messages_\d{4}_\d{2}_\d{2}$'
      and pg_catalog.to_date(substr(child.relname, 10), 'YYYY_MM_DD') < oldest_kept
  loop
    execute format('drop table if exists realtime.%I', old.relname);
  end loop;
end
$$;
comment on function realtime.local_maintain_message_partitions() is
  'Local platform: creates realtime.messages partitions from yesterday to three days ahead (UTC) and drops those older than 72 hours, as Supabase Realtime''s janitor does.';
revoke all on function realtime.local_maintain_message_partitions() from public;
select realtime.local_maintain_message_partitions();

-- the topic of the private channel being authorized (used in RLS policies)
create or replace function realtime.topic() returns text
language sql stable
as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;

-- as Supabase Realtime's own (its migration broadcast_send_include_payload_id):
-- the payload gets the message id when it has no "id" of its own, and
-- realtime.topic is set for the rest of the transaction, so RLS policies that
-- read realtime.topic() see the topic being sent to
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql volatile
as $$
declare
  generated_id uuid;
  final_payload jsonb;
begin
  begin
    generated_id := extensions.gen_random_uuid();
    if payload ? 'id' then
      final_payload := payload;
    else
      final_payload := jsonb_set(payload, '{id}', to_jsonb(generated_id));
    end if;
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id, final_payload, event, topic, private, 'broadcast');
  exception when others then
    -- as on Supabase: a failed broadcast must never fail the caller's transaction
    raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;

-- Realtime's own role owns its table; postgres may add policies to it (see
-- 00_platform.sql: hosted's supautils.policy_grants, a role membership here)
alter table realtime.messages owner to supabase_realtime_admin;

-- the grants Supabase Realtime gives (RLS decides what each role may do), and
-- supabase/postgres' update-realtime-permissions for postgres
grant select, insert, update on realtime.messages to postgres, service_role, authenticated, anon;
grant all on all tables in schema realtime to postgres;
grant all on all sequences in schema realtime to postgres;
grant execute on function realtime.send(jsonb, text, text, boolean) to postgres, service_role, authenticated, anon;
grant execute on function realtime.topic() to postgres, service_role, authenticated, anon;
