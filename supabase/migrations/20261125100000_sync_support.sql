-- sync support: what the sync functions need beside the data-model tables.
-- A daily request budget per provider key, shared by every run (Ticketmaster
-- allows a key 5,000 requests a day whichever function spends them), and an
-- index for matching setlist.fm's past shows to Ticketmaster's shows by artist
-- and date.

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
