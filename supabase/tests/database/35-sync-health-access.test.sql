-- sync_health is the service role's; sync_health_summary is anyone's and holds no detail
begin;
\ir ../helpers/fixtures.sql
select plan(6);

insert into sync_runs (job, trigger, started_at, finished_at, status, error)
values ('sync-setlists', 'cron', now(), now(), 'failed', 'secret upstream detail');

select tests.act_as('anon');
select throws_ok($$ select sync_health() $$, '42501', 'permission denied for function sync_health', 'anon cannot read it');
select tests.act_as('alice');
select throws_ok($$ select sync_health() $$, '42501', 'permission denied for function sync_health', 'a fan cannot read it');

select tests.act_as('anon');
select is((select array_agg(k order by k) from jsonb_object_keys(sync_health_summary()) k),
  array['coverage', 'gaps', 'generated_at', 'state', 'totals'], 'the summary has the state, coverage, totals and gaps');
select is(sync_health_summary() ->> 'state', 'ERROR', 'including the state');
select ok(sync_health_summary()::text not like '%secret upstream detail%' and sync_health_summary()::text not like '%sync-setlists%',
  'but no job names or errors');

select tests.act_as('service');
select is(sync_health() #>> '{jobs,sync-setlists,last_run,error}', 'secret upstream detail', 'the service role sees the detail');

select * from finish();
rollback;
