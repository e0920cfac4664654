-- every sync job is scheduled through pg_net with the URL and secret read from Vault, never stored in the job
begin;
create extension if not exists pgtap with schema extensions;
select plan(12);

select is(
  (select array_agg(jobname || ' ' || schedule order by jobname) from cron.job
   where jobname in ('sync-popular-tours', 'sync-artist-songs', 'sync-setlists', 'import-artist')),
  array['import-artist * * * * *', 'sync-artist-songs 30 3 * * *', 'sync-popular-tours 0 */6 * * *',
        'sync-setlists 15,45 * * * *'],
  'tours every 6 hours, songs daily, setlists every 30 minutes (the day''s budget spread), the import queue every minute');

select ok(
  not exists (select 1 from cron.job where command ~* '(bearer|https?://|127\.0\.0\.1)'),
  'no job holds a URL or a credential');

-- known values for this transaction only
delete from vault.secrets where name in ('project_url', 'cron_secret');
select vault.create_secret('http://sync.example.test/', 'project_url');
select vault.create_secret('s3cret-for-test', 'cron_secret');

create temp table probe as select public.invoke_sync_function('sync-setlists', '{"trigger": "cron", "limit": 40}') as id;
select is((select url from net.http_request_queue where id = (select id from probe)),
  'http://sync.example.test/functions/v1/sync-setlists', 'the URL comes from Vault project_url');
select is((select headers ->> 'Authorization' from net.http_request_queue where id = (select id from probe)),
  'Bearer s3cret-for-test', 'the Bearer token is Vault''s cron_secret');
select is((select convert_from(body, 'UTF8')::jsonb from net.http_request_queue where id = (select id from probe)),
  '{"trigger": "cron", "limit": 40}'::jsonb, 'the body is passed through');
select is((select timeout_milliseconds from net.http_request_queue where id = (select id from probe)), 150000,
  'pg_net waits as long as a function may run');

select throws_ok($$ select public.invoke_sync_function('drop-everything') $$,
  'P0001', 'unknown_sync_function', 'only the four sync functions can be called');

delete from vault.secrets where name = 'cron_secret';
select throws_ok($$ select public.invoke_sync_function('sync-setlists') $$,
  'P0001', 'sync_not_configured', 'without the secret in Vault the job fails loudly');

-- the import job calls out only when something is due
select vault.create_secret('s3cret-for-test', 'cron_secret');
delete from public.import_jobs;
select is(public.import_queue_due(), false, 'an empty queue is not due');
insert into public.import_jobs (kind, dedupe_key, payload) values ('artist_import', 'tm:probe', '{}');
select is(public.import_queue_due(), true, 'a queued job is due');
update public.import_jobs set run_after = now() + interval '1 minute' where dedupe_key = 'tm:probe';
select is(public.import_queue_due(), false, 'a job backing off is not due yet');

set local role anon;
select throws_ok($$ select public.invoke_sync_function('sync-setlists') $$,
  '42501', 'permission denied for function invoke_sync_function', 'anon cannot trigger a sync');
reset role;

select * from finish();
rollback;
