-- prune_operations: operational rows older than their retention_settings age
-- go; the latest run and log of each job, live import jobs and everything fans
-- read stay; the ages live in one table and refuse nonsense
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/admin.psql
select plan(16);

select tests.act_as('owner');
delete from admin_audit;
delete from sync_runs;
delete from cron_logs;
delete from import_jobs;
delete from sync_health_history;
-- sync runs: two old tours runs (the later is the job's latest), one old and one recent setlists run
insert into sync_runs (job, trigger, started_at, finished_at, status) values
  ('sync-popular-tours', 'cron', now() - interval '60 days', now() - interval '60 days', 'ok'),
  ('sync-popular-tours', 'cron', now() - interval '40 days', now() - interval '40 days', 'ok'),
  ('sync-setlists', 'cron', now() - interval '45 days', now() - interval '45 days', 'failed'),
  ('sync-setlists', 'cron', now() - interval '1 day', now() - interval '1 day', 'ok');
insert into sync_errors (run_id, provider, message, created_at)
select id, 'setlistfm', 'old failure', started_at from sync_runs where status = 'failed';
insert into cron_logs (job_name, status, created_at) values
  ('refresh_trending', 'ok', now() - interval '40 days'),
  ('refresh_trending', 'ok', now() - interval '10 minutes'),
  ('rarely_runs', 'ok', now() - interval '90 days');
insert into import_jobs (kind, dedupe_key, status, finished_at, created_at) values
  ('artist_import', 'tm:old-done', 'done', now() - interval '20 days', now() - interval '20 days'),
  ('artist_import', 'tm:old-dead', 'dead', now() - interval '20 days', now() - interval '20 days'),
  ('artist_import', 'tm:new-done', 'done', now() - interval '2 days', now() - interval '2 days'),
  ('artist_import', 'tm:old-queued', 'queued', null, now() - interval '20 days');
insert into admin_audit (actor_id, action, created_at) values
  (tests.id('carol'), 'refresh_trending', now() - interval '400 days'),
  (tests.id('carol'), 'refresh_trending', now() - interval '3 days');
insert into sync_health_history (day, state, worst_state, coverage) values
  (current_date - 500, 'GOOD', 'GOOD', 0.9), (current_date - 1, 'GOOD', 'GOOD', 0.9);
insert into votes (user_id, setlist_song_id, show_id, value, created_at, updated_at)
values (tests.id('alice'), tests.id('ss1'), tests.id('upcoming_show'), 1, now() - interval '2 years', now() - interval '2 years');

select count(*) as songs_before from setlist_songs \gset
select count(*) as votes_before from votes \gset
select tests.act_as('service');
select is(prune_operations(),
  '{"admin_audit": 1, "cron_logs": 1, "import_jobs": 2, "sync_errors": 1, "sync_health_history": 1, "sync_runs": 2}'::jsonb,
  'what went, per table');
select is((select array_agg(job || ' ' || (now() - started_at)::text order by job) from sync_runs),
  array['sync-popular-tours 40 days', 'sync-setlists 1 day'],
  'runs past 30 days go, but the latest run of each job stays whatever its age');
select is((select count(*)::int from sync_errors), 0, 'errors past 30 days go');
select is((select array_agg(job_name || ' ' || (now() - created_at)::text order by job_name, created_at) from cron_logs
           where job_name <> 'prune_operations'),
  array['rarely_runs 90 days', 'refresh_trending 00:10:00'], 'old logs go, the latest of each job stays');
select is((select array_agg(dedupe_key order by dedupe_key) from import_jobs),
  array['tm:new-done', 'tm:old-queued'], 'finished imports past 14 days go; a queued one never does');
select is((select count(*)::int from admin_audit), 1, 'audit rows past a year go');
select is((select count(*)::int from sync_health_history), 1, 'health history past 400 days goes');
select is((select count(*) from votes), :votes_before::bigint, 'a fan''s two-year-old vote is not operational: it stays');
select is((select count(*) from setlist_songs), :songs_before::bigint, 'nor the predictions they vote on');
select is((select status from cron_logs where job_name = 'prune_operations'), 'ok', 'the prune logs itself');
select is(prune_operations() ->> 'sync_runs', '0', 'a second run finds nothing more');

-- the ages are settings
select throws_ok($$ update retention_settings set keep = interval '12 hours' where target = 'sync_runs' $$,
  'P0001', 'invalid_retention', 'an age under a day is refused');
insert into retention_settings (target, keep, note) values ('notifications_read', '30 days', 'not yet a table');
select throws_ok($$ select prune_operations() $$,
  'P0001', 'unknown_retention_target', 'a target nobody prunes fails the prune loudly, it is not skipped');
delete from retention_settings where target = 'notifications_read';
select tests.act_as('owner');
select is((select cron.job.schedule from cron.job where jobname = 'prune-operations'), '17 4 * * *', 'pg_cron prunes daily');

select tests.act_as_admin();
select is((select count(*)::int from retention_settings), 6, 'admins read the ages');
select tests.act_as('alice');
select is((select count(*)::int from retention_settings), 0, 'fans do not');

select * from finish();
rollback;
