-- prune_api_cache deletes responses expired over a day ago, keeps the rest,
-- refuses a nonsense interval, is for the service role only, and runs hourly
begin;
\ir ../helpers/fixtures.psql
select plan(9);

delete from api_cache;
insert into api_cache (provider, cache_key, status, body, etag, fetched_at, expires_at) values
  ('ticketmaster', 'fresh', 200, '{}', null, now(), now() + interval '10 minutes'),
  ('spotify', 'expired an hour ago', 200, '{}', '"e1"', now() - interval '2 hours', now() - interval '1 hour'),
  ('setlistfm', 'expired two days ago', 200, '{}', '"e2"', now() - interval '3 days', now() - interval '2 days'),
  ('ticketmaster', 'expired a week ago', 200, '{}', null, now() - interval '8 days', now() - interval '7 days');

select tests.act_as('anon');
select throws_ok($$ select prune_api_cache() $$, '42501', 'permission denied for function prune_api_cache',
  'anon cannot prune the cache');
select tests.act_as('alice');
select throws_ok($$ select prune_api_cache() $$, '42501', 'permission denied for function prune_api_cache',
  'a fan cannot prune the cache');

select tests.act_as('service');
select throws_ok($$ select prune_api_cache(interval '-1 hour') $$, 'P0001', 'invalid_keep_expired',
  'a negative interval is refused');
select throws_ok($$ select prune_api_cache(null) $$, 'P0001', 'invalid_keep_expired', 'so is null');
select is((select count(*)::int from api_cache), 4, 'a refused call deletes nothing');

select is(prune_api_cache(), 2, 'the two responses expired over a day ago are deleted');
select results_eq($$ select cache_key from api_cache order by cache_key $$,
  $$ values ('expired an hour ago'), ('fresh') $$, 'the fresh one and the recently expired one (its ETag) stay');
select is(prune_api_cache(interval '0'), 1, 'with no grace, every expired response goes');

select tests.act_as('owner');
select is((select schedule from cron.job where jobname = 'prune-api-cache'), '41 * * * *',
  'pg_cron prunes it hourly');

select * from finish();
rollback;
