-- realtime: the database side of Supabase Realtime's broadcast-from-database.
-- realtime.send() writes a row to realtime.messages; the local gateway reads
-- those rows from the WAL through wal2json (as it reads postgres_changes) and
-- pushes them to the channel's subscribers.

create schema if not exists realtime;
grant usage on schema realtime to postgres, anon, authenticated, service_role;

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
);
create index if not exists messages_inserted_at_topic_index on realtime.messages (inserted_at desc, topic);
alter table realtime.messages enable row level security;
comment on table realtime.messages is 'Broadcast messages written by realtime.send; delivered to channel subscribers and pruned by the gateway.';

-- the topic of the private channel being authorized (used in RLS policies)
create or replace function realtime.topic() returns text
language sql stable
as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;

create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql volatile
as $$
begin
  begin
    insert into realtime.messages (payload, event, topic, private, extension)
    values (payload, event, topic, private, 'broadcast');
  exception when others then
    -- as on Supabase: a failed broadcast must never fail the caller's transaction
    raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;

grant select, insert on realtime.messages to postgres, service_role, authenticated, anon;
grant execute on function realtime.send(jsonb, text, text, boolean) to postgres, service_role, authenticated, anon;
grant execute on function realtime.topic() to postgres, service_role, authenticated, anon;
