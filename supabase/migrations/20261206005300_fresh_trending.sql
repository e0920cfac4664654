-- trending is fresh when it matters. pg_cron refreshes it every 15 minutes,
-- so after the first tour sync on an empty database, and after a fan's
-- import, the home page said "Nothing trending yet" for up to 15 minutes.
-- Now the database refreshes it itself at those two moments:
--   * a full (not dry-run) sync-popular-tours run finishes ok or partial while
--     trending_shows is empty (the first sync; later runs wait for the tick);
--   * an artist_import job is done (the imported artist's shows can trend).
-- Recent follows are a trending signal (the follows and trending migrations):
-- a follow does not refresh trending by itself; the next tick counts it.

create function public.refresh_trending_when_due()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'sync_runs' then
    if new.job = 'sync-popular-tours' and new.status in ('ok', 'partial') and old.status = 'running'
       and not coalesce((new.stats ->> 'dry_run')::boolean, false)
       and not exists (select 1 from public.trending_shows) then
      perform public.refresh_trending();
    end if;
  elsif new.kind = 'artist_import' and new.status = 'done' and old.status <> 'done' then
    perform public.refresh_trending();
  end if;
  return null;
end
$$;
comment on function public.refresh_trending_when_due() is
  'Trigger: refresh_trending() when the first full tour sync finishes on an empty trending_shows, and when an artist import is done, so new shows trend at once instead of at the next 15-minute tick.';
revoke execute on function public.refresh_trending_when_due() from public, anon, authenticated;

create trigger sync_runs_refresh_trending after update of status on public.sync_runs
  for each row when (new.job = 'sync-popular-tours' and old.status = 'running' and new.status <> 'running')
  execute function public.refresh_trending_when_due();
create trigger import_jobs_refresh_trending after update of status on public.import_jobs
  for each row when (new.kind = 'artist_import' and new.status = 'done' and old.status <> 'done')
  execute function public.refresh_trending_when_due();
