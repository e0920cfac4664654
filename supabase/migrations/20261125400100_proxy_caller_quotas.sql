-- per-caller limits for the SPA's proxies (the ticketmaster and spotify edge
-- functions). Anyone holding the public anon key can call them, and each call
-- may spend the provider's shared daily budget, so every caller (user:<uuid>
-- from a verified JWT, else ip:<hash of the address the proxies vouch for>)
-- gets a small counter per window, and a cap on the artist imports it has
-- waiting in the queue.
--
--   take_caller_quota      fixed windows (e.g. 30 a minute and 300 an hour), all
--                          checked before any is counted; a refusal says how long to wait
--   prune_caller_quotas    drops ended windows (pg_cron, hourly)
--   request_artist_import  enqueue_import for a caller, refused past max_pending
--
-- Refusal codes (P0001): invalid_caller_key, invalid_quota,
-- import_limit_reached (the caller has max_pending imports queued or running).

create table public.caller_quota_usage (
  caller_key text not null check (length(caller_key) between 1 and 200),
  scope text not null check (length(scope) between 1 and 100),
  window_seconds integer not null check (window_seconds > 0),
  window_end timestamptz not null,
  calls integer not null check (calls >= 0),
  primary key (caller_key, scope, window_seconds)
);
comment on table public.caller_quota_usage is
  'Calls per caller (user:<uuid> or ip:<hash>), scope (e.g. ticketmaster) and window length in the window ending at window_end; one row per caller and window, reset in place when the window ends. Written by take_caller_quota, pruned by prune_caller_quotas.';
create index caller_quota_usage_window_end_idx on public.caller_quota_usage (window_end);

alter table public.caller_quota_usage enable row level security;
revoke all on public.caller_quota_usage from anon, authenticated;
grant select, insert, update, delete on public.caller_quota_usage to service_role;

create function public.take_caller_quota(caller_key text, scope text, max_calls integer[], window_seconds integer[])
returns integer
language plpgsql
volatile
security invoker
set search_path = ''
as $$
#variable_conflict use_column
declare
  wait_seconds integer;
begin
  if caller_key is null or length(caller_key) not between 1 and 200 or scope is null or length(scope) not between 1 and 100 then
    perform public.refuse('invalid_caller_key',
      'A quota needs a caller key and a scope of 1 to 200 and 1 to 100 characters.',
      'Pass user:<uuid> or ip:<hash> and the function''s name.');
  end if;
  if max_calls is null or take_caller_quota.window_seconds is null
     or cardinality(max_calls) <> cardinality(take_caller_quota.window_seconds)
     or cardinality(max_calls) not between 1 and 4
     or array_position(max_calls, null) is not null
     or array_position(take_caller_quota.window_seconds, null) is not null
     or exists (select 1 from unnest(max_calls) m where m < 1)
     or exists (select 1 from unnest(take_caller_quota.window_seconds) w where w < 1)
     or (select count(distinct w) from unnest(take_caller_quota.window_seconds) w) <> cardinality(max_calls) then
    perform public.refuse('invalid_quota',
      'max_calls and window_seconds must pair up 1 to 4 positive limits over distinct window lengths.',
      'For example array[30, 300] calls over array[60, 3600] seconds.');
  end if;

  insert into public.caller_quota_usage (caller_key, scope, window_seconds, window_end, calls)
  select take_caller_quota.caller_key, take_caller_quota.scope, w, now(), 0
  from unnest(take_caller_quota.window_seconds) w
  on conflict (caller_key, scope, window_seconds) do nothing;

  -- the caller's rows, locked in one order: concurrent calls of one caller queue here
  -- and each sees the counts the one before it left
  perform 1 from public.caller_quota_usage u
  where u.caller_key = take_caller_quota.caller_key and u.scope = take_caller_quota.scope
    and u.window_seconds = any (take_caller_quota.window_seconds)
  order by u.window_seconds
  for update;

  -- every window is checked before any is counted: a refused call costs nothing
  select max(ceil(extract(epoch from u.window_end - now())))::integer into wait_seconds
  from public.caller_quota_usage u
  join unnest(max_calls, take_caller_quota.window_seconds) as l(max_calls, window_seconds)
    on l.window_seconds = u.window_seconds
  where u.caller_key = take_caller_quota.caller_key and u.scope = take_caller_quota.scope
    and u.window_end > now() and u.calls >= l.max_calls;
  if wait_seconds is not null then
    return greatest(wait_seconds, 1);
  end if;

  update public.caller_quota_usage u
  set calls = case when u.window_end <= now() then 1 else u.calls + 1 end,
      window_end = case when u.window_end <= now() then now() + make_interval(secs => u.window_seconds)
                        else u.window_end end
  where u.caller_key = take_caller_quota.caller_key and u.scope = take_caller_quota.scope
    and u.window_seconds = any (take_caller_quota.window_seconds);
  return 0;
