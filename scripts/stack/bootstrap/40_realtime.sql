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

-- the grants Supabase Realtime gives (RLS decides what each role may do)
grant select, insert, update on realtime.messages to postgres, service_role, authenticated, anon;
grant execute on function realtime.send(jsonb, text, text, boolean) to postgres, service_role, authenticated, anon;
grant execute on function realtime.topic() to postgres, service_role, authenticated, anon;
