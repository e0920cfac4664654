-- trending refreshes itself after the first full tour sync on an empty
-- trending, and after an artist import is done; not after a dry run, nor
-- after later tour syncs (the 15-minute tick does those)
begin;
\ir ../helpers/fixtures.psql
select plan(6);

select tests.act_as('owner');
refresh materialized view trending_shows;
refresh materialized view trending_artists;
-- the fixture's upcoming shows exist, but trending is empty as after a fresh start
delete from shows where true;
refresh materialized view trending_shows;
refresh materialized view trending_artists;
insert into shows (artist_id, venue_id, name, starts_at, local_date, status) values
  (tests.id('artist'), tests.id('venue'), 'Just synced', now() + interval '3 days', current_date + 3, 'scheduled');
delete from cron_logs;

insert into sync_runs (id, job, trigger, stats) overriding system value
values (900201, 'sync-popular-tours', 'cron', '{"dry_run": true}'),
       (900202, 'sync-popular-tours', 'cron', '{"dry_run": false}');
update sync_runs set status = 'ok', finished_at = now() where id = 900201;
select is((select count(*)::int from trending_shows), 0, 'a dry run does not refresh trending');
update sync_runs set status = 'ok', finished_at = now() where id = 900202;
select is((select count(*)::int from trending_shows), 1, 'the first full tour sync does: the show trends at once');

-- later syncs leave it to the tick
insert into shows (artist_id, venue_id, name, starts_at, local_date, status) values
  (tests.id('artist'), tests.id('venue'), 'Synced later', now() + interval '4 days', current_date + 4, 'scheduled');
insert into sync_runs (id, job, trigger) overriding system value values (900203, 'sync-popular-tours', 'cron');
update sync_runs set status = 'ok', finished_at = now() where id = 900203;
select is((select count(*)::int from trending_shows), 1, 'a later tour sync waits for the 15-minute tick');

-- an import finishing refreshes it
insert into import_jobs (id, kind, dedupe_key, status, locked_at) overriding system value
values (900301, 'artist_import', 'tm:fresh', 'running', now()),
       (900302, 'catalog_sync', 'artist:fresh', 'running', now());
update import_jobs set status = 'done', finished_at = now() where id = 900302;
select is((select count(*)::int from trending_shows), 1, 'a catalog sync does not refresh it');
update import_jobs set status = 'done', finished_at = now() where id = 900301;
select is((select count(*)::int from trending_shows), 2, 'an artist import that is done does');
select is((select count(*)::int from cron_logs where job_name = 'refresh_trending' and status = 'ok'), 2,
  'each refresh is logged like the tick''s');

select * from finish();
rollback;
