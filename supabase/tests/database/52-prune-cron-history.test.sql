-- pg_cron's run history is pruned daily to a week, by the scheduled command itself
begin;
\ir ../helpers/fixtures.psql
select plan(3);

select tests.act_as('owner');
delete from cron.job_run_details;
insert into cron.job_run_details (jobid, job_pid, database, username, command, status, return_message, start_time, end_time)
select j.jobid, 0, 'postgres', 'postgres', j.command, 'succeeded', '1 row', now() - age, now() - age
from cron.job j, (values (interval '1 hour'), (interval '6 days'), (interval '8 days'), (interval '30 days')) a(age)
where j.jobname = 'refresh-trending';

select is((select schedule from cron.job where jobname = 'prune-cron-history'), '23 3 * * *',
  'pg_cron prunes its own history daily');
do $$ begin execute (select command from cron.job where jobname = 'prune-cron-history'); end $$;
select is((select count(*)::int from cron.job_run_details), 2, 'the runs older than a week are deleted');
select ok((select bool_and(end_time > now() - interval '7 days') from cron.job_run_details),
  'the last week''s runs stay, for sync_health');

select * from finish();
rollback;
