-- the health census counts what the per-show definitions say (upcoming: not
-- cancelled or completed and not show_has_started; past: started over 48 hours
-- ago, or without a time a local date over two UTC days back, and not
-- cancelled, postponed or rescheduled), at each boundary, and follows shows,
-- setlists and votes as they change, once it is taken again: between two
-- counts sync_health() keeps saying what the last one found
begin;
\ir ../helpers/empty_world.psql
select plan(12);

insert into tests.fixture_ids (name, id) values
  ('c_artist', 'a5000000-0000-4000-8000-000000000001'),
  ('c_songless', 'a5000000-0000-4000-8000-000000000002'),
  ('c_venue', 'e5000000-0000-4000-8000-000000000001'),
  ('c_song1', 'd5000000-0000-4000-8000-000000000001'),
  ('c_song2', 'd5000000-0000-4000-8000-000000000002'),
  ('up_predicted', 'c5000000-0000-4000-8000-000000000001'),
  ('up_in_a_minute', 'c5000000-0000-4000-8000-000000000002'),
  ('started_a_minute_ago', 'c5000000-0000-4000-8000-000000000003'),
  ('cancelled_future', 'c5000000-0000-4000-8000-000000000004'),
  ('postponed_old', 'c5000000-0000-4000-8000-000000000005'),
  ('date_tba', 'c5000000-0000-4000-8000-000000000006'),
  ('started_47h', 'c5000000-0000-4000-8000-000000000007'),
  ('started_49h', 'c5000000-0000-4000-8000-000000000008'),
  ('date_3_days_back', 'c5000000-0000-4000-8000-000000000009'),
  ('date_2_days_back', 'c5000000-0000-4000-8000-000000000010');

insert into artists (id, name, slug, songs_synced_at) values
  (tests.id('c_artist'), 'Census Artist', 'census-artist', now()),
  (tests.id('c_songless'), 'Census Songless', 'census-songless', null);
insert into songs (id, artist_id, title) values
  (tests.id('c_song1'), tests.id('c_artist'), 'Census One'), (tests.id('c_song2'), tests.id('c_artist'), 'Census Two');
insert into venues (id, name, timezone) values (tests.id('c_venue'), 'Census Hall', 'UTC'), (gen_random_uuid(), 'No Zone', null);
-- the last full tour sync started an hour ago: a show counts as seen with last_seen_at from 13 hours ago on
insert into sync_runs (job, trigger, started_at, finished_at, status, items_seen, items_written)
values ('sync-popular-tours', 'cron', now() - interval '1 hour', now() - interval '59 minutes', 'ok', 1, 1);

insert into shows (id, artist_id, venue_id, name, starts_at, local_date, date_tba, time_tba, status, last_seen_at)
select tests.id(s.name), tests.id('c_artist'), case when s.name = 'up_in_a_minute' then null else tests.id('c_venue') end,
  s.name, s.starts_at, coalesce(s.local_date, (s.starts_at at time zone 'utc')::date), s.date_tba, s.time_tba,
  s.status::show_status, s.last_seen_at
from (values
  ('up_predicted', now() + interval '5 days', null::date, false, false, 'scheduled', now() - interval '59 minutes'),
  ('up_in_a_minute', now() + interval '1 minute', null, false, false, 'scheduled', now() - interval '13 hours'),
  ('started_a_minute_ago', now() - interval '1 minute', null, false, false, 'scheduled', null),
  ('cancelled_future', now() + interval '3 days', null, false, false, 'cancelled', null),
  ('postponed_old', now() - interval '3 days', null, false, false, 'postponed', null),
  ('date_tba', null, null, true, false, 'scheduled', now() - interval '13 hours 1 second'),
  ('started_47h', now() - interval '47 hours', null, false, false, 'completed', null),
  ('started_49h', now() - interval '49 hours', null, false, false, 'completed', null),
  ('date_3_days_back', null, (now() at time zone 'utc')::date - 3, false, true, 'scheduled', null),
  ('date_2_days_back', null, (now() at time zone 'utc')::date - 2, false, true, 'scheduled', null)
) s (name, starts_at, local_date, date_tba, time_tba, status, last_seen_at);
insert into setlists (show_id, kind) values (tests.id('up_predicted'), 'predicted'), (tests.id('started_49h'), 'actual');
insert into setlist_songs (id, setlist_id, song_id, title, position)
select gen_random_uuid(), sl.id, so.id, so.title, row_number() over (order by so.title)
from setlists sl, songs so where sl.show_id = tests.id('up_predicted') and so.artist_id = tests.id('c_artist');

-- what the census holds, without its time
create function pg_temp.census() returns jsonb language sql as $$
  select public.refresh_sync_health_census() - 'counted_at' - 'count_ms' - 'last_tour_sync_at' - 'setlist_refresh'
$$;

select is(pg_temp.census(), jsonb_build_object(
    'artists', 2, 'artists_without_songs', 1, 'artists_with_fresh_catalog', 1, 'venues', 2, 'venues_with_timezone', 1,
    -- upcoming: predicted, in a minute, date TBA; past: 49 hours ago, local date 3 days back
    'shows', 10, 'upcoming_shows', 3, 'past_shows', 2, 'shows_without_venue', 1,
    'upcoming_without_prediction', 2, 'past_without_actual', 1,
    -- seen: last_seen_at within 12 hours before the last full run (in a minute: exactly 12 hours before it)
    'upcoming_seen_by_last_tour_sync', 2,
    'songs', 2, 'predicted_setlists', 1, 'actual_setlists', 1, 'votes', 0),
  'each show is classified at its boundary: a minute either side of voting closing, 47 and 49 hours, 2 and 3 days');
