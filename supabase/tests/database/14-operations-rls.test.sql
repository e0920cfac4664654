-- operations tables are the service role's alone
begin;
\ir ../helpers/fixtures.psql
select plan(18);

select tests.act_as('anon');
select throws_ok($$ select * from sync_runs $$, '42501', 'permission denied for table sync_runs', 'anon cannot read sync_runs');
select throws_ok($$ select * from import_jobs $$, '42501', 'permission denied for table import_jobs', 'anon cannot read import_jobs');
select throws_ok($$ select * from show_view_marks $$, '42501', 'permission denied for table show_view_marks',
  'anon cannot read view marks');

select tests.act_as('alice');
select throws_ok($$ select * from sync_errors $$, '42501', 'permission denied for table sync_errors', 'a fan cannot read sync_errors');
select throws_ok($$ select * from cron_logs $$, '42501', 'permission denied for table cron_logs', 'a fan cannot read cron_logs');
select throws_ok($$ select * from api_cache $$, '42501', 'permission denied for table api_cache', 'a fan cannot read api_cache');
select throws_ok($$ insert into import_jobs (kind, dedupe_key) values ('artist_import', 'x') $$,
  '42501', 'permission denied for table import_jobs', 'a fan cannot queue jobs directly');
select throws_ok($$ select * from show_view_counts $$, '42501', 'permission denied for table show_view_counts',
  'a fan cannot read view counts');

-- api_usage (the providers' daily budgets) is an operations table too: no privilege at all for the API roles
select tests.act_as('anon');
select throws_ok($$ select * from api_usage $$, '42501', 'permission denied for table api_usage',
  'anon cannot read api_usage');
select throws_ok($$ insert into api_usage (provider, day) values ('ticketmaster', current_date) $$,
  '42501', 'permission denied for table api_usage', 'anon cannot spend budget directly');
select tests.act_as('alice');
select throws_ok($$ select * from api_usage $$, '42501', 'permission denied for table api_usage',
  'a fan cannot read api_usage');
select throws_ok($$ update api_usage set requests = 0 $$, '42501', 'permission denied for table api_usage',
  'a fan cannot reset a budget');
select throws_ok($$ delete from api_usage $$, '42501', 'permission denied for table api_usage',
  'a fan cannot delete budgets');

select tests.act_as('service');
select lives_ok($$ insert into api_usage (provider, key_id, day, requests) values ('setlistfm', 'ffff', current_date, 3) $$,
  'the service role writes api_usage');
select lives_ok($$ insert into sync_runs (job, trigger) values ('sync-popular-tours', 'test') $$, 'the service role writes sync_runs');
select lives_ok($$ insert into api_cache (provider, cache_key, status, expires_at) values ('spotify', 'k', 200, now()) $$,
  'the service role writes api_cache');
select is((select count(*) from sync_runs where trigger = 'test'), 1::bigint, 'the service role reads sync_runs');
select lives_ok($$ update app_limits set suggestions_per_show = 5 $$, 'the service role tunes limits');

select * from finish();
rollback;
