-- pg_cron is installed in this database and can schedule and unschedule
begin;
create extension if not exists pgtap with schema extensions;
select plan(5);

select has_extension('pg_cron');
select ok(current_setting('cron.database_name') = current_database(), 'pg_cron runs jobs in this database');
select isnt(cron.schedule('pgtap-probe', '*/5 * * * *', 'select 1'), null, 'schedule returns a job id');
select is((select schedule from cron.job where jobname = 'pgtap-probe'), '*/5 * * * *', 'the job is stored');
select cron.unschedule('pgtap-probe');
select is((select count(*) from cron.job where jobname = 'pgtap-probe'), 0::bigint, 'unschedule removes the job');

select * from finish();
rollback;