select is((refresh_sync_health_census() ->> 'last_tour_sync_at')::timestamptz, now() - interval '1 hour',
  'the last full tour sync the seen count is measured against');
select is((select counted_at from sync_health_census), now(), 'counted as of now');

-- fans vote on the predicted show: three votes, then one taken back
select tests.act_as('alice');
select cast_vote(ss.id, 1) from setlist_songs ss join setlists sl on sl.id = ss.setlist_id
where sl.show_id = tests.id('up_predicted');
select tests.act_as('bob');
select cast_vote(ss.id, -1) from setlist_songs ss join setlists sl on sl.id = ss.setlist_id
where sl.show_id = tests.id('up_predicted') and ss.song_id = tests.id('c_song1');
select tests.act_as('service');
select is(sync_health() #>> '{totals,votes}', '0', 'until the census is taken again, the document says what the last one found');
select tests.act_as('owner');
select is(pg_temp.census() -> 'votes', '3'::jsonb, 'then it counts the votes');
select tests.act_as('alice');
select cast_vote(ss.id, 0) from setlist_songs ss join setlists sl on sl.id = ss.setlist_id
where sl.show_id = tests.id('up_predicted') and ss.song_id = tests.id('c_song2');
select tests.act_as('owner');
select is(pg_temp.census() -> 'votes', '2'::jsonb, 'a vote taken back leaves the count');

-- setlists arrive: a prediction for the show in a minute, the actual for the show three days back
insert into setlists (show_id, kind) values (tests.id('up_in_a_minute'), 'predicted'), (tests.id('date_3_days_back'), 'actual');
select is(pg_temp.census() - 'votes' - 'artists' - 'artists_without_songs' - 'artists_with_fresh_catalog' - 'venues'
    - 'venues_with_timezone' - 'songs',
  jsonb_build_object('shows', 10, 'upcoming_shows', 3, 'past_shows', 2, 'shows_without_venue', 1,
    'upcoming_without_prediction', 1, 'past_without_actual', 0, 'upcoming_seen_by_last_tour_sync', 2,
    'predicted_setlists', 2, 'actual_setlists', 2),
  'new setlists close their gaps');

-- a show is cancelled, another deleted (its setlist goes with it), one gets its venue, the songless artist songs
update shows set status = 'cancelled' where id = tests.id('date_tba');
delete from shows where id = tests.id('started_49h');
update shows set venue_id = tests.id('c_venue') where id = tests.id('up_in_a_minute');
insert into songs (artist_id, title) values (tests.id('c_songless'), 'At Last');
select is(pg_temp.census() - 'votes' - 'venues' - 'venues_with_timezone',
  jsonb_build_object('artists', 2, 'artists_without_songs', 0, 'artists_with_fresh_catalog', 1,
    'shows', 9, 'upcoming_shows', 2, 'past_shows', 1, 'shows_without_venue', 0,
    'upcoming_without_prediction', 0, 'past_without_actual', 0, 'upcoming_seen_by_last_tour_sync', 2,
    'songs', 3, 'predicted_setlists', 2, 'actual_setlists', 1),
  'cancelled, deleted, given a venue, given songs: each count follows');

-- the show closing in a minute, once it has closed, is no longer upcoming (show_has_started, the one definition)
update shows set starts_at = now() - interval '1 second' where id = tests.id('up_in_a_minute');
select is(pg_temp.census() -> 'upcoming_shows', '1'::jsonb, 'a show whose voting closed is not upcoming');

-- against the definitions asked show by show, as sync_health() asked them before the census
create function pg_temp.per_show() returns jsonb language sql as $$
  select jsonb_build_object(
    'upcoming_shows', count(*) filter (where c.upcoming),
    'past_shows', count(*) filter (where c.past),
    'upcoming_without_prediction', count(*) filter (where c.upcoming and not c.has_prediction),
    'past_without_actual', count(*) filter (where c.past and not c.has_actual))
  from (
    select sh.status not in ('cancelled', 'completed') and not public.show_has_started(sh.status, sh.voting_closes_at) as upcoming,
      sh.status not in ('cancelled', 'postponed', 'rescheduled')
        and (sh.starts_at < now() - interval '48 hours'
             or (sh.starts_at is null and sh.local_date < (now() at time zone 'utc')::date - 2)) as past,
      exists (select 1 from public.setlists s where s.show_id = sh.id and s.kind = 'predicted') as has_prediction,
      exists (select 1 from public.setlists s where s.show_id = sh.id and s.kind = 'actual') as has_actual
    from public.shows sh) c
$$;
select is(pg_temp.census() - 'votes' - 'artists' - 'artists_without_songs' - 'artists_with_fresh_catalog' - 'venues'
    - 'venues_with_timezone' - 'songs' - 'shows' - 'shows_without_venue' - 'upcoming_seen_by_last_tour_sync'
    - 'predicted_setlists' - 'actual_setlists',
  pg_temp.per_show(), 'the census agrees with the per-show definitions');

select tests.act_as('service');
select is((sync_health() -> 'totals') - 'import_jobs_queued' - 'import_jobs_dead',
  '{"artists": 2, "venues": 2, "shows": 9, "upcoming_shows": 1, "past_shows": 1, "songs": 3, "predicted_setlists": 2, "actual_setlists": 1, "votes": 2}'::jsonb,
  'sync_health() reports the census');
select is((sync_health() ->> 'counted_at')::timestamptz, (select counted_at from sync_health_census),
  'with the time it was taken');

select * from finish();
rollback;
