-- request_artist_import queues a caller's import through enqueue_import, joins a live job for
-- free, and refuses a caller who already has max_pending imports queued or running
begin;
\ir ../helpers/fixtures.psql
select plan(13);

delete from import_jobs;
select tests.act_as('service');
select isnt(request_artist_import('ip:importer', 'tm:K8vZ9rq1', '{"ticketmaster_id": "K8vZ9rq1"}', null, 2), null,
  'the first import is queued');
select isnt(request_artist_import('ip:importer', 'tm:K8vZ9rq2', '{"ticketmaster_id": "K8vZ9rq2"}', null, 2), null,
  'the second too');
select throws_ok($$ select request_artist_import('ip:importer', 'tm:K8vZ9rq3', '{}', null, 2) $$, 'P0001',
  'import_limit_reached', 'a third while two are waiting is refused');
select is((select count(*) from import_jobs where dedupe_key = 'tm:K8vZ9rq3'), 0::bigint, 'the refused import is not queued');
select is(request_artist_import('ip:importer', 'tm:K8vZ9rq1', '{}', null, 2),
  (select id from import_jobs where dedupe_key = 'tm:K8vZ9rq1'), 'asking again for a queued import joins it, even at the cap');

-- another caller joining a job does not make it theirs, and has their own cap
select is(request_artist_import('user:other', 'tm:K8vZ9rq2', '{}', null, 1),
  (select id from import_jobs where dedupe_key = 'tm:K8vZ9rq2'), 'another caller joins the live job');
select isnt(request_artist_import('user:other', 'tm:K8vZ9rq4', '{}', tests.id('artist'), 1), null,
  'and queues one of their own, naming an artist');
select results_eq($$ select dedupe_key, requested_by, artist_id from import_jobs order by id $$,
  $$ values ('tm:K8vZ9rq1', 'ip:importer', null::uuid), ('tm:K8vZ9rq2', 'ip:importer', null),
            ('tm:K8vZ9rq4', 'user:other', tests.id('artist')) $$,
  'each job belongs to the caller who queued it');

-- a finished import frees a slot
update import_jobs set status = 'done', finished_at = now() where dedupe_key = 'tm:K8vZ9rq1';
select isnt(request_artist_import('ip:importer', 'tm:K8vZ9rq3', '{}', null, 2), null, 'a done import frees a slot');

select throws_ok($$ select request_artist_import(null, 'tm:K8vZ9rq5', '{}', null, 2) $$, 'P0001', 'invalid_caller_key',
  'a request without a caller is refused');
select throws_ok($$ select request_artist_import('ip:importer', 'tm:K8vZ9rq5', '{}', null, 0) $$, 'P0001', 'invalid_quota',
  'a cap below one is refused');
select throws_ok($$ select request_artist_import('ip:new', '', '{}', null, 2) $$, 'P0001', 'invalid_dedupe_key',
  'enqueue_import''s own refusals come through');

select tests.act_as('alice');
select throws_ok($$ select request_artist_import('user:alice', 'tm:K8vZ9rq6', '{}', null, 100) $$, '42501',
  'permission denied for function request_artist_import', 'fans cannot queue imports directly');

select * from finish();
rollback;
