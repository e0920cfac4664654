-- trending: what fans are excited about right now, as two materialized views
-- refreshed concurrently every 15 minutes by pg_cron, fed by votes and by page
-- views counted through record_view.
--
-- The formula (upcoming, non-cancelled shows only; an hour-old vote weighs
-- almost 1, a two-day-old vote 0.5):
--   decay(t)       = 0.5 ^ (age of t in hours / 48)          half-life 48 hours
--   vote_heat      = sum of decay(updated_at) over the show's votes of the last 30 days
--   unique_voters  = distinct fans with a vote on the show in the last 30 days
--   view_heat      = sum of views * decay(hour) over the show's hourly view counts of the last 30 days
--   follow_heat    = sum of decay(created_at) over the artist's follows of the last 30 days (fans who
--                    just followed the artist are excited about each of its upcoming shows)
--   activity       = vote_heat + 2 * unique_voters + 0.5 * view_heat + follow_heat
--   proximity      = 1 + 7 / (7 + days until the show)  (2 today, 1.5 in a week, about 1.2 in a month;
--                    1 while the date is TBA)
--   score          = activity * proximity
-- Shows rank by score, then the sooner show, then id. An artist's score is the
-- sum of its upcoming shows' scores; artists rank by that, then their next show.
-- The views carry no refresh timestamp on purpose: a concurrent refresh then
-- rewrites only the rows whose numbers changed (shows without activity stay
-- put); the time of the last refresh is in cron_logs.
-- Votes older than 30 days would weigh under 0.0005 each and are left out.
-- The work is bounded by the upcoming shows' own votes: each show reads its
-- range of the covering index votes_show_voter_idx (show_id, user_id) include
-- (updated_at), already ordered by voter. Decay is computed in double
-- precision (numeric powers are an order of magnitude slower).
--
-- record_view is silently cheap rather than refusing: a caller's repeat views
-- of one show inside app_limits.view_count_interval are accepted and not
-- counted. The caller is the signed-in or guest user, else the client address
-- from the request headers (stored only as a hash); a request with neither is
-- not counted, since it could not be rate-limited.

-- ---------------------------------------------------------------------------
-- page views
-- ---------------------------------------------------------------------------

create table public.show_view_counts (
  show_id uuid not null references public.shows (id) on delete cascade,
  hour timestamptz not null,
  views integer not null check (views > 0),
  primary key (show_id, hour)
);
comment on table public.show_view_counts is 'Counted page views per show and hour (UTC hour start), written by record_view, read by trending; kept 30 days.';
create index show_view_counts_hour_idx on public.show_view_counts (hour);

create table public.show_view_marks (
  show_id uuid not null references public.shows (id) on delete cascade,
  viewer_key text not null,
  counted_at timestamptz not null,
  primary key (show_id, viewer_key)
);
comment on table public.show_view_marks is 'When each viewer''s last counted view of a show was (viewer_key: user:<uuid> or ip:<md5 of the address>); record_view''s rate limit. Pruned by refresh_trending.';
create index show_view_marks_counted_idx on public.show_view_marks (counted_at);

alter table public.show_view_counts enable row level security;
alter table public.show_view_marks enable row level security;
revoke all on public.show_view_counts, public.show_view_marks from anon, authenticated;
grant select, insert, update, delete on public.show_view_counts, public.show_view_marks to service_role;

-- A visitor without a session is keyed by an address the client cannot forge.
-- The first x-forwarded-for entry is whatever the client sent (rotating it
-- bought a fresh view per request). Every request to a hosted project passes
-- Cloudflare, which sets cf-connecting-ip to the address that opened the
-- connection (https://developers.cloudflare.com/fundamentals/reference/http-headers/#cf-connecting-ip;
-- Supabase discussion #34647: a forged x-forwarded-for reaches
-- request.headers while cf-connecting-ip keeps the real address), and
-- PostgREST passes the request's headers on in request.headers. So the
-- caller's address is cf-connecting-ip and nothing else: x-forwarded-for's
-- last entry is the hop before Supabase's gateway (a Cloudflare edge address
-- many visitors share), x-real-ip nothing guarantees. The local gateway sets
-- cf-connecting-ip from the socket the same way (scripts/stack/gateway/forwarded.ts).
create function public.request_client_address()
returns text
language sql
stable
set search_path = ''
as $$
  select nullif(btrim(h.headers ->> 'cf-connecting-ip'), '')
  from (select nullif(current_setting('request.headers', true), '')::jsonb as headers) h
