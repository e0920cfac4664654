-- log_cron_run records a job's outcome and refuses malformed ones
begin;
\ir ../helpers/fixtures.psql
select plan(9);

delete from cron_logs;
select tests.act_as('service');
select isnt(log_cron_run('sync-setlists', 'partial', '{"written": 3}', 1200), null, 'a run is logged');
select throws_ok($$ select log_cron_run('sync-setlists', 'great', '{}', 10) $$, 'P0001', 'invalid_job_status',
  'an unknown status is refused');
select throws_ok($$ select log_cron_run(' ', 'ok', '{}', 10) $$, 'P0001', 'invalid_job_name', 'a blank job name is refused');
select throws_ok($$ select log_cron_run('sync-setlists', 'ok', '{}', -1) $$, 'P0001', 'invalid_duration',
  'a negative duration is refused with its own code');
select throws_ok($$ select log_cron_run('sync-setlists', 'ok', '{}', -2147483648) $$, 'P0001', 'invalid_duration',
  'the most negative duration too');
select lives_ok($$ select log_cron_run('instant', 'skipped', '{}', 0) $$, 'a zero duration is accepted');

select tests.act_as('alice');
select throws_ok($$ select log_cron_run('sync-setlists', 'ok', '{}', 10) $$, '42501',
  'permission denied for function log_cron_run', 'fans cannot log runs');

select tests.act_as('owner');
select results_eq($$ select job_name, status, details, duration_ms from cron_logs order by id $$,
  $$ values ('sync-setlists', 'partial', '{"written": 3}'::jsonb, 1200), ('instant', 'skipped', '{}'::jsonb, 0) $$,
  'only the good runs were written');
select is(log_cron_run('nightly', 'ok', null, null) > 0, true, 'details and duration may be left out');

select * from finish();
rollback;
