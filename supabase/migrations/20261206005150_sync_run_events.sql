-- sync run events: the log lines of a sync run, readable in the admin console.
-- The edge functions print one JSON line per event (supabase/functions/_shared/log.ts);
-- a run also keeps its own events here, at most run_event_cap per run (the
-- first ones, then one marker saying how many more were dropped), so a run that
-- fails on every item cannot fill the table. Pruned with the run (cascade, see
-- retention).
--
-- Refusal codes (P0001): run_not_found, invalid_run_events.

create table public.sync_run_events (
  id bigint generated always as identity primary key,
  run_id bigint not null references public.sync_runs (id) on delete cascade,
  at timestamptz not null default now(),
  level text not null check (level in ('debug', 'info', 'warn', 'error')),
  event text not null check (length(event) between 1 and 100),
  fields jsonb not null default '{}'
);
comment on table public.sync_run_events is
  'A sync run''s log lines (level, event, fields), as its edge function logged them, at most 200 per run plus a run_events_dropped marker. Written through append_sync_run_events; read by admins through admin_sync_run.';
create index sync_run_events_run_idx on public.sync_run_events (run_id, id);

alter table public.sync_run_events enable row level security;
revoke all on public.sync_run_events from public, anon, authenticated;
grant select, insert, update, delete on public.sync_run_events to service_role;

create function public.append_sync_run_events(run_id bigint, events jsonb)
returns integer
language plpgsql
volatile
security invoker
set search_path = ''
as $$
#variable_conflict use_column
declare
  -- the bound: a run keeps its first 200 lines
  run_event_cap constant integer := 200;
  stored integer;
  room integer;
  offered integer;
  kept integer;
begin
  if events is null or jsonb_typeof(events) <> 'array' or exists (
    select 1 from jsonb_array_elements(events) e
    where jsonb_typeof(e) <> 'object' or coalesce(e ->> 'level', '') not in ('debug', 'info', 'warn', 'error')
      or coalesce(e ->> 'event', '') = '' or (e ? 'fields' and jsonb_typeof(e -> 'fields') <> 'object')) then
    perform public.refuse('invalid_run_events',
      'events must be a JSON array of {at?, level: debug|info|warn|error, event, fields?: object}.',
      'Pass [] for nothing.');
  end if;
  -- one writer per run; the lock keeps the count exact under retries
  perform 1 from public.sync_runs r where r.id = append_sync_run_events.run_id for no key update;
  if not found then
    perform public.refuse('run_not_found', format('There is no sync run %s.', run_id),
      'Use the id of a sync_runs row.');
  end if;
  select count(*) into stored from public.sync_run_events e
  where e.run_id = append_sync_run_events.run_id and e.event <> 'run_events_dropped';
  room := greatest(run_event_cap - stored, 0);
  offered := jsonb_array_length(events);
  insert into public.sync_run_events (run_id, at, level, event, fields)
  select append_sync_run_events.run_id, coalesce((e ->> 'at')::timestamptz, now()), e ->> 'level',
    left(e ->> 'event', 100), coalesce(e -> 'fields', '{}'::jsonb)
  from jsonb_array_elements(events) with ordinality as x (e, n)
  where x.n <= room
  order by x.n;
  get diagnostics kept = row_count;
  if offered > kept then
    update public.sync_run_events d
    set fields = jsonb_build_object('dropped', (d.fields ->> 'dropped')::integer + (offered - kept))
    where d.run_id = append_sync_run_events.run_id and d.event = 'run_events_dropped';
    if not found then
      insert into public.sync_run_events (run_id, level, event, fields)
      values (append_sync_run_events.run_id, 'warn', 'run_events_dropped', jsonb_build_object('dropped', offered - kept));
    end if;
  end if;
  return kept;
end
$$;
comment on function public.append_sync_run_events(bigint, jsonb) is
  'Stores a sync run''s log lines (array of {at, level, event, fields}) while the run has fewer than 200; the rest are counted in one run_events_dropped line. Returns how many were stored. Refuses run_not_found and invalid_run_events.';
revoke execute on function public.append_sync_run_events(bigint, jsonb) from public, anon, authenticated;
grant execute on function public.append_sync_run_events(bigint, jsonb) to service_role;