$$;
comment on function public.request_client_address() is
  'The client address of the current PostgREST request as the platform vouches for it: cf-connecting-ip (set by Cloudflare in front of every hosted project, by the gateway locally); null without it. x-forwarded-for and x-real-ip are never read: a client can write them.';
revoke execute on function public.request_client_address() from public, anon, authenticated;
grant execute on function public.request_client_address() to service_role;

create function public.record_view(show_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  viewer text;
  counted boolean;
begin
  perform public.require_show(record_view.show_id);

  viewer := coalesce('user:' || auth.uid(), 'ip:' || md5(public.request_client_address()));
  if viewer is null then
    return;
  end if;

  insert into public.show_view_marks as m (show_id, viewer_key, counted_at)
  values (record_view.show_id, viewer, now())
  on conflict (show_id, viewer_key) do update
  set counted_at = excluded.counted_at
  where m.counted_at <= excluded.counted_at - (select lim.view_count_interval from public.app_limits lim)
  returning true into counted;

  if counted then
    insert into public.show_view_counts as c (show_id, hour, views)
    values (record_view.show_id, date_trunc('hour', now(), 'UTC'), 1)
    on conflict (show_id, hour) do update set views = c.views + 1;
  end if;
end
$$;
comment on function public.record_view(uuid) is
  'Counts a page view of a show for trending, at most once per caller and show per app_limits.view_count_interval (30 minutes); repeats are accepted silently and not counted. '
  'The caller is auth.uid(), else the client address from request_client_address() (cf-connecting-ip), hashed; with neither, nothing is counted. Refuses show_not_found.';
revoke execute on function public.record_view(uuid) from public;
grant execute on function public.record_view(uuid) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- trending views
-- ---------------------------------------------------------------------------

create materialized view public.trending_shows as
with upcoming as (
  select sh.id, sh.artist_id, sh.venue_id, sh.name, sh.starts_at, sh.local_date,
    case
      when sh.starts_at is not null then greatest(date_part('epoch', sh.starts_at - now()) / 86400, 0)
      when sh.local_date is not null then greatest(sh.local_date - (now() at time zone 'utc')::date, 0)::double precision
    end as days_until
  from public.shows sh
  where sh.status not in ('cancelled', 'completed')
    and not public.show_has_started(sh.status, sh.voting_closes_at)
),
scored as (
  select u.id as show_id, u.artist_id, u.venue_id, u.name, u.starts_at, u.local_date,
    va.vote_heat, va.unique_voters, va.recent_votes, wa.view_heat, wa.recent_views, fa.follow_heat,
    (va.vote_heat + 2 * va.unique_voters + 0.5 * wa.view_heat + fa.follow_heat)
      * case when u.days_until is null then 1 else 1 + 7 / (7 + u.days_until) end as score
  from upcoming u
  -- per show, an index-only range of votes_show_voter_idx: the work follows the
  -- upcoming shows' own votes, not every vote ever cast
  cross join lateral (
    select coalesce(sum(power(0.5::double precision, date_part('epoch', now() - v.updated_at) / 172800)), 0) as vote_heat,
      count(distinct v.user_id) as unique_voters,
      count(*) as recent_votes
    from public.votes v
    where v.show_id = u.id and v.updated_at > now() - interval '30 days'
  ) va
  cross join lateral (
    select coalesce(sum(c.views * power(0.5::double precision, date_part('epoch', now() - c.hour) / 172800)), 0)
        as view_heat,
      coalesce(sum(c.views), 0) as recent_views
    from public.show_view_counts c
    where c.show_id = u.id and c.hour > now() - interval '30 days'
  ) wa
  -- per show, a range of follows_artist_recent_idx (the artist's follows of the last 30 days)
  cross join lateral (
    select coalesce(sum(power(0.5::double precision, date_part('epoch', now() - f.created_at) / 172800)), 0)
        as follow_heat
    from public.follows f
    where f.artist_id = u.artist_id and f.created_at > now() - interval '30 days'
  ) fa
)
select s.show_id, s.artist_id, s.venue_id, s.name, s.starts_at, s.local_date,
  a.name as artist_name, a.slug as artist_slug, a.image_url as artist_image_url,
  vn.name as venue_name, vn.city as venue_city, vn.country as venue_country,
  round(s.score::numeric, 4)::double precision as score,
  round(s.vote_heat::numeric, 4)::double precision as vote_heat,
  s.unique_voters::integer as unique_voters,
  s.recent_votes::integer as recent_votes,
  round(s.view_heat::numeric, 4)::double precision as view_heat,
  s.recent_views::integer as recent_views,
  round(s.follow_heat::numeric, 4)::double precision as follow_heat,
  row_number() over (order by s.score desc, s.starts_at nulls last, s.local_date nulls last, s.show_id)::integer as rank
from scored s
join public.artists a on a.id = s.artist_id
left join public.venues vn on vn.id = s.venue_id
with no data;
comment on materialized view public.trending_shows is
  'Upcoming, non-cancelled shows ranked by trending score (formula in the trending migration), with the artist and venue names the SPA lists. Refreshed by refresh_trending every 15 minutes; order by rank.';
create unique index trending_shows_show_idx on public.trending_shows (show_id);
create index trending_shows_rank_idx on public.trending_shows (rank);

create materialized view public.trending_artists as
select t.artist_id, a.name, a.slug, a.image_url,
  round(sum(t.score)::numeric, 4)::double precision as score,
  sum(t.unique_voters)::integer as show_voters,
  count(*)::integer as upcoming_shows,
  min(t.starts_at) as next_show_at,
  row_number() over (order by sum(t.score) desc, min(coalesce(t.starts_at, t.local_date::timestamptz)) nulls last,
    t.artist_id)::integer as rank
from public.trending_shows t
join public.artists a on a.id = t.artist_id
group by t.artist_id, a.name, a.slug, a.image_url
with no data;
comment on materialized view public.trending_artists is
  'Artists with upcoming shows ranked by the sum of their shows'' trending scores (show_voters: the sum of each show''s unique voters). Refreshed right after trending_shows; order by rank.';
create unique index trending_artists_artist_idx on public.trending_artists (artist_id);
create index trending_artists_rank_idx on public.trending_artists (rank);

-- populated once here so every later refresh can run concurrently
refresh materialized view public.trending_shows;
refresh materialized view public.trending_artists;

revoke all on public.trending_shows, public.trending_artists from anon, authenticated;
grant select on public.trending_shows, public.trending_artists to anon, authenticated, service_role;

create function public.refresh_trending()
returns void
language plpgsql
security definer
set search_path = ''
-- the planner's cost for 50,000 lateral lookups crosses the JIT threshold, and
-- compiling would take longer than the refresh itself
set jit = off
as $$
declare
  started timestamptz := clock_timestamp();
begin
  begin
    refresh materialized view concurrently public.trending_shows;
    refresh materialized view concurrently public.trending_artists;
    delete from public.show_view_marks m
    where m.counted_at < now() - greatest(interval '1 day', (select lim.view_count_interval from public.app_limits lim));
    delete from public.show_view_counts c where c.hour < now() - interval '30 days';
    perform public.log_cron_run('refresh_trending', 'ok',
      jsonb_build_object(
        'shows', (select count(*) from public.trending_shows),
        'artists', (select count(*) from public.trending_artists)),
      (extract(epoch from clock_timestamp() - started) * 1000)::integer);
  exception when others then
    -- the failure is the operator's to see in cron_logs (and sync_health); the
    -- previous views stay in place, still readable
    perform public.log_cron_run('refresh_trending', 'failed',
      jsonb_build_object('sqlstate', sqlstate, 'error', sqlerrm),
      (extract(epoch from clock_timestamp() - started) * 1000)::integer);
    raise warning 'refresh_trending failed: % (%)', sqlerrm, sqlstate;
  end;
end
$$;
comment on function public.refresh_trending() is
  'Refreshes trending_shows then trending_artists concurrently (readers never wait), prunes view marks older than a day and view counts older than 30 days, and logs the run through log_cron_run(''refresh_trending'', ...). '
  'A failure is logged as failed and raised as a warning, leaving the previous views in place. Scheduled every 15 minutes (pg_cron job refresh-trending).';
revoke execute on function public.refresh_trending() from public, anon, authenticated;
grant execute on function public.refresh_trending() to service_role;

create extension if not exists pg_cron;
select cron.schedule('refresh-trending', '*/15 * * * *', $$select public.refresh_trending()$$);
