-- import_job_is_due: the one rule the worker's claim and the cron job's check share
begin;
\ir ../helpers/fixtures.psql
select plan(7);

select tests.act_as('service');
select ok(import_job_is_due('queued', now() - interval '1 second', null), 'a queued job past its run_after is due');
select ok(not import_job_is_due('queued', now() + interval '1 minute', null), 'one waiting for its run_after is not');
select ok(import_job_is_due('running', now() - interval '1 hour', now() - interval '16 minutes'),
  'a job its worker left running for over 15 minutes is due again');
select ok(not import_job_is_due('running', now() - interval '1 hour', now() - interval '5 minutes'),
  'one running for 5 minutes is not');
select ok(not import_job_is_due('done', now() - interval '1 hour', null), 'a finished job is not');

select tests.act_as('owner');
delete from import_jobs;
insert into import_jobs (kind, dedupe_key, payload, status, run_after, locked_at)
values ('catalog_sync', 'due-rule-test', '{}', 'running', now() - interval '1 hour', now() - interval '16 minutes');
select tests.act_as('service');
select ok(import_queue_due(), 'the cron job''s check sees the abandoned job');

select tests.act_as('anon');
select throws_ok($$ select import_job_is_due('queued', now(), null) $$, '42501',
  'permission denied for function import_job_is_due', 'the API roles cannot call it');

select * from finish();
rollback;
