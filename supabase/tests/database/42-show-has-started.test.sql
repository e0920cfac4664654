-- when voting closes: shows.voting_closes_at (show_voting_closes_at) and
-- show_has_started, the one rule that closes predictions, votes and
-- suggestions, whatever time zone the session uses
begin;
\ir ../helpers/fixtures.psql
select plan(18);

select is(public.show_voting_closes_at('2026-03-15 01:00+00', '2026-03-14', false, false, 'America/New_York'),
  '2026-03-15 01:00+00'::timestamptz, 'a known start time is the closing moment');
select is(public.show_voting_closes_at(null, '2026-03-14', false, true, 'America/New_York'),
  '2026-03-14 04:00+00'::timestamptz, 'time TBA: the start of the venue-local date (EDT midnight)');
select is(public.show_voting_closes_at(null, '2026-03-14', false, true, 'Asia/Tokyo'),
  '2026-03-13 15:00+00'::timestamptz, 'time TBA in Tokyo: midnight JST');
select is(public.show_voting_closes_at(null, '2026-03-14', false, true, null),
  '2026-03-13 10:00+00'::timestamptz, 'no venue zone: the earliest start of that date anywhere (UTC+14)');
select is(public.show_voting_closes_at(null, '2026-03-14', false, true, 'Mars/Olympus_Mons'),
  '2026-03-13 10:00+00'::timestamptz, 'an unknown zone name is treated like no zone, not an error');
select is(public.show_voting_closes_at(null, null, true, true, 'UTC'), null, 'date TBA: no closing moment');

-- the session time zone (PostgREST's Prefer: timezone=) moves nothing
set local timezone = 'Pacific/Kiritimati';
select is(public.show_voting_closes_at(null, '2026-03-14', false, true, 'America/New_York'),
  '2026-03-14 04:00+00'::timestamptz, 'the same moment with the session in UTC+14');
set local timezone = 'Pacific/Pago_Pago';
select is(public.show_voting_closes_at(null, '2026-03-14', false, true, 'America/New_York'),
  '2026-03-14 04:00+00'::timestamptz, 'the same moment with the session in UTC-11');

select is(public.show_has_started('scheduled', now() + interval '1 hour'), false, 'a closing moment ahead: not started');
select is(public.show_has_started('scheduled', now()), true, 'the closing moment itself counts as started');
select is(public.show_has_started('completed', now() + interval '1 day'), true, 'a completed show has started whatever its date');
select is(public.show_has_started('scheduled', null), false, 'date TBA: not started');
select is(public.show_has_started('cancelled', now() + interval '1 day'), false,
  'cancellation is its own rule (show_cancelled), not a start');

-- the column follows the show and its venue; a written value is replaced
update shows set voting_closes_at = now() - interval '1 year', local_date = '2026-03-14'
where id = tests.id('tba_show');
select is((select voting_closes_at from shows where id = tests.id('tba_show')), '2026-03-14 00:00+00'::timestamptz,
  'the trigger sets voting_closes_at (Europe/London, GMT) whatever the update supplied');
update venues set timezone = 'Asia/Tokyo' where id = tests.id('venue');
select is((select voting_closes_at from shows where id = tests.id('tba_show')), '2026-03-13 15:00+00'::timestamptz,
  'a venue''s new zone moves its shows'' closing moment');

-- a time-TBA show on its own venue-local day is closed; the day before, open.
-- Kiritimati (UTC+14) is always on a later date than UTC, so its today has begun
update venues set timezone = 'Pacific/Kiritimati' where id = tests.id('venue');
update shows set local_date = (now() at time zone 'Pacific/Kiritimati')::date where id = tests.id('tba_show');
select is((select public.show_has_started(status, voting_closes_at) from shows where id = tests.id('tba_show')), true,
  'a time-TBA show on its own venue-local day has started');
update shows set local_date = (now() at time zone 'Pacific/Kiritimati')::date + 1 where id = tests.id('tba_show');
select is((select public.show_has_started(status, voting_closes_at) from shows where id = tests.id('tba_show')), false,
  'a time-TBA show on the venue''s tomorrow has not');

-- a known start: the trigger takes it without the venue's zone, and still replaces a written value
update shows set starts_at = '2026-03-14 20:00+00', time_tba = false, voting_closes_at = now() - interval '1 year'
where id = tests.id('tba_show');
select is((select voting_closes_at from shows where id = tests.id('tba_show')), '2026-03-14 20:00+00'::timestamptz,
  'a show with a known start closes at it (Kiritimati''s zone is not used), whatever the update supplied');

select * from finish();
rollback;
