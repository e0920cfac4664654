-- Included after fixtures.sql by tests that reason about the whole database
-- (health): start from nothing. Rolled back with the test.
delete from public.artists;
delete from public.venues;
delete from public.sync_runs;
delete from public.cron_logs;
delete from public.import_jobs;
delete from cron.job_run_details;
