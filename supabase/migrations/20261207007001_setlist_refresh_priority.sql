-- setlist refresh priority: which artists' setlists sync-setlists refreshes
-- next, decided here. setlist.fm allows a free key 1,440 requests a day; with
-- 10,000 artists not every artist can be refreshed daily, so the sync asks
-- setlist_refresh_queue(n) for the next n artists and spends the day's budget
-- on them in that order, and setlist_refresh_status() says what was left
-- unreached (recorded in each run's stats and shown by sync_health()).
--
-- Tiers, first to last, each with how long a refresh counts as fresh:
--   show_within_7_days    a show (headlining, not cancelled) in the next 7 days   2 days
--   show_within_30_days   a show in the next 30 days                               2 days
--   followed_or_viewed    followed by a fan, or a show viewed in the last 30 days  7 days
--   other                 every other artist                                       7 days
-- An artist is due when its setlists were never refreshed or the last refresh
-- is older than its tier's interval. Two days for both show tiers: refreshed
-- within 3 days is the aim, and at 10,000 artists about 2,500 have a show in
-- the next 30 days, which a daily refresh could not reach (1,440 requests)
-- but one every two days can (about 1,250 a day), leaving the rest to the
-- other tiers; when both are due, the sooner show goes first. Inside a tier: most followed first, then
-- most viewed (last 30 days), then artists with an MBID (no name lookup), then
-- the longest stale (never refreshed first).
--
-- Coverage (what the budgets benchmark and sync_health report): the share of
-- upcoming shows in the next 7 (30) days whose artist's setlists were
-- refreshed within the last 3 days.
--
-- Refusal codes (P0001): invalid_max_artists.

create function public.setlist_refresh_candidates()
returns table (
  artist_id uuid,
  tier text,
  tier_rank integer,
  due boolean,
  followers integer,
  views_30d bigint,
  has_mbid boolean,
  setlists_synced_at timestamptz
)
language sql
stable
set search_path = ''
as $$
  with today as (
    select (now() at time zone 'utc')::date as day
  ),
  soon as (
    -- the next show of every artist headlining one in the next 30 days (index range on shows.local_date)
    select s.artist_id, min(s.local_date) as next_show
    from public.shows s, today t
    where s.local_date >= t.day and s.local_date < t.day + 30
      and s.status not in ('cancelled', 'completed')
    group by s.artist_id
  ),
  viewed as (
    select s.artist_id, sum(v.views)::bigint as views
    from public.show_view_counts v
    join public.shows s on s.id = v.show_id
    where v.hour >= now() - interval '30 days'
    group by s.artist_id
  ),
  tiered as (
    select
      a.id,
      a.mbid is not null as has_mbid,
      a.setlists_synced_at,
      coalesce(f.followers, 0) as followers,
      coalesce(vw.views, 0) as views,
      case
        when so.next_show < t.day + 7 then 1
        when so.next_show is not null then 2
        when coalesce(f.followers, 0) > 0 or coalesce(vw.views, 0) > 0 then 3
        else 4
      end as tier_rank
    from public.artists a
    cross join today t
    left join soon so on so.artist_id = a.id
    left join public.artist_follower_counts f on f.artist_id = a.id
    left join viewed vw on vw.artist_id = a.id
  )
  select
    x.id,
    (array['show_within_7_days', 'show_within_30_days', 'followed_or_viewed', 'other'])[x.tier_rank],
    x.tier_rank,
    x.setlists_synced_at is null
      or x.setlists_synced_at < now() - (array[interval '2 days', interval '2 days', interval '7 days',
                                               interval '7 days'])[x.tier_rank],
    x.followers,
    x.views,
    x.has_mbid,
    x.setlists_synced_at
  from tiered x
$$;
comment on function public.setlist_refresh_candidates() is
  'Every artist with its setlist refresh tier (show_within_7_days, show_within_30_days, followed_or_viewed, other; '
  'tier_rank 1-4), whether its setlists are due (never refreshed, or older than the tier''s interval: 2 days, 2 days, '
  '7 days, 7 days), followers, views of its shows in the last 30 days, whether it has an MBID and setlists_synced_at. '
  'The one definition behind setlist_refresh_queue and setlist_refresh_status.';
revoke execute on function public.setlist_refresh_candidates() from public, anon, authenticated;
grant execute on function public.setlist_refresh_candidates() to service_role;

create function public.setlist_refresh_queue(max_artists integer)
returns table (
  id uuid,
  name text,
  ticketmaster_id text,
  spotify_id text,
  mbid uuid,
  tier text
)
language plpgsql
stable
set search_path = ''
as $$
begin
  perform public.require_between(max_artists, 1, 1000, refusal => 'invalid_max_artists',
    detail_format => 'max_artists %s is not between 1 and 1000.', hint => 'Ask for 1 to 1000 artists at a time.');
  return query
    select a.id, a.name, a.ticketmaster_id, a.spotify_id, a.mbid, c.tier
    from public.setlist_refresh_candidates() c
    join public.artists a on a.id = c.artist_id
    where c.due
    order by c.tier_rank, c.followers desc, c.views_30d desc, c.has_mbid desc,
             c.setlists_synced_at nulls first, a.id
    limit max_artists;
end
$$;
comment on function public.setlist_refresh_queue(integer) is
  'The next max_artists (1-1000; invalid_max_artists otherwise) artists whose setlists sync-setlists should refresh, '
  'in order: due artists only (setlist_refresh_candidates), by tier (a show in the next 7 days, in the next 30 days, '
  'followed or viewed, other), then most followed, most viewed, with an MBID, longest stale.';
revoke execute on function public.setlist_refresh_queue(integer) from public, anon, authenticated;
grant execute on function public.setlist_refresh_queue(integer) to service_role;

create function public.setlist_refresh_status()
returns jsonb
language sql
stable
set search_path = ''
as $$
  with tiers as (
    select c.tier, c.tier_rank, count(*) as artists, count(*) filter (where c.due) as due
    from public.setlist_refresh_candidates() c
    group by c.tier, c.tier_rank
  ),
  upcoming as (
    select s.local_date < (now() at time zone 'utc')::date + 7 as within_7_days,
           a.setlists_synced_at >= now() - interval '3 days' as fresh
    from public.shows s
    join public.artists a on a.id = s.artist_id
    where s.local_date >= (now() at time zone 'utc')::date
      and s.local_date < (now() at time zone 'utc')::date + 30
      and s.status not in ('cancelled', 'completed')
  )
  select jsonb_build_object(
    'tiers', coalesce((select jsonb_object_agg(t.tier, jsonb_build_object('artists', t.artists, 'due', t.due))
                       from tiers t), '{}'::jsonb),
    'due', coalesce((select sum(t.due) from tiers t), 0),
    'coverage', jsonb_build_object(
      'shows_next_7_days', (select count(*) from upcoming u where u.within_7_days),
      'fresh_next_7_days', (select trunc(avg(coalesce(u.fresh, false)::int), 4) from upcoming u where u.within_7_days),
      'shows_next_30_days', (select count(*) from upcoming u),
      'fresh_next_30_days', (select trunc(avg(coalesce(u.fresh, false)::int), 4) from upcoming u)))
$$;
comment on function public.setlist_refresh_status() is
  'What the setlist refresh has not reached: per tier (setlist_refresh_candidates) the artists and how many are due, '
  'the total due, and coverage: upcoming shows (not cancelled) in the next 7 and 30 days (UTC days) and the share '
  'of them whose artist''s setlists were refreshed within the last 3 days (cut to 4 decimals, null without shows). '
  'Recorded in every sync-setlists run''s stats (unreached) and shown by sync_health() as setlist_refresh.';
revoke execute on function public.setlist_refresh_status() from public, anon, authenticated;
grant execute on function public.setlist_refresh_status() to service_role;

insert into public.refusal_codes (code, sqlstate, http_status, raised_by, meaning, fan_message) values
  ('invalid_max_artists', 'P0001', 400, 'setlist_refresh_queue', 'max_artists is not between 1 and 1000', null);
