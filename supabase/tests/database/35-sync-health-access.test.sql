-- sync_health is the service role's; sync_health_summary is anyone's and holds no error text
begin;
\ir ../helpers/fixtures.psql
select plan(6);

insert into sync_runs (job, trigger, started_at, finished_at, status, error)
values ('sync-setlists', 'cron', now(), now(), 'failed', 'secret upstream detail');

select tests.act_as('anon');
select throws_ok($$ select sync_health() $$, '42501', 'permission denied for function sync_health', 'anon cannot read it');
select tests.act_as('alice');
select throws_ok($$ select sync_health() $$, '42501', 'permission denied for function sync_health', 'a fan cannot read it');

select tests.act_as('anon');
select is((select array_agg(k order by k) from jsonb_object_keys(sync_health_summary()) k),
  array['counted_at', 'coverage', 'freshness', 'gaps', 'generated_at', 'jobs', 'reasons', 'scores', 'series', 'state', 'totals'],
  'anyone can read the summary');
select is(sync_health_summary() #>> '{jobs,sync-setlists,last_run,status}', 'failed', 'including how each job last ran');
select ok(strpos(sync_health_summary()::text, 'secret upstream detail') = 0, 'but not the error');

select tests.act_as('service');
select is(sync_health() #>> '{jobs,sync-setlists,last_run,error}', 'secret upstream detail', 'the service role sees the detail');

select * from finish();
rollback;