end
$$;
comment on function public.take_caller_quota(text, text, integer[], integer[]) is
  'Counts one call of caller_key in scope against each limit (max_calls[i] calls per window_seconds[i] seconds, fixed windows starting at the caller''s first call) and returns 0; when any window is full nothing is counted and it returns the seconds until the latest full window ends (for Retry-After). Refuses invalid_caller_key and invalid_quota. For the edge functions (service role).';
revoke execute on function public.take_caller_quota(text, text, integer[], integer[]) from public, anon, authenticated;
grant execute on function public.take_caller_quota(text, text, integer[], integer[]) to service_role;

create function public.prune_caller_quotas()
returns integer
language sql
volatile
security invoker
set search_path = ''
as $$
  with pruned as (
    delete from public.caller_quota_usage u where u.window_end <= now() returning 1
  )
  select count(*)::integer from pruned
$$;
comment on function public.prune_caller_quotas() is
  'Deletes the quota windows that have ended (a missing row is a fresh window) and returns how many; pg_cron job prune-caller-quotas runs it hourly.';
revoke execute on function public.prune_caller_quotas() from public, anon, authenticated;
grant execute on function public.prune_caller_quotas() to service_role;

select cron.schedule('prune-caller-quotas', '17 * * * *', $$select public.prune_caller_quotas()$$);

-- ---------------------------------------------------------------------------
-- imports a caller may have waiting
-- ---------------------------------------------------------------------------

alter table public.import_jobs add column requested_by text;
comment on column public.import_jobs.requested_by is
  'The caller (user:<uuid> or ip:<hash>) whose search queued this artist import through the ticketmaster function, for the per-caller cap of request_artist_import; null for jobs the system queued or that someone else''s request joined.';
create index import_jobs_requested_live_idx on public.import_jobs (requested_by)
  where requested_by is not null and status in ('queued', 'running');

create function public.request_artist_import(
  caller_key text, dedupe_key text, payload jsonb, artist_id uuid, max_pending integer)
returns bigint
language plpgsql
volatile
security invoker
set search_path = ''
as $$
#variable_conflict use_column
declare
  job_id bigint;
  pending integer;
begin
  if caller_key is null or length(caller_key) not between 1 and 200 then
    perform public.refuse('invalid_caller_key', 'An import request needs the caller''s key (1 to 200 characters).',
      'Pass user:<uuid> or ip:<hash>.');
  end if;
  if max_pending is null or max_pending < 1 then
    perform public.refuse('invalid_quota',
      format('max_pending %s is not a positive number of imports.', coalesce(max_pending::text, 'null')),
      'Pass how many imports one caller may have queued or running, e.g. 5.');
  end if;

  -- asking for an import that is already on its way joins it and costs nothing
  select j.id into job_id from public.import_jobs j
  where j.kind = 'artist_import' and j.dedupe_key = request_artist_import.dedupe_key
    and j.status in ('queued', 'running');
  if job_id is not null then
    return job_id;
  end if;

  -- one caller's requests are counted one at a time, so concurrent ones cannot all slip under the cap
  perform pg_advisory_xact_lock(hashtextextended('request_artist_import:' || caller_key, 0));
  select count(*) into pending from public.import_jobs j
  where j.requested_by = request_artist_import.caller_key and j.status in ('queued', 'running');
  if pending >= max_pending then
    perform public.refuse('import_limit_reached',
      format('This caller already has %s imports queued or running.', pending),
      'Wait for one of them to finish.');
  end if;

  job_id := public.enqueue_import('artist_import', dedupe_key, payload, artist_id);
  -- a job queued by someone else a moment ago stays theirs
  update public.import_jobs j set requested_by = request_artist_import.caller_key
  where j.id = job_id and j.requested_by is null and j.created_at = now();
  return job_id;
end
$$;
comment on function public.request_artist_import(text, text, jsonb, uuid, integer) is
  'Queues an artist_import for a caller of the ticketmaster function (through enqueue_import) and returns the job id. A live job with the same dedupe_key is joined and costs nothing; otherwise a caller with max_pending imports queued or running is refused with import_limit_reached. Refuses invalid_caller_key, invalid_quota and whatever enqueue_import refuses. For the edge functions (service role).';
revoke execute on function public.request_artist_import(text, text, jsonb, uuid, integer) from public, anon, authenticated;
grant execute on function public.request_artist_import(text, text, jsonb, uuid, integer) to service_role;
