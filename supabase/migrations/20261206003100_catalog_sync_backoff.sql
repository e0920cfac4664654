-- catalog sync back-off: a page view must not be a lever on the providers'
-- budgets. ensure_predicted_setlist queues a catalog sync for an artist
-- without songs; when that sync finds no confident match or fails for good,
-- the finished job is remembered in import_jobs, and the next one waits:
-- 6 hours after the first fruitless attempt, doubling with each further one
-- in the last 30 days, at most 7 days, however many fans open the page.

create function public.catalog_sync_due(p_artist_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  with fruitless as (
    -- finished catalog syncs of an artist that still has no songs found none
    select count(*) as attempts, max(coalesce(j.finished_at, j.updated_at)) as last_finished_at
    from public.import_jobs j
    where j.kind = 'catalog_sync' and j.artist_id = p_artist_id and j.status in ('done', 'dead')
      and j.created_at > now() - interval '30 days'
      and not exists (select 1 from public.songs so where so.artist_id = p_artist_id)
  ),
  wait as (
    select f.attempts, f.last_finished_at,
      least(interval '6 hours' * power(2, greatest(f.attempts, 1) - 1), interval '7 days') as back_off
    from fruitless f
  )
  select not exists (select 1 from public.songs so where so.artist_id = p_artist_id)
    and (w.last_finished_at is null or w.last_finished_at <= now() - w.back_off)
    -- a sync that wrote an empty catalog (no confident match) stamps songs_synced_at
    and (a.songs_synced_at is null or a.songs_synced_at <= now() - w.back_off)
  from wait w
  join public.artists a on a.id = p_artist_id
$$;
comment on function public.catalog_sync_due(uuid) is
  'Whether a page view may queue a catalog sync for the artist: it has no songs, and the back-off since the last fruitless attempt has passed. '
  'Fruitless attempts are the artist''s catalog_sync import jobs of the last 30 days that finished (done: no confident match, or dead: failed every retry) '
  'while it still has no songs; the back-off is 6 hours after the first, doubling with each further attempt, at most 7 days, counted from the last finished job '
  'and from songs_synced_at. Null for an unknown artist. Used by ensure_predicted_setlist.';
revoke execute on function public.catalog_sync_due(uuid) from public, anon, authenticated;
grant execute on function public.catalog_sync_due(uuid) to service_role;
