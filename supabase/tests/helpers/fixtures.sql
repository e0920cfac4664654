-- Shared pgTAP fixture, included by each test with `\ir ../helpers/fixtures.sql`
-- right after `begin;`, so everything here is rolled back with the test.
--
-- Who acts (tests.act_as):
--   anon      no session: role anon, no sub claim
--   guest     an anonymous sign-in: role authenticated, is_anonymous true
--   alice     a signed-in fan
--   bob       another signed-in fan
--   service   the service role (what edge functions use)
--   owner     back to the migration owner (postgres), who sees everything
--
-- Catalog (names for tests.id):
--   artist (songs song1..song6), other_artist (other_song), an artist with no
--   songs (empty_artist, show empty_show), venue.
--   upcoming_show (in 7 days)  prediction upcoming_prediction: song1..song3 as ss1..ss3
--   started_show (1 hour ago)  prediction started_prediction: song1 as ss_started
--   cancelled_show (in 7 days) prediction cancelled_prediction: song1 as ss_cancelled
--   tba_show (time TBA, local date in 10 days, no prediction)
-- No votes: tests cast their own.

create extension if not exists pgtap with schema extensions;

create schema tests;
grant usage on schema tests to public;

create table tests.fixture_ids (name text primary key, id uuid not null);
grant select on tests.fixture_ids to public;
insert into tests.fixture_ids (name, id) values
  ('alice', 'a11ce000-0000-4000-8000-000000000001'),
  ('bob', 'b0b00000-0000-4000-8000-000000000002'),
  ('guest', '6e570000-0000-4000-8000-000000000003'),
  ('artist', 'a0000000-0000-4000-8000-000000000001'),
  ('other_artist', 'a0000000-0000-4000-8000-000000000002'),
  ('empty_artist', 'a0000000-0000-4000-8000-000000000003'),
  ('venue', 'e0000000-0000-4000-8000-000000000001'),
  ('upcoming_show', 'c0000000-0000-4000-8000-000000000001'),
  ('started_show', 'c0000000-0000-4000-8000-000000000002'),
  ('cancelled_show', 'c0000000-0000-4000-8000-000000000003'),
  ('tba_show', 'c0000000-0000-4000-8000-000000000004'),
  ('empty_show', 'c0000000-0000-4000-8000-000000000005'),
  ('song1', 'd0000000-0000-4000-8000-000000000001'),
  ('song2', 'd0000000-0000-4000-8000-000000000002'),
  ('song3', 'd0000000-0000-4000-8000-000000000003'),
  ('song4', 'd0000000-0000-4000-8000-000000000004'),
  ('song5', 'd0000000-0000-4000-8000-000000000005'),
  ('song6', 'd0000000-0000-4000-8000-000000000006'),
  ('other_song', 'd0000000-0000-4000-8000-000000000099'),
  ('upcoming_prediction', 'f0000000-0000-4000-8000-000000000001'),
  ('started_prediction', 'f0000000-0000-4000-8000-000000000002'),
  ('cancelled_prediction', 'f0000000-0000-4000-8000-000000000003'),
  ('ss1', 'f1000000-0000-4000-8000-000000000001'),
  ('ss2', 'f1000000-0000-4000-8000-000000000002'),
  ('ss3', 'f1000000-0000-4000-8000-000000000003'),
  ('ss_started', 'f1000000-0000-4000-8000-000000000004'),
  ('ss_cancelled', 'f1000000-0000-4000-8000-000000000005');

-- the fixture id called name; a typo fails loudly instead of passing null along
create function tests.id(name text) returns uuid
language plpgsql stable
as $$
declare
  found_id uuid;
begin
  select f.id into found_id from tests.fixture_ids f where f.name = id.name;
  if found_id is null then
    raise exception 'no fixture id named %', name;
  end if;
  return found_id;
end
$$;

-- switch role and JWT claims for the rest of the transaction, as PostgREST does per request
create function tests.act_as(who text) returns void
language plpgsql
as $$
begin
  case who
    when 'owner' then
      perform set_config('role', 'none', true);
      perform set_config('request.jwt.claims', '', true);
    when 'anon' then
      perform set_config('role', 'anon', true);
      perform set_config('request.jwt.claims', '{"role":"anon"}', true);
    when 'service' then
      perform set_config('role', 'service_role', true);
      perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
    when 'guest', 'alice', 'bob' then
      perform set_config('role', 'authenticated', true);
      perform set_config('request.jwt.claims', jsonb_build_object(
        'sub', tests.id(who), 'role', 'authenticated', 'aud', 'authenticated',
        'is_anonymous', who = 'guest')::text, true);
    else
      raise exception 'unknown actor %', who;
  end case;
