-- venue_page's top_songs, now read from venue_song_plays, is what the page counted live before (the
-- played / top_songs query of the migration that first defined it, written out below): the same songs,
-- order (plays desc, title, id), fields and ties at the tenth, for a venue with more than ten songs, one
-- with fewer, and one with none
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(6);

-- the top songs as venue_page counted them before the kept table
create function tests.top_songs_counted_live(venue_slug text) returns jsonb
language sql
as $$
  with venue as (select v.id from public.venues v where v.slug = venue_slug),
  played as (
    select ss.song_id, count(distinct sl.id)::int as plays
    from venue v
    join public.shows s on s.venue_id = v.id
    join public.setlists sl on sl.show_id = s.id and sl.kind = 'actual'
    join public.setlist_songs ss on ss.setlist_id = sl.id and not ss.is_tape and ss.song_id is not null
    group by ss.song_id
  ),
  top_songs as (
    select so.id, so.title, a.slug as artist_slug, a.name as artist_name, so.slug, p.plays
    from played p
    join public.songs so on so.id = p.song_id
    join public.artists a on a.id = so.artist_id
    where p.plays >= coalesce((select q.plays from played q order by q.plays desc offset 9 limit 1), 0)
    order by p.plays desc, so.title, so.id
    limit 10
  )
  select coalesce((select jsonb_agg(to_jsonb(t)) from top_songs t), '[]')
$$;

-- more songs than ten at the fixture venue, eight of them tied at one play with song4 and song5, their titles
-- out of id order, so the tenth is decided by title among the ties; Tied Song C by the other artist
insert into public.songs (id, artist_id, title, normalized_title)
select ('d1520000-0000-4000-8000-0000000000' || lpad(n::text, 2, '0'))::uuid,
  case when n = 7 then tests.id('other_artist') else tests.id('artist') end,
  'Tied Song ' || chr(ascii('J') - n), ''
from generate_series(1, 8) n;
insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, status)
values ('c1520000-0000-4000-8000-000000000001', tests.id('artist'), tests.id('venue'), 'Past fixture show 152',
  now() - interval '2 days', (now() - interval '2 days')::date, 'completed');
insert into public.setlists (id, show_id, kind)
values ('f1520000-0000-4000-8000-000000000001', 'c1520000-0000-4000-8000-000000000001', 'actual');
insert into public.setlist_songs (setlist_id, song_id, title, position)
select 'f1520000-0000-4000-8000-000000000001', so.id, so.title, row_number() over (order by so.id)
from public.songs so where so.id::text like 'd1520000-%';

-- a second venue with one setlist of three songs, a third with none
insert into public.venues (id, name, city, country, timezone) values
  ('e1520000-0000-4000-8000-000000000001', 'Small Fixture Room', 'Testville', 'GB', 'Europe/London'),
  ('e1520000-0000-4000-8000-000000000002', 'Empty Fixture Room', 'Testville', 'GB', 'Europe/London');
insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, status)
values ('c1520000-0000-4000-8000-000000000002', tests.id('artist'), 'e1520000-0000-4000-8000-000000000001',
  'Small room show', now() - interval '4 days', (now() - interval '4 days')::date, 'completed');
insert into public.setlists (id, show_id, kind)
values ('f1520000-0000-4000-8000-000000000002', 'c1520000-0000-4000-8000-000000000002', 'actual');
insert into public.setlist_songs (setlist_id, song_id, title, position, is_tape) values
  ('f1520000-0000-4000-8000-000000000002', tests.id('song3'), 'Third Song', 1, false),
  ('f1520000-0000-4000-8000-000000000002', tests.id('song1'), 'First Song', 2, false),
  ('f1520000-0000-4000-8000-000000000002', null, 'Walk-on Tape', 3, true),
  ('f1520000-0000-4000-8000-000000000002', tests.id('song6'), 'Sixth Song', 4, false);

select is(jsonb_array_length(public.venue_page('fixture-hall-testville') -> 'top_songs'), 10,
  'the fixture venue has more than ten songs played: ten are shown');
select is(public.venue_page('fixture-hall-testville') -> 'top_songs', tests.top_songs_counted_live('fixture-hall-testville'),
  'its top songs are the ones counted live: same songs, order, fields and ties at the tenth');
select is((select array_agg(t ->> 'title') from jsonb_array_elements(public.venue_page('fixture-hall-testville') -> 'top_songs') t),
  array['First Song', 'Second Song', 'Third Song', 'Fifth Song', 'Fourth Song', 'Tied Song B', 'Tied Song C',
        'Tied Song D', 'Tied Song E', 'Tied Song F'],
  'most played first, then ties by title');
select is(public.venue_page('small-fixture-room-testville') -> 'top_songs',
  tests.top_songs_counted_live('small-fixture-room-testville'), 'a venue with fewer than ten songs: the same');
select is(public.venue_page('empty-fixture-room-testville') -> 'top_songs', '[]'::jsonb,
  'a venue with no setlist has no top songs');

-- as anon, as the page reads it
create temporary table counted_live as select tests.top_songs_counted_live('fixture-hall-testville') as top_songs;
grant select on counted_live to anon;
select tests.act_as('anon');
select is(public.venue_page('fixture-hall-testville') -> 'top_songs', (select top_songs from counted_live),
  'anon reads the same top songs');

select * from finish();
rollback;
