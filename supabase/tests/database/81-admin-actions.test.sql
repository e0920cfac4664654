-- admin actions: a sync through pg_net with Vault's URL and cron secret,
-- trending, rebuilding an untouched prediction, re-scoring, retrying and
-- cancelling imports; each audited (who, what, args), each refusal writing nothing
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/admin.psql
select plan(28);

select tests.act_as_admin();

-- run a sync now
create temp table probe as select admin_run_sync('sync-artist-songs', 5, true, tests.id('artist')) as answer;
select tests.act_as('owner');
select is((select url from net.http_request_queue where id = (select (answer ->> 'request_id')::bigint from probe)),
  'http://admin.example.test/functions/v1/sync-artist-songs', 'the sync is called at Vault''s project_url');
select is((select headers ->> 'Authorization' from net.http_request_queue
           where id = (select (answer ->> 'request_id')::bigint from probe)),
  'Bearer admin-test-cron-secret', 'with Vault''s cron secret, never a key from the browser');
select is((select convert_from(body, 'UTF8')::jsonb from net.http_request_queue
           where id = (select (answer ->> 'request_id')::bigint from probe)),
  jsonb_build_object('trigger', 'manual', 'limit', 5, 'dry_run', true, 'artist_id', tests.id('artist')),
  'limit, dry run and artist reach the function');
select is((select jsonb_build_object('actor', actor_id, 'email', actor_email, 'action', action, 'job', args ->> 'job')
           from admin_audit),
  jsonb_build_object('actor', tests.id('carol'), 'email', 'carol@fixture.test', 'action', 'run_sync',
    'job', 'sync-artist-songs'), 'the audit names who ran which sync');
select ok((select created_at = now() from admin_audit), 'and when');

select tests.act_as_admin();
select throws_ok($$ select admin_run_sync('drop-everything') $$, 'P0001', 'unknown_sync_function',
  'only sync functions can be run');
select throws_ok($$ select admin_run_sync('sync-setlists', 0) $$, 'P0001', 'invalid_sync_limit', 'a limit of 0 is refused');
select throws_ok($$ select admin_run_sync('sync-setlists', 1001) $$, 'P0001', 'invalid_sync_limit',
  'a limit over 1000 is refused');
select throws_ok($$ select admin_run_sync('sync-setlists', null, false, '00000000-0000-4000-8000-000000000000') $$,
  'P0001', 'artist_not_found', 'an unknown artist is refused');
select is((select count(*)::int from admin_audit), 1, 'refusals are not audited as actions');

-- refresh trending
create temp table refreshed as select admin_refresh_trending() as answer;
select is((select answer from refreshed), jsonb_build_object('status', 'ok',
  'shows', (select count(*) from trending_shows), 'artists', (select count(*) from trending_artists)),
  'trending refreshed, with what refresh_trending logged');

-- rebuild: an untouched prediction is rebuilt by ensure_predicted_setlist
create temp table rebuilt as select admin_rebuild_prediction(tests.id('upcoming_show')) as answer;
select is((select (answer ->> 'replaced')::uuid from rebuilt), tests.id('upcoming_prediction'), 'the old one is replaced');
select is((select (answer ->> 'setlist_id')::uuid from rebuilt),
  (select id from setlists where show_id = tests.id('upcoming_show') and kind = 'predicted'), 'by a new one');
select ok((select (answer ->> 'songs')::int > 0 from rebuilt), 'built from the real catalog');
-- one a fan voted on is not thrown away
select tests.act_as('alice');
select is(cast_vote((select id from setlist_songs ss where ss.setlist_id =
  (select id from setlists where show_id = tests.id('upcoming_show') and kind = 'predicted') order by position limit 1), 1)
  ->> 'my_vote', '1', 'a fan votes on the rebuilt prediction');
select tests.act_as_admin();
select throws_ok(format('select admin_rebuild_prediction(%L)', tests.id('upcoming_show')), 'P0001', 'prediction_has_votes',
  'a prediction with votes is not rebuilt');
select tests.act_as('owner');
select is((select count(*)::int from votes), 1, 'and the vote stays');
select tests.act_as_admin();

-- re-score: score_prediction as it is
select throws_ok(format('select admin_rescore_show(%L)', tests.id('upcoming_show')), 'P0001', 'no_actual_setlist',
  'a show without an actual setlist cannot be scored');

-- imports
select tests.act_as('owner');
insert into import_jobs (kind, dedupe_key, status, attempts, last_error, finished_at)
values ('artist_import', 'tm:dead', 'dead', 5, 'upstream 500', now()) returning id as dead_id \gset
insert into import_jobs (kind, dedupe_key) values ('artist_import', 'tm:queued') returning id as queued_id \gset
insert into import_jobs (kind, dedupe_key, status) values ('artist_import', 'tm:twice', 'dead') returning id as twice_id \gset
insert into import_jobs (kind, dedupe_key) values ('artist_import', 'tm:twice');
select tests.act_as_admin();
select is(admin_retry_import(:dead_id) ->> 'status', 'queued', 'a dead job is queued again');
select throws_ok(format('select admin_retry_import(%s)', :queued_id), 'P0001', 'import_job_not_dead', 'a queued job is not retried');
select is(admin_cancel_import(:queued_id) ->> 'status', 'dead', 'a queued job is cancelled');
select throws_ok(format('select admin_cancel_import(%s)', :queued_id), 'P0001', 'import_job_not_queued',
  'a dead job is not cancelled again');
select throws_ok($$ select admin_retry_import(-1) $$, 'P0001', 'import_job_not_found', 'an unknown job is refused');
select throws_ok(format('select admin_retry_import(%s)', :twice_id), 'P0001', 'import_job_already_live',
  'a dead job whose work is queued again is not retried');
select tests.act_as('owner');
select is((select attempts from import_jobs where id = :dead_id), 0, 'the retried job has fresh attempts');
select is((select last_error from import_jobs where id = :queued_id), 'cancelled by an admin',
  'the cancelled one says why');

select tests.act_as('owner');
select is((select array_agg(action order by id) from admin_audit),
  array['run_sync', 'refresh_trending', 'rebuild_prediction', 'retry_import', 'cancel_import'],
  'every action that took effect is in the audit trail, in order');
select is((select args from admin_audit where action = 'cancel_import'),
  jsonb_build_object('job_id', :queued_id), 'with its arguments');

select * from finish();
rollback;
