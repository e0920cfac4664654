-- health census: the catalogue counts behind sync_health() (and so the status
-- page's sync_health_summary()), taken once a minute by pg_cron and read with
-- the time they were taken.
--
-- Why a census: counting the catalogue on every call is O(shows). At 100,000
-- shows and 2M votes sync_health() took 0.74 s and the status page's summary
-- 7.8 s at p95; at the full scale dataset (500,000 shows, 10M votes) each call
-- would take seconds. The classification of every show (upcoming, past, with
-- a venue, a prediction, an actual setlist, seen by the last tour sync) asks
-- show_has_started() per show, which cannot be inlined (every function runs
-- with search_path = ''), and counting the votes reads every vote. Counting
-- once a minute and reading the result makes a status read O(1) in the size of
-- the catalogue, and the documents say when the counts were taken
-- (counted_at) instead of pretending they are live.
--
-- Why not counters kept by triggers: "upcoming" and "past" change with the
-- clock, not only with writes (a show stops being upcoming when its voting
-- closes), so a trigger-kept count would need a second mechanism for time
-- anyway; and a counter row touched by every vote or every show the tour
-- writer refreshes would put a hot row on the two write paths issue #20 wants
-- faster (cast_vote, the sync writers).
--
-- The definitions are the ones sync_health() always used, moved here (their
-- one home): "upcoming" is not cancelled or completed and not
-- show_has_started(); "past" started over 48 hours ago (or, without a start
-- time, its local date is over two days behind UTC's) and is not cancelled,
-- postponed or rescheduled; "seen by the last tour sync" compares last_seen_at
-- with the last full tour sync run (see 20261125001000_sync_health.sql).
--
-- One row (id = true). refresh_sync_health_census() is the service role's (and
-- pg_cron's, as postgres); nobody else reads the table: the counts reach the
-- public only through sync_health_summary(). A census older than
-- sync_health_census_max_age() (5 minutes: five missed ticks) is stale, and
-- sync_health() says so in its reasons and caps the state at GOOD.

create table public.sync_health_census (
  id boolean primary key default true check (id),
  counted_at timestamptz not null,
  count_ms integer not null check (count_ms >= 0),
  artists bigint not null,
  artists_without_songs bigint not null,
  artists_with_fresh_catalog bigint not null,
  venues bigint not null,
  venues_with_timezone bigint not null,
  shows bigint not null,
  upcoming_shows bigint not null,
  past_shows bigint not null,
  shows_without_venue bigint not null,
  upcoming_without_prediction bigint not null,
  past_without_actual bigint not null,
  last_tour_sync_at timestamptz,
  upcoming_seen_by_last_tour_sync bigint not null,
  songs bigint not null,
  predicted_setlists bigint not null,
  actual_setlists bigint not null,
  votes bigint not null,
  -- setlist_refresh_status(): every artist's refresh tier and the next 30 days' shows, so also O(catalogue)
  setlist_refresh jsonb not null
);
comment on table public.sync_health_census is
  'The one row of catalogue counts sync_health() reads (refresh_sync_health_census, pg_cron job refresh-sync-health-census every minute): '
  'counted_at (the transaction time of the count) and count_ms (how long it took), then artists, artists without songs, artists whose catalog synced under 3 days before counted_at, venues, venues with a time zone, '
  'shows, upcoming shows, past shows, shows without a venue, upcoming shows without a prediction, past shows without an actual setlist, the last full tour sync''s start and the upcoming shows it saw, '
  'songs, predicted and actual setlists, votes, and setlist_refresh (setlist_refresh_status()). Service role only; the public sees the counts through sync_health_summary().';

alter table public.sync_health_census enable row level security;
revoke all on public.sync_health_census from public, anon, authenticated, service_role;
grant select on public.sync_health_census to service_role;

-- how old the census may be before sync_health() calls it stale: pg_cron takes
-- it every minute, so five minutes is five missed ticks
create function public.sync_health_census_max_age()
returns interval
language sql
immutable
set search_path = ''
as $$
  select interval '5 minutes'
$$;
comment on function public.sync_health_census_max_age() is
  'How old the catalogue census (sync_health_census) may be before sync_health() reports it stale and caps the state at GOOD: 5 minutes, five missed ticks of the every-minute refresh. The one home of the value.';
revoke execute on function public.sync_health_census_max_age() from public, anon, authenticated;
grant execute on function public.sync_health_census_max_age() to service_role;

create function public.refresh_sync_health_census()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  -- the tour sync's job name in sync_runs (the edge function's slug)
  tour_sync_job constant text := 'sync-popular-tours';
  -- the tour writer refreshes a show's last_seen_at at most this often (the writer reads the same function)
  last_seen_refresh constant interval := public.show_last_seen_refresh();
  started timestamptz := clock_timestamp();
  last_tour_sync timestamptz;
  census public.sync_health_census;
begin
  select max(r.started_at) into last_tour_sync
  from public.sync_runs r
  where r.job = tour_sync_job and r.status in ('ok', 'partial') and r.trigger <> 'test'
    -- only a full run says which shows Ticketmaster still lists: a dry run
    -- writes nothing and a run scoped to one artist sees only that artist's
    and not coalesce((r.stats ->> 'dry_run')::boolean, false)
    and r.stats #>> '{scope,artist_id}' is null;

  census.id := true;
  census.counted_at := now();
  census.last_tour_sync_at := last_tour_sync;

  select count(*), count(*) filter (where not exists (select 1 from public.songs so where so.artist_id = a.id)),
    count(*) filter (where a.songs_synced_at > now() - interval '3 days')
  into census.artists, census.artists_without_songs, census.artists_with_fresh_catalog
  from public.artists a;

  select count(*), count(*) filter (where v.timezone is not null and btrim(v.timezone) <> '')
  into census.venues, census.venues_with_timezone
  from public.venues v;

  -- every show classified once; the setlist kinds are aggregated once per show
  -- and joined (a hash join), not looked up per show
  select
    count(*),
    count(*) filter (where c.upcoming),
    count(*) filter (where c.past),
    count(*) filter (where not c.has_venue),
    count(*) filter (where c.upcoming and not c.has_prediction),
    count(*) filter (where c.past and not c.has_actual),
    -- seen by the last full run: its writer touched last_seen_at then, or had
    -- touched it within the refresh interval before and left it alone
    count(*) filter (where c.upcoming and c.last_seen_at >= last_tour_sync - last_seen_refresh)
  into census.shows, census.upcoming_shows, census.past_shows, census.shows_without_venue,
    census.upcoming_without_prediction, census.past_without_actual, census.upcoming_seen_by_last_tour_sync
  from (
    select
      -- the same "upcoming" as trending and voting use; show_has_started() is
      -- asked only of shows that are neither cancelled nor completed
      case when sh.status in ('cancelled', 'completed') then false
        else not public.show_has_started(sh.status, sh.voting_closes_at) end as upcoming,
      -- a past show is one that started over 48 hours ago, giving setlist.fm time to fill it in
      sh.status not in ('cancelled', 'postponed', 'rescheduled')
        and (sh.starts_at < now() - interval '48 hours'
             or (sh.starts_at is null and sh.local_date < (now() at time zone 'utc')::date - 2))
        as past,
      sh.venue_id is not null as has_venue,
      sh.last_seen_at,
      coalesce(k.has_prediction, false) as has_prediction,
      coalesce(k.has_actual, false) as has_actual
    from public.shows sh
    left join (
      select s.show_id, bool_or(s.kind = 'predicted') as has_prediction, bool_or(s.kind = 'actual') as has_actual
      from public.setlists s
      group by s.show_id
    ) k on k.show_id = sh.id
  ) c;

  select count(*) into census.songs from public.songs;
  select count(*) filter (where s.kind = 'predicted'), count(*) filter (where s.kind = 'actual')
  into census.predicted_setlists, census.actual_setlists
  from public.setlists s;
  select count(*) into census.votes from public.votes;
  -- it reads every artist and the next 30 days' shows: asked per call, it was the one whole-catalogue read left in
  -- sync_health(), which took 1.5 s at the full scale dataset (3 ms once it came from here)
  census.setlist_refresh := public.setlist_refresh_status();
  census.count_ms := floor(extract(epoch from clock_timestamp() - started) * 1000);

  -- a concurrent refresh (pg_cron's tick beside an operator's call) waits here
  -- for the other's row lock and then writes its own, later, count
  insert into public.sync_health_census values (census.*)
  on conflict (id) do update set
    counted_at = excluded.counted_at, count_ms = excluded.count_ms,
    artists = excluded.artists, artists_without_songs = excluded.artists_without_songs,
    artists_with_fresh_catalog = excluded.artists_with_fresh_catalog,
    venues = excluded.venues, venues_with_timezone = excluded.venues_with_timezone,
    shows = excluded.shows, upcoming_shows = excluded.upcoming_shows, past_shows = excluded.past_shows,
    shows_without_venue = excluded.shows_without_venue,
    upcoming_without_prediction = excluded.upcoming_without_prediction,
    past_without_actual = excluded.past_without_actual,
    last_tour_sync_at = excluded.last_tour_sync_at,
    upcoming_seen_by_last_tour_sync = excluded.upcoming_seen_by_last_tour_sync,
    songs = excluded.songs, predicted_setlists = excluded.predicted_setlists,
    actual_setlists = excluded.actual_setlists, votes = excluded.votes, setlist_refresh = excluded.setlist_refresh;
  return to_jsonb(census) - 'id';
end
$$;
comment on function public.refresh_sync_health_census() is
  'Counts the catalogue for sync_health() into sync_health_census and returns the counts (without id): upcoming shows (not cancelled or completed, not show_has_started), past shows (started over 48 h ago, or without a start time a local date over two UTC days behind; not cancelled, postponed or rescheduled), '
  'their gaps, the upcoming shows seen by the last full tour sync, the catalogue totals and setlist_refresh_status(), with counted_at and count_ms. pg_cron job refresh-sync-health-census runs it every minute; an operator may run it for counts as of now.';
revoke execute on function public.refresh_sync_health_census() from public, anon, authenticated;
grant execute on function public.refresh_sync_health_census() to service_role;

-- the first census, so that sync_health() has counts before pg_cron's first tick
select public.refresh_sync_health_census();

select cron.schedule('refresh-sync-health-census', '* * * * *', $$select public.refresh_sync_health_census()$$);
