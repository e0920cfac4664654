-- consume_api_budget hands out a provider's daily requests until the limit, then refuses without counting
begin;
create extension if not exists pgtap with schema extensions;
select plan(6);

delete from public.api_usage;
select is(public.consume_api_budget('ticketmaster', 2), true, 'first request of the day');
select is(public.consume_api_budget('ticketmaster', 2), true, 'second request of the day');
select is(public.consume_api_budget('ticketmaster', 2), false, 'the third is over the budget');
select is((select requests from public.api_usage where provider = 'ticketmaster'), 2, 'a refusal is not counted');
select is(public.consume_api_budget('setlistfm', 2), true, 'each provider has its own budget');

set local role authenticated;
select throws_ok($$ select public.consume_api_budget('ticketmaster', 5000) $$,
  '42501', 'permission denied for function consume_api_budget', 'fans cannot spend the budget');
reset role;

select * from finish();
rollback;
