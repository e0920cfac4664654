-- predictions: song play statistics from actual setlists, and
-- ensure_predicted_setlist, which builds a show's predicted setlist from real
-- data only (the artist's recent setlists first, then its catalog) or, when
-- the artist has no songs yet, queues a catalog sync instead of inventing any.
--
-- "Has the show started?" is public.show_has_started() (catalog migration);
-- the set-based queries (here, trending, health) spell out its complement
-- inline so the planner can use the starts_at index.

-- ---------------------------------------------------------------------------
-- song play statistics
-- ---------------------------------------------------------------------------

create view public.song_play_stats
with (security_invoker = true)
as
with played_shows as (
  -- every actual setlist with at least one played song, newest first per artist
  select
    sh.artist_id,
    sl.id as setlist_id,
    coalesce(sh.local_date, (sh.starts_at at time zone 'utc')::date) as played_on,
    row_number() over artist_history as recency,
    count(*) over (partition by sh.artist_id) as shows_with_setlist
  from public.setlists sl
  join public.shows sh on sh.id = sl.show_id
  where sl.kind = 'actual'
    and exists (select 1 from public.setlist_songs e where e.setlist_id = sl.id and not e.is_tape)
  window artist_history as (
    partition by sh.artist_id
    order by coalesce(sh.local_date, (sh.starts_at at time zone 'utc')::date) desc, sh.id
  )
),
plays as (
  -- a song played twice in one show counts once for that show
  select distinct p.artist_id, ss.song_id, p.setlist_id, p.played_on, p.recency, p.shows_with_setlist
  from played_shows p
  join public.setlist_songs ss on ss.setlist_id = p.setlist_id
  where ss.song_id is not null and not ss.is_tape
)
select
  pl.artist_id,
  pl.song_id,
  count(*)::integer as times_played,
  max(pl.played_on) as last_played_on,
  count(*) filter (where pl.recency <= 10)::integer as played_in_last_10,
  count(*) filter (where pl.recency <= 25)::integer as played_in_last_25,
  round(count(*) filter (where pl.recency <= 10)::numeric / least(10, max(pl.shows_with_setlist)), 4) as share_last_10,
  round(count(*) filter (where pl.recency <= 25)::numeric / least(25, max(pl.shows_with_setlist)), 4) as share_last_25,
  max(pl.shows_with_setlist)::integer as shows_with_setlist
from plays pl
group by pl.artist_id, pl.song_id;

comment on view public.song_play_stats is
  'Per artist and catalog song, from actual setlists (setlist.fm): times_played (shows, a repeat within one show counts once), last_played_on (venue-local date), '
  'played_in_last_10/25 and share_last_10/25 = plays among the artist''s 10/25 most recent shows that have a setlist, divided by min(10 or 25, shows with a setlist). '
  'Tapes are not plays. Filter by artist_id: the filter is pushed below the window, so one artist''s history is all that is read.';
grant select on public.song_play_stats to anon, authenticated, service_role;

-- the view's join of actual setlists by show is answered by the unique
-- (show_id, kind) constraint's index; no index of its own

-- ---------------------------------------------------------------------------
-- ensure_predicted_setlist
-- ---------------------------------------------------------------------------

create function public.ensure_predicted_setlist(show_id uuid)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  -- the length of a catalog-only prediction, for an artist without setlist history
  default_set_length constant integer := 20;
  predicted_id uuid;
  target public.shows;
  artist public.artists;
begin
  select s.id into predicted_id
  from public.setlists s
  where s.show_id = ensure_predicted_setlist.show_id and s.kind = 'predicted';
  if predicted_id is not null then
    return predicted_id;
  end if;

  target := public.require_show(ensure_predicted_setlist.show_id);
  perform public.require_open_show(target.status, target.voting_closes_at,
    'The show is cancelled, so it gets no prediction.',
    'The show has started or is over, so a prediction can no longer be made for it.',
    'Compare with the actual setlist instead.');

  select * into artist from public.artists a where a.id = target.artist_id;

  if not exists (select 1 from public.songs so where so.artist_id = artist.id) then
    -- nothing to predict from: ask for the catalog unless a fruitless sync ran lately
    -- (an artist can really have no songs; each fruitless attempt doubles the wait,
    -- so page views are no lever on the providers' budgets: catalog_sync_backoff migration)
    if public.catalog_sync_due(artist.id) then
      perform public.enqueue_import(
        'catalog_sync',
        'artist:' || artist.id,
        jsonb_build_object('artist_id', artist.id, 'show_id', target.id, 'reason', 'ensure_predicted_setlist'),
        artist.id);
    end if;
    return null;
  end if;

  insert into public.setlists (show_id, kind)
  values (target.id, 'predicted')
  on conflict (show_id, kind) do nothing
  returning id into predicted_id;
  if predicted_id is null then
    -- another caller built it a moment ago; theirs is the prediction
    select s.id into predicted_id
    from public.setlists s
    where s.show_id = target.id and s.kind = 'predicted';
    return predicted_id;
  end if;

  -- the engine's prediction (prediction_engine migration), exactly what the backtest measures
  insert into public.setlist_songs (setlist_id, song_id, title, position, is_encore, probability, reasons)
  select predicted_id, p.song_id, p.title, p.predicted_position, p.is_encore, p.probability, p.reasons
  from public.predict_setlist(artist.id, now(), target.venue_id, target.local_date) p;
  if found then
    return predicted_id;
  end if;

  -- no setlist history yet: the catalog, studio recordings first, newest release first
  insert into public.setlist_songs (setlist_id, song_id, title, position)
  select predicted_id, so.id, so.title,
    row_number() over (order by (so.is_live or so.is_remix), so.release_date desc nulls last, so.normalized_title, so.id)
  from public.songs so
  where so.artist_id = artist.id
  order by (so.is_live or so.is_remix), so.release_date desc nulls last, so.normalized_title, so.id
  limit default_set_length;

  return predicted_id;
end
$$;
comment on function public.ensure_predicted_setlist(uuid) is
  'Returns the show''s predicted setlist id, building it on first call from real data only, with zero votes: '
  'the engine''s prediction, predict_setlist(artist, now(), venue, local date), with each song''s probability and reasons; '
  'when the artist has no setlist history yet, 20 catalog songs (studio before live/remix, newest release first). When the artist has no songs it creates nothing, queues a catalog_sync import '
  '(dedupe key artist:<artist id>; skipped while catalog_sync_due says the artist''s back-off after a fruitless sync has not passed) and returns null. '
  'Refuses show_not_found, show_cancelled, and voting_closed (the show has started or is over) when no prediction exists yet; an existing prediction is always returned.';
revoke execute on function public.ensure_predicted_setlist(uuid) from public;
grant execute on function public.ensure_predicted_setlist(uuid) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- building predictions ahead of the fans
-- ---------------------------------------------------------------------------

create function public.ensure_upcoming_predictions(max_shows integer default 500)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  started timestamptz := clock_timestamp();
  built integer := 0;
  upcoming record;
begin
  for upcoming in
    select sh.id
    from public.shows sh
    where sh.status not in ('cancelled', 'completed')
      and not public.show_has_started(sh.status, sh.voting_closes_at)
      and not exists (select 1 from public.setlists s where s.show_id = sh.id and s.kind = 'predicted')
      and exists (select 1 from public.songs so where so.artist_id = sh.artist_id)
    order by sh.starts_at nulls last, sh.id
    limit greatest(max_shows, 0)
  loop
    if public.ensure_predicted_setlist(upcoming.id) is not null then
      built := built + 1;
    end if;
  end loop;
  perform public.log_cron_run('ensure_upcoming_predictions', 'ok', jsonb_build_object('built', built),
    (extract(epoch from clock_timestamp() - started) * 1000)::integer);
  return built;
end
$$;
comment on function public.ensure_upcoming_predictions(integer) is
  'Builds the predicted setlist of up to max_shows upcoming, non-cancelled shows that have none and whose artist has songs (soonest first), through ensure_predicted_setlist; returns how many it built and logs the run. Scheduled with pg_cron.';
revoke execute on function public.ensure_upcoming_predictions(integer) from public, anon, authenticated;
grant execute on function public.ensure_upcoming_predictions(integer) to service_role;

create extension if not exists pg_cron;
select cron.schedule('ensure-upcoming-predictions', '5,35 * * * *', $$select public.ensure_upcoming_predictions()$$);
