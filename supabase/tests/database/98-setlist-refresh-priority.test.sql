-- The database decides whose setlists sync-setlists refreshes next
-- (setlist_refresh_queue) and reports what it has not reached
-- (setlist_refresh_status, in sync_health): shows in the next 7 days first,
-- then 30 days, then followed or viewed artists, then the rest; inside a tier
-- the most followed, most viewed, with an MBID and longest stale first; an
-- artist refreshed within its tier's interval is not due.
begin;
\ir ../helpers/empty_world.psql
select plan(15);

insert into tests.fixture_ids (name, id) values
  ('soon_popular', 'a9800000-0000-4000-8000-000000000001'),
  ('soon', 'a9800000-0000-4000-8000-000000000002'),
  ('soon_fresh', 'a9800000-0000-4000-8000-000000000003'),
  ('month', 'a9800000-0000-4000-8000-000000000004'),
  ('month_recent', 'a9800000-0000-4000-8000-000000000005'),
  ('followed', 'a9800000-0000-4000-8000-000000000006'),
  ('other_with_mbid', 'a9800000-0000-4000-8000-000000000007'),
  ('cancelled_only', 'a9800000-0000-4000-8000-000000000008');

insert into public.artists (id, name, slug, mbid, setlists_synced_at) values
  (tests.id('soon_popular'), 'Soon Popular', 'soon-popular', null, now() - interval '2 days 1 hour'),
  (tests.id('soon'), 'Soon', 'soon', null, null),
  (tests.id('soon_fresh'), 'Soon Fresh', 'soon-fresh', null, now() - interval '2 hours'),
  (tests.id('month'), 'Month', 'month', null, now() - interval '3 days 1 hour'),
  (tests.id('month_recent'), 'Month Recent', 'month-recent', null, now() - interval '1 day'),
  (tests.id('followed'), 'Followed', 'followed', null, now() - interval '8 days'),
  (tests.id('other_with_mbid'), 'Other', 'other', 'b9800000-0000-4000-8000-000000000007', null),
  (tests.id('cancelled_only'), 'Cancelled Only', 'cancelled-only', null, null);

-- today is the UTC day; shows by local date
insert into public.shows (artist_id, name, local_date, time_tba, status)
select tests.id(a), a || ' show', (now() at time zone 'utc')::date + d, true, s::public.show_status
from (values ('soon_popular', 5, 'scheduled'), ('soon', 3, 'scheduled'), ('soon_fresh', 3, 'scheduled'),
             ('month', 20, 'scheduled'), ('month_recent', 20, 'scheduled'),
             ('cancelled_only', 3, 'cancelled')) v (a, d, s);
insert into public.artist_follower_counts (artist_id, followers) values
  (tests.id('soon_popular'), 10), (tests.id('followed'), 5);

select tests.act_as('service');

select is(
  (select array_agg(q.name order by ord) from public.setlist_refresh_queue(100) with ordinality q (id, name, ticketmaster_id, spotify_id, mbid, tier, ord)),
  array['Soon Popular', 'Soon', 'Month', 'Followed', 'Other', 'Cancelled Only'],
  'due artists in tier order: 7 days (most followed first), 30 days, followed, the rest (with an MBID first)');
select is(
  (select array_agg(q.tier order by ord) from public.setlist_refresh_queue(100) with ordinality q (id, name, ticketmaster_id, spotify_id, mbid, tier, ord)),
  array['show_within_7_days', 'show_within_7_days', 'show_within_30_days', 'followed_or_viewed', 'other', 'other'],
  'each with its tier; a cancelled show gives no priority');
select is((select array_agg(q.name) from public.setlist_refresh_queue(2) q), array['Soon Popular', 'Soon'],
  'max_artists takes the head of the queue');
select ok(
  not exists (select 1 from public.setlist_refresh_queue(100) q where q.id in (tests.id('soon_fresh'), tests.id('month_recent'))),
  'an artist refreshed within its tier''s interval (2 days) is not due');

select is(public.setlist_refresh_status() -> 'tiers' -> 'show_within_7_days', '{"artists": 3, "due": 2}'::jsonb,
  'status counts the artists of a tier and the due ones');
select is((public.setlist_refresh_status() ->> 'due')::int, 6, 'and how many are due in all');
select is(public.setlist_refresh_status() -> 'coverage',
  '{"shows_next_7_days": 3, "fresh_next_7_days": 0.6666, "shows_next_30_days": 5, "fresh_next_30_days": 0.6000}'::jsonb,
  'coverage: shows in the next 7 and 30 days whose artist was refreshed within 3 days (cut to 4 decimals)');
-- sync_health reads the status from the catalogue census (taken every minute), not per call
select from public.refresh_sync_health_census();
select is(sync_health() -> 'setlist_refresh', public.setlist_refresh_status(), 'sync_health shows the same status');

-- a refresh moves the artist out of the queue and into coverage
update public.artists set setlists_synced_at = now() where id = tests.id('soon');
select ok(sync_health() -> 'setlist_refresh' <> public.setlist_refresh_status()
    and (sync_health() #>> '{setlist_refresh,coverage,fresh_next_7_days}')::numeric = 0.6666,
  'sync_health keeps the census''s status (as of counted_at) until the next census');
select is((select array_agg(q.name) from public.setlist_refresh_queue(2) q), array['Soon Popular', 'Month'],
  'a refreshed artist leaves the queue');
select is((public.setlist_refresh_status() #>> '{coverage,fresh_next_7_days}')::numeric, 1.0000,
  'and its shows count as fresh');

-- refusals
select throws_ok($$ select * from public.setlist_refresh_queue(0) $$, 'P0001', 'invalid_max_artists',
  'max_artists below 1 is refused');
select throws_ok($$ select * from public.setlist_refresh_queue(1001) $$, 'P0001', 'invalid_max_artists',
  'max_artists above 1000 is refused');
select throws_ok($$ select * from public.setlist_refresh_queue(null) $$, 'P0001', 'invalid_max_artists',
  'a null max_artists is refused');

select tests.act_as('alice');
select throws_ok($$ select * from public.setlist_refresh_queue(10) $$, '42501', null,
  'fans cannot read the refresh queue');

select * from finish();
rollback;