end
$$;

-- the guest after upgrading to email and password: same id, is_anonymous false
create function tests.act_as_upgraded_guest() returns void
language plpgsql
as $$
begin
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', jsonb_build_object(
    'sub', tests.id('guest'), 'role', 'authenticated', 'aud', 'authenticated', 'is_anonymous', false)::text, true);
end
$$;

insert into auth.users (id, aud, role, email, is_anonymous, created_at, updated_at) values
  (tests.id('alice'), 'authenticated', 'authenticated', 'alice@fixture.test', false, now(), now()),
  (tests.id('bob'), 'authenticated', 'authenticated', 'bob@fixture.test', false, now(), now()),
  (tests.id('guest'), 'authenticated', 'authenticated', null, true, now(), now());

insert into public.artists (id, name, slug, songs_synced_at) values
  (tests.id('artist'), 'Fixture Artist', 'fixture-artist', now()),
  (tests.id('other_artist'), 'Other Fixture Artist', 'other-fixture-artist', now()),
  (tests.id('empty_artist'), 'Empty Fixture Artist', 'empty-fixture-artist', null);

insert into public.venues (id, name, city, country, timezone) values
  (tests.id('venue'), 'Fixture Hall', 'Testville', 'GB', 'Europe/London');

insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, time_tba, date_tba, status) values
  (tests.id('upcoming_show'), tests.id('artist'), tests.id('venue'), 'Upcoming fixture show',
    now() + interval '7 days', (now() + interval '7 days')::date, false, false, 'scheduled'),
  (tests.id('started_show'), tests.id('artist'), tests.id('venue'), 'Started fixture show',
    now() - interval '1 hour', (now() - interval '1 hour')::date, false, false, 'scheduled'),
  (tests.id('cancelled_show'), tests.id('artist'), tests.id('venue'), 'Cancelled fixture show',
    now() + interval '7 days', (now() + interval '7 days')::date, false, false, 'cancelled'),
  (tests.id('tba_show'), tests.id('artist'), tests.id('venue'), 'Time-TBA fixture show',
    null, current_date + 10, true, false, 'scheduled'),
  (tests.id('empty_show'), tests.id('empty_artist'), tests.id('venue'), 'Show of an artist without songs',
    now() + interval '14 days', (now() + interval '14 days')::date, false, false, 'scheduled');

insert into public.songs (id, artist_id, title, release_date) values
  (tests.id('song1'), tests.id('artist'), 'First Song', '2020-01-01'),
  (tests.id('song2'), tests.id('artist'), 'Second Song', '2021-01-01'),
  (tests.id('song3'), tests.id('artist'), 'Third Song', '2022-01-01'),
  (tests.id('song4'), tests.id('artist'), 'Fourth Song', '2023-01-01'),
  (tests.id('song5'), tests.id('artist'), 'Fifth Song', '2024-01-01'),
  (tests.id('song6'), tests.id('artist'), 'Sixth Song', '2025-01-01'),
  (tests.id('other_song'), tests.id('other_artist'), 'Somebody Else''s Song', '2020-01-01');

insert into public.setlists (id, show_id, kind) values
  (tests.id('upcoming_prediction'), tests.id('upcoming_show'), 'predicted'),
  (tests.id('started_prediction'), tests.id('started_show'), 'predicted'),
  (tests.id('cancelled_prediction'), tests.id('cancelled_show'), 'predicted');

insert into public.setlist_songs (id, setlist_id, song_id, title, position) values
  (tests.id('ss1'), tests.id('upcoming_prediction'), tests.id('song1'), 'First Song', 1),
  (tests.id('ss2'), tests.id('upcoming_prediction'), tests.id('song2'), 'Second Song', 2),
  (tests.id('ss3'), tests.id('upcoming_prediction'), tests.id('song3'), 'Third Song', 3),
  (tests.id('ss_started'), tests.id('started_prediction'), tests.id('song1'), 'First Song', 1),
  (tests.id('ss_cancelled'), tests.id('cancelled_prediction'), tests.id('song1'), 'First Song', 1);
