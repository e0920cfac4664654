-- the import queue: joined duplicates, claims, progress, retries with backoff, dead after max attempts
begin;
\ir ../helpers/fixtures.psql
select plan(25);

delete from import_jobs;
select tests.act_as('service');
select isnt(enqueue_import('artist_import', 'tm:K8vZ917', '{"name": "Fixture"}'), null, 'a job is queued');
select is(enqueue_import('artist_import', 'tm:K8vZ917', '{"name": "again"}'),
  (select id from import_jobs where dedupe_key = 'tm:K8vZ917'), 'the same key joins the live job');
select throws_ok($$ select enqueue_import('everything', 'x', '{}') $$, 'P0001', 'invalid_import_kind',
  'an unknown kind is refused');
select throws_ok($$ select enqueue_import('artist_import', '', '{}') $$, 'P0001', 'invalid_dedupe_key',
  'an empty key is refused');
select is(enqueue_import('catalog_sync', 'artist:' || tests.id('artist'), '{}', tests.id('artist')) > 0, true,
  'a job may name its artist');

select results_eq($$ select dedupe_key, status, attempts from claim_import_jobs('artist_import', 10) $$,
  $$ values ('tm:K8vZ917', 'running', 1) $$, 'claiming takes due jobs of that kind and counts the attempt');
select is((select count(*) from claim_import_jobs('artist_import', 10)), 0::bigint, 'a running job is not claimed twice');
select throws_ok($$ select claim_import_jobs('artist_import', 0) $$, 'P0001', 'invalid_max_jobs', 'claiming 0 is refused');

select lives_ok($$ select report_import_progress((select id from import_jobs where dedupe_key = 'tm:K8vZ917'), '{"shows": 4}') $$,
  'the worker reports progress');
select tests.act_as('anon');
select is(import_job_status(-1), null, 'there is no status of a job that does not exist');
select tests.act_as('owner');
select set_config('tests.job', (select id::text from import_jobs where dedupe_key = 'tm:K8vZ917'), true);
select tests.act_as('anon');
select is(import_job_status(current_setting('tests.job')::bigint) - 'created_at' - 'id' - 'artist_id',
  '{"kind": "artist_import", "status": "running", "attempts": 1, "progress": {"shows": 4}, "finished_at": null}'::jsonb,
  'anyone can follow a job''s progress, without its payload or errors');

select tests.act_as('service');
select lives_ok($$ select fail_import_job(current_setting('tests.job')::bigint, 'upstream 503') $$, 'a failed attempt is recorded');
select tests.act_as('owner');
select results_eq(
  $$ select status, last_error, run_after - now() from import_jobs where id = current_setting('tests.job')::bigint $$,
  $$ values ('queued', 'upstream 503', interval '30 seconds') $$, 'it is queued again 30 seconds later');
select throws_ok($$ select complete_import_job(current_setting('tests.job')::bigint) $$, 'P0001', 'import_job_not_running',
  'a job that is not running cannot be completed');
-- an id no job has is refused by every worker call, and nothing changes
select tests.act_as('service');
select throws_ok($$ select report_import_progress(-1, '{"shows": 1}') $$, 'P0001', 'import_job_not_found',
  'progress on a job that does not exist is refused');
select throws_ok($$ select complete_import_job(-1) $$, 'P0001', 'import_job_not_found',
  'a job that does not exist cannot be completed');
select throws_ok($$ select fail_import_job(null, 'nothing') $$, 'P0001', 'import_job_not_found',
  'a null job id is refused');
select tests.act_as('owner');
select is((select count(*) from import_jobs where status = 'done' or last_error = 'nothing'), 0::bigint,
  'the refused calls wrote nothing');

-- the backoff doubles: a third failed attempt waits 2 minutes
update import_jobs set attempts = 3, status = 'running', run_after = now(), locked_at = now()
where id = current_setting('tests.job')::bigint;
select fail_import_job(current_setting('tests.job')::bigint, 'upstream 503 again');
select is((select run_after - now() from import_jobs where id = current_setting('tests.job')::bigint), interval '2 minutes',
  'the third failure waits 2 minutes');
-- the fifth failed attempt (max_attempts 5) kills it
update import_jobs set attempts = 5, status = 'running', run_after = now(), locked_at = now()
where id = current_setting('tests.job')::bigint;
select fail_import_job(current_setting('tests.job')::bigint, 'upstream 503 for good');
select results_eq($$ select status, attempts, last_error, finished_at is not null from import_jobs where id = current_setting('tests.job')::bigint $$,
  $$ values ('dead', 5, 'upstream 503 for good', true) $$, 'at max_attempts the job is dead');
select is(enqueue_import('artist_import', 'tm:K8vZ917', '{}') <> current_setting('tests.job')::bigint, true,
  'a dead job does not block a new one');

-- the catalog sync queued above: claimed, completed with its final progress
select tests.act_as('service');
select is((select count(*) from claim_import_jobs('catalog_sync', 5)), 1::bigint, 'the catalog sync is claimed');
select complete_import_job((select id from import_jobs where kind = 'catalog_sync'), '{"songs": 12}');
select results_eq($$ select status, progress, finished_at is not null from import_jobs where kind = 'catalog_sync' $$,
  $$ values ('done', '{"songs": 12}'::jsonb, true) $$, 'a completed job is done with its progress');

-- a job whose worker died (running, claimed over 15 minutes ago) is claimed again
select tests.act_as('owner');
update import_jobs set status = 'running', locked_at = now() - interval '16 minutes', attempts = 1
where id = (select max(id) from import_jobs where kind = 'artist_import');
select tests.act_as('service');
select results_eq($$ select status, attempts from claim_import_jobs('artist_import', 5) $$,
  $$ values ('running', 2) $$, 'a stale claim is taken over and the lost attempt counts');

select tests.act_as('alice');
select throws_ok($$ select claim_import_jobs('artist_import', 1) $$, '42501', 'permission denied for function claim_import_jobs',
  'fans cannot claim jobs');

select * from finish();
rollback;
