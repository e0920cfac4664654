-- pg_cron as on hosted: the jobs the migrations schedule belong to postgres
-- (the role `supabase db push` connects as) and run as it, not as a
-- superuser; postgres reads cron.job but changes its jobs only through
-- pg_cron's functions (supabase/postgres revoke_writes_on_cron_job_from_postgres).
-- That the jobs do run as postgres: supabase/tests/deno/pg_cron_runs_as_owner.test.ts.
begin;
\ir ../helpers/fixtures.psql
select plan(6);

select cmp_ok((select count(*) from cron.job), '>=', 12::bigint, 'the migrations scheduled their jobs');
select is(
  (select array_agg(distinct username::text) from cron.job),
  array['postgres'], 'every job belongs to postgres, the role the migrations ran as');
select ok(not (select rolsuper from pg_roles where rolname = 'postgres'), 'so no job runs as a superuser');

select throws_ok($$ update cron.job set active = false where jobname = 'refresh-trending' $$, '42501', null,
  'postgres may not write cron.job directly');
select lives_ok($$ select cron.alter_job(jobid, active := false) from cron.job where jobname = 'refresh-trending' $$,
  'postgres pauses its own job through cron.alter_job');
select is((select active from cron.job where jobname = 'refresh-trending'), false, 'the job is paused (until this test rolls back)');

select * from finish();
rollback;
