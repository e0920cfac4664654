-- refresh_trending logs its runs and is scheduled every 15 minutes; the views are public
begin;
\ir ../helpers/fixtures.psql
select plan(7);

delete from cron_logs;
select tests.act_as('service');
select lives_ok($$ select refresh_trending() $$, 'refresh_trending runs');
select tests.act_as('owner');
select results_eq($$ select job_name, status, (details ->> 'shows')::int >= 1 from cron_logs $$,
  $$ values ('refresh_trending', 'ok', true) $$, 'the run is logged through log_cron_run with what it refreshed');
select is((select schedule from cron.job where jobname = 'refresh-trending'), '*/15 * * * *',
  'pg_cron refreshes trending every 15 minutes');
select is((select command from cron.job where jobname = 'refresh-trending'), 'select public.refresh_trending()',
  'by calling refresh_trending');
select ok(exists(select 1 from pg_indexes where tablename = 'trending_shows' and indexname = 'trending_shows_show_idx'
  and indexdef like 'CREATE UNIQUE INDEX%'), 'trending_shows has the unique index concurrent refresh needs');

select tests.act_as('alice');
select ok((select count(*) from trending_artists) >= 1, 'fans read trending artists');
select throws_ok($$ select refresh_trending() $$, '42501', 'permission denied for function refresh_trending',
  'fans cannot refresh trending');

select * from finish();
rollback;
