-- search_catalog's shows are the upcoming ones as the database decides it (not show_has_started):
-- a show that started an hour ago, a completed one and a time-TBA one whose venue-local day has begun
-- (UTC+14, while UTC's date is still the day before) are left out; cancelled, time-TBA and date-TBA
-- shows ahead are in. The found set equals show_has_started's verdict on every matching show.
begin;
\ir ../helpers/fixtures.psql
select plan(6);

insert into public.venues (id, name, city, country, timezone) values
  ('e0000000-0000-4000-8000-0000000001e1', 'Line Islands Hall', 'Kiritimati', 'KI', 'Pacific/Kiritimati');
insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, time_tba, date_tba, status) values
  -- the venue's calendar day has begun: 00:00 at UTC+14 is behind us, though it is tomorrow in UTC until 10:00 UTC
  ('c0000000-0000-4000-8000-0000000001e1', tests.id('artist'), 'e0000000-0000-4000-8000-0000000001e1',
    'Dawn fixture show', null, ((now() at time zone 'Pacific/Kiritimati')::date), true, false, 'scheduled'),
  ('c0000000-0000-4000-8000-0000000001e2', tests.id('artist'), tests.id('venue'),
    'Completed early fixture show', now() + interval '2 days', (now() + interval '2 days')::date, false, false, 'completed'),
  ('c0000000-0000-4000-8000-0000000001e3', tests.id('artist'), tests.id('venue'),
    'Undated fixture show', null, null, true, true, 'scheduled');

create function tests.found(query text) returns uuid[]
language sql as $$
  select coalesce(array_agg((s ->> 'id')::uuid order by s ->> 'id'), '{}')
  from jsonb_array_elements(public.search_catalog(query) -> 'shows') s
$$;
grant execute on function tests.found(text) to anon;

select tests.act_as('anon');
select ok(not tests.id('started_show') = any(tests.found('fixture show')), 'a show that started an hour ago is not upcoming');
select ok(not 'c0000000-0000-4000-8000-0000000001e1' = any(tests.found('fixture show')),
  'a time-TBA show whose venue-local day has begun (UTC+14) is not upcoming');
select ok(not 'c0000000-0000-4000-8000-0000000001e2' = any(tests.found('fixture show')), 'a completed show is not upcoming');
select ok(tests.id('tba_show') = any(tests.found('fixture show')) and 'c0000000-0000-4000-8000-0000000001e3' = any(tests.found('fixture show')),
  'time-TBA and date-TBA shows ahead are upcoming');
select ok(tests.id('cancelled_show') = any(tests.found('fixture show')), 'a cancelled show ahead is still found (its card says so)');
select is(
  (select array_agg(f order by f::text) from unnest(tests.found('fixture show')) f
   where f in (select sh.id from public.shows sh where sh.name ilike '%fixture show%')),
  (select array_agg(sh.id order by sh.id::text) from public.shows sh
   where sh.name ilike '%fixture show%' and not public.show_has_started(sh.status, sh.voting_closes_at)),
  'of the shows containing the words, those found are exactly the ones show_has_started calls not started');

select * from finish();
rollback;
