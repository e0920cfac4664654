-- the upcoming lists' reads by the database's rule (voting_closes_at, status) are still index reads: the
-- query shapes upcoming_markets, shows_near and venue_page run are EXPLAINed with sequential scans priced
-- out, and the plan must name the index meant for it (on a vacuumed catalogue upcoming_markets' read of
-- shows_listed_venue_idx is index-only: it carries venue_id and voting_closes_at)
begin;
\ir ../helpers/fixtures.psql
select plan(4);

set local enable_seqscan = off;

-- the plans follow the statistics, so give the planner a catalogue's shape (as in 71, and as the scale benchmark's:
-- a fifth of the shows upcoming): 400 past shows and 100 upcoming ones at another venue, analyzed here (ANALYZE's
-- statistics roll back with the test)
insert into public.venues (id, name, city, country) values ('e0000000-0000-4000-8000-0000000000f9', 'Filler Hall', 'Fillerton', 'GB');
insert into public.shows (artist_id, venue_id, name, starts_at, local_date, time_tba, date_tba, status)
select tests.id('empty_artist'), 'e0000000-0000-4000-8000-0000000000f9', 'Statistics filler ' || g,
       now() + make_interval(days => g - 400), (now() + make_interval(days => g - 400))::date, false, false,
       case when g <= 400 then 'completed' else 'scheduled' end::public.show_status
from generate_series(1, 500) g where g <> 400;
analyze public.shows;

select matches(tests.plan_of($$ select s.venue_id from public.shows s
  where s.status not in ('cancelled', 'completed') and s.venue_id is not null
    and s.local_date >= (now() at time zone 'utc')::date - 1 and s.voting_closes_at > now() $$),
  'shows_listed_venue_idx',
  'upcoming_markets: the dated upcoming shows per venue through shows_listed_venue_idx');
select matches(tests.plan_of($$ select s.venue_id from public.shows s
  where s.status not in ('cancelled', 'completed') and s.venue_id is not null
    and s.local_date is null and s.voting_closes_at is null $$),
  'shows_listed_venue_idx',
  'upcoming_markets: the date-TBA ones through shows_listed_venue_idx');
select matches(tests.plan_of(format($$ select sh.id from public.shows sh
  where sh.venue_id = %L and sh.local_date >= (now() at time zone 'utc')::date - 1 and sh.voting_closes_at > now() $$,
  tests.id('venue'))),
  'shows_venue_local_date_idx', 'shows_near: a venue''s upcoming shows through shows_venue_local_date_idx');
select matches(tests.plan_of(format($$ select s.id from public.shows s
  where s.venue_id = %L and s.status <> 'completed' and (s.voting_closes_at > now() or s.voting_closes_at is null)
  order by s.local_date nulls last, s.starts_at nulls last, s.id limit 50 $$, tests.id('venue'))),
  'shows_venue_local_date_idx', 'venue_page: a venue''s upcoming shows through shows_venue_local_date_idx');

select * from finish();
rollback;
