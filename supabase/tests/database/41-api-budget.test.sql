-- consume_api_budget hands out a provider key's daily requests until the limit, then refuses without counting
begin;
create extension if not exists pgtap with schema extensions;
select plan(9);

delete from public.api_usage;
select is(public.consume_api_budget('ticketmaster', 2), true, 'first request of the day');
select is(public.consume_api_budget('ticketmaster', 2), true, 'second request of the day');
select is(public.consume_api_budget('ticketmaster', 2), false, 'the third is over the budget');
select is((select requests from public.api_usage where provider = 'ticketmaster'), 2, 'a refusal is not counted');
select is((select daily_limit from public.api_usage where provider = 'ticketmaster'), 2,
  'the limit it was spent against is kept for the console');
select is(public.consume_api_budget('setlistfm', 2), true, 'each provider has its own budget');
select is(public.consume_api_budget('ticketmaster', 2, 'abc123'), true, 'each key has its own budget');
select throws_ok($$ select public.consume_api_budget('ticketmaster', 2, 'NOT A FINGERPRINT') $$,
  '23514', null, 'a key id is a short hex fingerprint, never the key itself');

set local role authenticated;
select throws_ok($$ select public.consume_api_budget('ticketmaster', 5000) $$,
  '42501', 'permission denied for function consume_api_budget', 'fans cannot spend the budget');
reset role;

select * from finish();
rollback;
