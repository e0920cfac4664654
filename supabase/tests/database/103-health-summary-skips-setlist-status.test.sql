-- the status page's summary asks sync_health() without the setlist refresh
-- status (it reads every artist and the summary does not show it); the
-- operator's document keeps it, and both agree on everything else
begin;
\ir ../helpers/health_world.psql
select plan(5);

select tests.act_as('service');
select is(sync_health() -> 'setlist_refresh', setlist_refresh_status(), 'the operator''s document has the setlist refresh status');
select ok(sync_health(24, false) ? 'setlist_refresh' and sync_health(24, false) -> 'setlist_refresh' = 'null'::jsonb,
  'asked without it, the field is there and null');
select is(sync_health(24, false) - 'setlist_refresh' - 'generated_at', sync_health() - 'setlist_refresh' - 'generated_at',
  'and the rest of the document is the same');
select set_config('tests.health', (sync_health() - 'setlist_refresh')::text, true);

select tests.act_as('anon');
select is(
  (select jsonb_build_object('state', s -> 'state', 'coverage', s -> 'coverage', 'reasons', s -> 'reasons',
     'counted_at', s -> 'counted_at', 'gaps', s -> 'gaps', 'scores', s -> 'scores') from sync_health_summary() s),
  (select jsonb_build_object('state', h -> 'state', 'coverage', h -> 'coverage', 'reasons', h -> 'reasons',
     'counted_at', h -> 'counted_at', 'gaps', h -> 'gaps', 'scores', h -> 'scores')
   from (select current_setting('tests.health')::jsonb as h) x),
  'the summary says what the operator''s document says');
select ok(strpos(sync_health_summary()::text, 'setlist_refresh') = 0 and strpos(sync_health_summary()::text, 'tiers') = 0,
  'and carries no setlist refresh status');

select * from finish();
rollback;
