-- show_has_started: the one rule that closes predictions, votes and suggestions
begin;
create extension if not exists pgtap with schema extensions;
select plan(8);

select is(public.show_has_started('scheduled', now() + interval '1 hour', current_date + 1), false, 'a start in the future has not started');
select is(public.show_has_started('scheduled', now() - interval '1 minute', current_date), true, 'a start in the past has started');
select is(public.show_has_started('scheduled', now(), current_date), true, 'the start itself counts as started');
select is(public.show_has_started('completed', now() + interval '1 day', current_date + 1), true, 'a completed show has started whatever its date');
select is(public.show_has_started('postponed', null, current_date + 3), false, 'time TBA, date ahead: not started');
select is(public.show_has_started('scheduled', null, current_date), true, 'time TBA, date today: started');
select is(public.show_has_started('scheduled', null, null), false, 'date TBA: not started');
select is(public.show_has_started('cancelled', now() + interval '1 day', current_date + 1), false,
  'cancellation is its own rule (show_cancelled), not a start');

select * from finish();
rollback;
