-- page views are no lever on the providers' budgets: after a fruitless catalog sync
-- (no confident match, or failed for good) the artist's next sync waits, longer each time
begin;
\ir ../helpers/fixtures.psql
select plan(10);

delete from import_jobs;

-- many fans open the page of an artist without songs: one sync is queued
select tests.act_as('anon');
select ensure_predicted_setlist(tests.id('empty_show')) from generate_series(1, 20);
select tests.act_as('owner');
select is((select count(*) from import_jobs where kind = 'catalog_sync'), 1::bigint,
  'twenty page views queue one catalog sync');

-- it finds no confident match: the job is done, the artist still has no songs
update import_jobs set status = 'done', finished_at = now() - interval '1 hour', created_at = now() - interval '2 hours';
select tests.act_as('anon');
select ensure_predicted_setlist(tests.id('empty_show')) from generate_series(1, 20);
select tests.act_as('owner');
select is((select count(*) from import_jobs), 1::bigint, 'an hour after a fruitless sync, page views queue nothing');
select is(catalog_sync_due(tests.id('empty_artist')), false, 'catalog_sync_due says not yet');

-- six hours after the first fruitless attempt, one more is allowed
update import_jobs set finished_at = now() - interval '7 hours';
select is(catalog_sync_due(tests.id('empty_artist')), true, 'six hours after one fruitless attempt another is due');
select tests.act_as('anon');
select ensure_predicted_setlist(tests.id('empty_show')) from generate_series(1, 5);
select tests.act_as('owner');
select is((select count(*) from import_jobs where status = 'queued'), 1::bigint, 'and page views queue exactly one');

-- that one fails every retry (dead): two fruitless attempts now mean 12 hours
update import_jobs set status = 'dead', finished_at = now() - interval '7 hours', last_error = 'spotify 503'
where status = 'queued';
select is(catalog_sync_due(tests.id('empty_artist')), false, 'after two fruitless attempts, 7 hours is not enough');
select tests.act_as('anon');
select ensure_predicted_setlist(tests.id('empty_show')) from generate_series(1, 5);
select tests.act_as('owner');
select is((select count(*) from import_jobs), 2::bigint, 'so page views queue nothing');
update import_jobs set finished_at = now() - interval '13 hours';
select is(catalog_sync_due(tests.id('empty_artist')), true, 'after 12 hours the third attempt is due');

-- the wait never passes 7 days, and attempts older than 30 days are forgotten
insert into import_jobs (kind, dedupe_key, artist_id, status, finished_at, created_at)
select 'catalog_sync', 'artist:' || tests.id('empty_artist'), tests.id('empty_artist'), 'done',
  now() - interval '8 days', now() - interval '8 days'
from generate_series(1, 10);
update import_jobs set finished_at = now() - interval '8 days' where finished_at > now() - interval '8 days';
select is(catalog_sync_due(tests.id('empty_artist')), true, 'twelve fruitless attempts wait at most 7 days');

select tests.act_as('anon');
select throws_ok($$ select catalog_sync_due(tests.id('empty_artist')) $$, '42501', null,
  'fans cannot call catalog_sync_due directly');

select * from finish();
rollback;
