-- sync support: what the sync functions need beside the data-model tables.
-- A daily request budget per provider key, shared by every run (Ticketmaster
-- allows a key 5,000 requests a day whichever function spends them), and an
-- index for matching setlist.fm's past shows to Ticketmaster's shows by artist
-- and date, and the hourly pruning of expired provider responses (api_cache).

create table public.api_usage (
  provider text not null check (provider in ('ticketmaster', 'spotify', 'setlistfm')),
  key_id text not null default '' check (key_id ~ '^[0-9a-f]{0,16}$'),
  day date not null,
  requests integer not null default 0 check (requests >= 0),
  -- the limit the last caller spent against (the functions' *_DAILY_BUDGET), for the admin console
  daily_limit integer check (daily_limit >= 0),
  primary key (provider, key_id, day)
);
comment on table public.api_usage is 'Requests sent to each provider per API key and UTC day, so every sync run and proxy call using a key draws on its one daily budget. key_id is a short fingerprint of the key, never the key; daily_limit is the limit the last counted request was allowed under.';
alter table public.api_usage enable row level security;
-- an operations table like sync_runs or api_cache: the API roles get nothing,
-- so a fan's read or write fails loudly with 42501
revoke all on public.api_usage from anon, authenticated;
grant select, insert, update, delete on public.api_usage to service_role;

create function public.consume_api_budget(provider text, daily_limit integer, key_id text default '')
returns boolean
language sql
volatile
set search_path = ''
as $$
  with taken as (
    insert into public.api_usage as u (provider, key_id, day, requests, daily_limit)
    values (consume_api_budget.provider, coalesce(consume_api_budget.key_id, ''), (now() at time zone 'utc')::date, 1,
      consume_api_budget.daily_limit)
    on conflict (provider, key_id, day) do update
      set requests = u.requests + 1, daily_limit = consume_api_budget.daily_limit
      where u.requests < consume_api_budget.daily_limit
    returning 1
  )
  select exists (select 1 from taken) and daily_limit > 0
$$;
comment on function public.consume_api_budget(text, integer, text) is 'Takes one request from the budget of the provider key key_id (a fingerprint) for today (UTC); false, and nothing taken, once daily_limit is reached.';
revoke execute on function public.consume_api_budget(text, integer, text) from public, anon, authenticated;
grant execute on function public.consume_api_budget(text, integer, text) to service_role;

-- sync-setlists finds the Ticketmaster show a setlist.fm setlist belongs to by artist and local date
create index shows_artist_local_date_idx on public.shows (artist_id, local_date);

-- api_cache is pruned: nothing deleted its rows, so every response ever cached
-- (each tour window's pages, every search) stayed. An expired row is still
-- worth a day: its ETag lets the next request be a cheap conditional one.
-- After that it is gone, hourly, by pg_cron.

create function public.prune_api_cache(keep_expired interval default interval '1 day')
returns integer
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  pruned integer;
begin
  if keep_expired is null or keep_expired < interval '0' then
    perform public.refuse('invalid_keep_expired',
      format('%s is not a length of time to keep expired responses.', coalesce(keep_expired::text, 'null')),
      'Pass an interval of zero or more.');
  end if;
  delete from public.api_cache c where c.expires_at < now() - keep_expired;
  get diagnostics pruned = row_count;
  return pruned;
end
$$;
comment on function public.prune_api_cache(interval) is
  'Deletes provider responses that expired more than keep_expired ago (default 1 day: an expired row''s ETag still saves a full response) and returns how many; refuses invalid_keep_expired for a null or negative interval. pg_cron job prune-api-cache runs it hourly.';
revoke execute on function public.prune_api_cache(interval) from public, anon, authenticated;
grant execute on function public.prune_api_cache(interval) to service_role;

select cron.schedule('prune-api-cache', '41 * * * *', $$select public.prune_api_cache()$$);
