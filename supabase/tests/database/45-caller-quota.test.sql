-- take_caller_quota counts a caller's proxy calls per window: under every limit a call is
-- counted, a full window refuses with the seconds to wait and counts nothing, windows reset
begin;
\ir ../helpers/fixtures.psql
select plan(19);

delete from caller_quota_usage;

select tests.act_as('service');
select is(take_caller_quota('ip:quota-test', 'ticketmaster', array[2, 3], array[60, 3600]), 0, 'the first call is counted');
select is(take_caller_quota('ip:quota-test', 'ticketmaster', array[2, 3], array[60, 3600]), 0, 'the second too');
select cmp_ok(take_caller_quota('ip:quota-test', 'ticketmaster', array[2, 3], array[60, 3600]), '>', 0,
  'the third inside a minute is refused with a wait');
select cmp_ok(take_caller_quota('ip:quota-test', 'ticketmaster', array[2, 3], array[60, 3600]), '<=', 60,
  'the wait is at most the minute window');
select results_eq(
  $$ select window_seconds, calls from caller_quota_usage where caller_key = 'ip:quota-test' order by window_seconds $$,
  $$ values (60, 2), (3600, 2) $$, 'refused calls are not counted in any window');

-- other callers and other scopes have their own counts
select is(take_caller_quota('user:someone-else', 'ticketmaster', array[2, 3], array[60, 3600]), 0, 'another caller is not limited');
select is(take_caller_quota('ip:quota-test', 'spotify', array[2, 3], array[60, 3600]), 0, 'another scope is not limited');

-- the minute ends: counted again, until the hour is full
select tests.act_as('owner');
update caller_quota_usage set window_end = now() - interval '1 second'
where caller_key = 'ip:quota-test' and scope = 'ticketmaster' and window_seconds = 60;
select tests.act_as('service');
select is(take_caller_quota('ip:quota-test', 'ticketmaster', array[2, 3], array[60, 3600]), 0, 'a new minute counts from 1');
select results_eq(
  $$ select window_seconds, calls, window_end > now() from caller_quota_usage
     where caller_key = 'ip:quota-test' and scope = 'ticketmaster' order by window_seconds $$,
  $$ values (60, 1, true), (3600, 3, true) $$, 'the minute restarted, the hour kept counting');
select cmp_ok(take_caller_quota('ip:quota-test', 'ticketmaster', array[2, 3], array[60, 3600]), '>', 60,
  'a full hour makes the caller wait for the hour');
select is((select calls from caller_quota_usage where caller_key = 'ip:quota-test' and scope = 'ticketmaster'
           and window_seconds = 60), 1, 'the refused call left the minute alone');

-- malformed quotas and callers are refused, and write nothing
select throws_ok($$ select take_caller_quota('', 'ticketmaster', array[1], array[60]) $$, 'P0001', 'invalid_caller_key',
  'an empty caller key is refused');
select throws_ok($$ select take_caller_quota('ip:x', null, array[1], array[60]) $$, 'P0001', 'invalid_caller_key',
  'a missing scope is refused');
select throws_ok($$ select take_caller_quota('ip:x', 'ticketmaster', array[1, 2], array[60]) $$, 'P0001', 'invalid_quota',
  'limits and windows must pair up');
select throws_ok($$ select take_caller_quota('ip:x', 'ticketmaster', array[0], array[60]) $$, 'P0001', 'invalid_quota',
  'a limit of zero is refused');
select throws_ok($$ select take_caller_quota('ip:x', 'ticketmaster', array[1, 2], array[60, 60]) $$, 'P0001', 'invalid_quota',
  'the same window twice is refused');
select is((select count(*) from caller_quota_usage where caller_key = 'ip:x'), 0::bigint, 'the refusals wrote nothing');

-- fans cannot spend or read anyone's quota
select tests.act_as('alice');
select throws_ok($$ select take_caller_quota('user:alice', 'ticketmaster', array[100], array[60]) $$, '42501',
  'permission denied for function take_caller_quota', 'fans cannot call it');

-- pruning drops ended windows only
select tests.act_as('owner');
update caller_quota_usage set window_end = now() - interval '1 second' where caller_key = 'user:someone-else';
select tests.act_as('service');
select is(prune_caller_quotas(), 2, 'the two ended windows are pruned; running ones stay');

select * from finish();
rollback;
