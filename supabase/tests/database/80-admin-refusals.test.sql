-- every admin RPC refuses anyone without app_metadata.role = admin in the JWT
-- (42501 admin_required: PostgREST's 403 for a signed-in caller), and lets an admin in
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/admin.psql
select plan(23);

create temp table admin_calls (sql text);
insert into admin_calls values
  ($$ select admin_run_sync('sync-setlists') $$),
  ($$ select admin_refresh_trending() $$),
  ($$ select admin_rebuild_prediction('c0000000-0000-4000-8000-000000000001') $$),
  ($$ select admin_rescore_show('c0000000-0000-4000-8000-000000000001') $$),
  ($$ select admin_retry_import(1) $$),
  ($$ select admin_cancel_import(1) $$),
  ($$ select admin_sync_runs() $$),
  ($$ select admin_sync_run(1) $$),
  ($$ select admin_import_jobs() $$),
  ($$ select admin_provider_status() $$),
  ($$ select admin_cron_jobs() $$),
  ($$ select admin_sync_health() $$);
grant select on admin_calls to public;

-- a fan
select tests.act_as('alice');
select throws_ok(c.sql, '42501', 'admin_required', 'a fan is refused: ' || btrim(c.sql))
from admin_calls c;

-- a guest, and a fan who put role admin in the user_metadata they can write themselves
select tests.act_as('guest');
select throws_ok($$ select admin_sync_runs() $$, '42501', 'admin_required', 'a guest is refused');
select tests.act_as_user_metadata_admin();
select throws_ok($$ select admin_refresh_trending() $$, '42501', 'admin_required',
  'role admin in user_metadata is not app_metadata');

-- anon has no execute privilege at all (PostgREST: 401)
select tests.act_as('anon');
select throws_ok($$ select admin_sync_runs() $$, '42501', 'permission denied for function admin_sync_runs',
  'anon cannot call an admin RPC');
select throws_ok($$ select * from admin_audit $$, '42501', 'permission denied for table admin_audit',
  'anon cannot read the audit trail');

-- nothing was written by the refused calls
select tests.act_as('owner');
select is((select count(*)::int from admin_audit), 0, 'refused calls leave no audit row');

-- the admin gets in
select tests.act_as_admin();
select lives_ok($$ select admin_sync_runs() $$, 'an admin reads sync runs');
select lives_ok($$ select admin_cron_jobs() $$, 'an admin reads the cron jobs');
select lives_ok($$ select admin_refresh_trending() $$, 'an admin refreshes trending');
select is((select count(*)::int from admin_audit), 1, 'an admin reads the audit trail');

-- the audit trail is the admins' alone
select tests.act_as('alice');
select is((select count(*)::int from admin_audit), 0, 'a fan sees no audit row');
select throws_ok($$ insert into admin_audit (actor_id, action) values (auth.uid(), 'forged') $$, '42501',
  'permission denied for table admin_audit', 'nobody writes the audit trail directly');

select * from finish();
rollback;
