-- sync schedule: pg_cron calls the sync edge functions through pg_net, as
-- Supabase's scheduling guide does. The project URL and the shared secret are
-- read from Vault at every call ('project_url' and 'cron_secret'), never
-- written here: set them once per project with vault.create_secret (the local
-- stack does it on every `npm run stack:up`).
--
--   sync-popular-tours  every 6 hours     Ticketmaster -> artists, venues, shows
--   sync-artist-songs   daily 03:30 UTC   Spotify -> songs (catalogs older than 3 days)
--   sync-setlists       every 30 minutes  setlist.fm -> actual setlists, scores (30 artists a run, one page
--                                         of 20 setlists each, in setlist_refresh_queue's order, until the
--                                         day's budget is spent: 48 runs x 30 = 1,440 requests)
--   import-artist       every minute      the import queue, only when a job is due
--
-- Refusal codes (P0001): sync_not_configured, unknown_sync_function.

-- pg_net and pg_cron ship with Supabase; enable them where the database offers them
do $extensions$
begin
  if not exists (select 1 from pg_namespace where nspname = 'net')
     and exists (select 1 from pg_available_extensions where name = 'pg_net') then
    create extension pg_net with schema extensions;
  end if;
end
$extensions$;
create extension if not exists pg_cron;

create function public.invoke_sync_function(slug text, body jsonb default '{}')
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  base_url text;
  secret text;
begin
  perform public.require_one_of(slug, array['sync-popular-tours', 'sync-artist-songs', 'sync-setlists', 'import-artist'],
    refusal => 'unknown_sync_function', what => 'a sync function');
  select s.decrypted_secret into base_url from vault.decrypted_secrets s where s.name = 'project_url';
  select s.decrypted_secret into secret from vault.decrypted_secrets s where s.name = 'cron_secret';
  if base_url is null or btrim(base_url) = '' or secret is null or secret = '' then
    perform public.refuse('sync_not_configured',
      'Vault lacks the project_url or cron_secret secret the scheduled syncs need.',
      'select vault.create_secret(''https://<ref>.supabase.co'', ''project_url''); select vault.create_secret(''<CRON_SECRET>'', ''cron_secret'');');
  end if;
  -- the function records its own run (sync_runs, log_cron_run): pg_net does not wait for it
  return net.http_post(
    url := rtrim(base_url, '/') || '/functions/v1/' || slug,
    body := coalesce(body, '{}'::jsonb),
    headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || secret),
    -- as long as an edge function may run
    timeout_milliseconds := 150000
  );
end
$$;
comment on function public.invoke_sync_function(text, jsonb) is
  'Queues a POST to <project_url>/functions/v1/<slug> through pg_net with the cron secret as Bearer token, both read from Vault, and returns the pg_net request id. Refuses unknown_sync_function and sync_not_configured (Vault lacks project_url or cron_secret). Called by the pg_cron jobs; the service role may call it to run a sync now.';
revoke execute on function public.invoke_sync_function(text, jsonb) from public, anon, authenticated;
grant execute on function public.invoke_sync_function(text, jsonb) to service_role;

create function public.import_queue_due()
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select 1 from public.import_jobs j
    where j.status in ('queued', 'running') and public.import_job_is_due(j.status, j.run_after, j.locked_at))
$$;
comment on function public.import_queue_due() is
  'Whether an import job is due (queued and past run_after, or abandoned by a worker for 15 minutes): the every-minute cron job calls import-artist only then, so an idle queue costs no HTTP call.';
revoke execute on function public.import_queue_due() from public, anon, authenticated;
grant execute on function public.import_queue_due() to service_role;

select cron.schedule('sync-popular-tours', '0 */6 * * *',
  $$select public.invoke_sync_function('sync-popular-tours', '{"trigger": "cron"}')$$);
select cron.schedule('sync-artist-songs', '30 3 * * *',
  $$select public.invoke_sync_function('sync-artist-songs', '{"trigger": "cron", "limit": 50}')$$);
select cron.schedule('sync-setlists', '15,45 * * * *',
  $$select public.invoke_sync_function('sync-setlists', '{"trigger": "cron", "limit": 30, "pages": 1}')$$);
select cron.schedule('import-artist', '* * * * *',
  $$select public.invoke_sync_function('import-artist', '{"trigger": "cron"}') where public.import_queue_due()$$);
