-- what the console reads: runs filtered by job, status and date; one run with
-- its errors and log lines (at most 200 kept); the import queue; providers; cron
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/admin.psql
delete from sync_runs;
delete from import_jobs;
delete from api_usage;
select plan(20);

insert into sync_runs (id, job, trigger, started_at, finished_at, status, stats) overriding system value values
  (900401, 'sync-setlists', 'cron', now() - interval '3 days', now() - interval '3 days', 'failed', '{}'),
  (900402, 'sync-setlists', 'cron', now() - interval '2 hours', now() - interval '2 hours', 'ok',
    '{"calls": {"setlistfm": {"requests": 7, "cache_hits": 2, "retries": 1, "rate_limited": 3, "failures": 0}}}'),
  (900403, 'sync-popular-tours', 'cron', now() - interval '1 hour', now() - interval '1 hour', 'partial', '{}');
insert into sync_errors (run_id, provider, item_key, message, details) values
  (900401, 'setlistfm', 'mbid-1', 'upstream 503', '{"code": "circuit_open"}'),
  (900403, 'ticketmaster', 'event-9', 'bad venue', '{"code": "error"}');
insert into api_usage (provider, key_id, day, requests, daily_limit) values
  ('setlistfm', 'aa', (now() at time zone 'UTC')::date, 40, 1440),
  ('setlistfm', 'bb', (now() at time zone 'UTC')::date, 2, 1440), ('setlistfm', 'aa', (now() at time zone 'UTC')::date - 1, 99, 1440);
insert into import_jobs (kind, dedupe_key, status, artist_id, payload, last_error)
values ('artist_import', 'tm:a', 'dead', tests.id('artist'), '{"secret": "payload"}', 'gave up'),
       ('catalog_sync', 'artist:b', 'queued', null, '{}', null);

-- log lines: the run keeps its first 200 and counts the rest
select tests.act_as('service');
select is(append_sync_run_events(900402, jsonb_build_array(
  jsonb_build_object('level', 'info', 'event', 'sync_run_started', 'fields', jsonb_build_object('run_id', 900402)),
  jsonb_build_object('level', 'warn', 'event', 'sync_item_failed', 'fields', jsonb_build_object('item', 'x')))), 2,
  'a run stores its log lines');
select is(append_sync_run_events(900402, (select jsonb_agg(jsonb_build_object('level', 'debug', 'event', 'page', 'fields',
  jsonb_build_object('n', n))) from generate_series(1, 250) n)), 198, 'up to 200 lines a run');
select is(append_sync_run_events(900402, '[{"level": "info", "event": "late"}]'), 0, 'then none');
select throws_ok($$ select append_sync_run_events(-1, '[]') $$, 'P0001', 'run_not_found', 'an unknown run is refused');
select throws_ok($$ select append_sync_run_events(900402, '{}') $$, 'P0001', 'invalid_run_events', 'a non-array is refused');
select throws_ok($$ select append_sync_run_events(900402, '[{"level": "loud", "event": "x"}]') $$, 'P0001',
  'invalid_run_events', 'an unknown level is refused, even with the run full');

select created_at as circuit_open_at from sync_errors where run_id = 900401 \gset
select tests.act_as_admin();
select is((select array_agg((r ->> 'id')::int order by ord) from jsonb_array_elements(admin_sync_runs()) with ordinality x(r, ord)),
  array[900403, 900402, 900401], 'every run, newest first');
select is((select array_agg((r ->> 'id')::int) from jsonb_array_elements(admin_sync_runs(job => 'sync-setlists')) r),
  array[900402, 900401], 'by job');
select is((select array_agg((r ->> 'id')::int) from jsonb_array_elements(admin_sync_runs(status => 'failed')) r),
  array[900401], 'by status');
select is((select array_agg((r ->> 'id')::int) from jsonb_array_elements(
    admin_sync_runs(since => now() - interval '1 day', until => now() - interval '90 minutes')) r),
  array[900402], 'by date');
select is(admin_sync_runs(job => 'sync-popular-tours') -> 0 ->> 'errors', '1', 'with each run''s error count');
select throws_ok($$ select admin_sync_runs(status => 'exploded') $$, 'P0001', 'invalid_run_status', 'a bad status is refused');
select throws_ok($$ select admin_sync_runs(max_rows => 501) $$, 'P0001', 'invalid_max_rows', 'a page over 500 is refused');

select is(jsonb_array_length(admin_sync_run(900402) -> 'events'), 201, 'a run''s 200 log lines and the marker');
select is(admin_sync_run(900402) -> 'events' -> 200 -> 'fields', '{"dropped": 53}'::jsonb,
  'the marker counts the lines dropped');
select is(admin_sync_run(900403) -> 'errors' -> 0 ->> 'message', 'bad venue', 'and its errors, with the message');

select is((select array_agg(j ->> 'dedupe_key') from jsonb_array_elements(admin_import_jobs('dead')) j), array['tm:a'],
  'dead imports');
select is(admin_import_jobs('dead') -> 0 ?| array['payload'], false, 'without the payload');

select is(admin_provider_status() -> 'setlistfm',
  jsonb_build_object('requests_today', 42, 'daily_limit_today', 1440,
    'calls_24h', jsonb_build_object('requests', 7, 'cache_hits', 2, 'retries', 1, 'rate_limited', 3, 'failures', 0),
    'last_rate_limited_at', now() - interval '2 hours', 'circuit_open_errors_1h', 1,
    'last_circuit_open_at', :'circuit_open_at'::timestamptz),
  'a provider''s budget today, its 24 h calls, 429s and circuit breaker');
select ok((select bool_or(j ->> 'job' = 'refresh-trending' and j ? 'runs') from jsonb_array_elements(admin_cron_jobs()) j),
  'pg_cron jobs with their runs');

select * from finish();
rollback;
