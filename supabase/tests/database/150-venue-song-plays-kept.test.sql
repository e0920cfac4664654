-- venue_song_plays stays equal to a live recount (distinct actual setlists of the venue's shows holding
-- the song, tapes left out: what venue_page counted before) after every kind of write that can move a
-- count: songs added to and removed from actual setlists, a row's song changed, its tape flag flipped,
-- a setlist's kind or show changed, a setlist or show deleted, a show moved to another venue, a venue
-- merge (merge_venue_twins), a song deleted
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(23);

-- the live count, written out here (not through the migration's count_venue_song_plays), and the rows it
-- disagrees with the kept table on, both ways
create function tests.plays_out_of_step() returns bigint
language sql
as $$
  with live as (
    select s.venue_id, ss.song_id, count(distinct sl.id)::int as plays
    from public.shows s
    join public.setlists sl on sl.show_id = s.id and sl.kind = 'actual'
    join public.setlist_songs ss on ss.setlist_id = sl.id
    where not ss.is_tape and ss.song_id is not null and s.venue_id is not null
    group by s.venue_id, ss.song_id
  ),
  kept as (select venue_id, song_id, plays from public.venue_song_plays)
  select (select count(*) from (select * from live except select * from kept) a)
       + (select count(*) from (select * from kept except select * from live) b)
$$;

create function tests.plays_of(song text, venue uuid default tests.id('venue')) returns integer
language sql
as $$
  select coalesce((select k.plays from public.venue_song_plays k where k.venue_id = venue and k.song_id = tests.id(song)), 0)
$$;

insert into tests.fixture_ids (name, id) values
  ('second_venue', 'e0000000-0000-4000-8000-000000000150'),
  ('past6', 'c1000000-0000-4000-8000-000000000150');
insert into public.venues (id, name, city, country, timezone) values
  (tests.id('second_venue'), 'Second Fixture Hall', 'Testville', 'GB', 'Europe/London');

-- the history fixture's inserts: past1..past4 hold song1 and song2 (past4 song2 twice, one setlist), song3 in
-- three, song4 and song5 once; the tape, the cover not in the catalog and past5's tape-only setlist count nothing
select is(tests.plays_out_of_step(), 0::bigint, 'after the history fixture''s inserts the kept count is the live one');
select is(array[tests.plays_of('song1'), tests.plays_of('song2'), tests.plays_of('song3'), tests.plays_of('song4'),
                tests.plays_of('song5'), tests.plays_of('song6')],
  array[4, 4, 3, 1, 1, 0], 'song2 twice in one setlist counts once; a song never played has no row');
select is((select count(*)::int from public.venue_song_plays where venue_id = tests.id('venue')), 5,
  'five songs played at the venue, five rows');

-- a new actual setlist at the second venue, written as the setlist writer writes one: the setlist, then its songs
insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, status)
values (tests.id('past6'), tests.id('artist'), tests.id('second_venue'), 'Past fixture show 6',
  now() - interval '3 days', (now() - interval '3 days')::date, 'completed');
insert into public.setlists (show_id, kind) values (tests.id('past6'), 'actual');
select is(tests.plays_out_of_step(), 0::bigint, 'an empty actual setlist changes nothing');
insert into public.setlist_songs (setlist_id, song_id, title, position)
select sl.id, tests.id(s.name), s.title, s.position
from public.setlists sl,
  (values ('song6', 'Sixth Song', 1), ('song1', 'First Song', 2), ('song6', 'Sixth Song', 3)) s(name, title, position)
where sl.show_id = tests.id('past6') and sl.kind = 'actual';
select is(array[tests.plays_of('song6', tests.id('second_venue')), tests.plays_of('song1', tests.id('second_venue')),
                tests.plays_of('song1')],
  array[1, 1, 4], 'its songs count at its venue only');
select is(tests.plays_out_of_step(), 0::bigint, 'after inserting an actual setlist''s songs');

-- a repeat of a song a setlist already holds (song1 again at the end of past1): no new play
insert into public.setlist_songs (setlist_id, song_id, title, position)
select sl.id, tests.id('song1'), 'First Song', 9 from public.setlists sl
where sl.show_id = tests.id('past1') and sl.kind = 'actual';
select is(tests.plays_of('song1'), 4, 'a song added again to a setlist that holds it is not another play');

-- a song removed: song5 was past3's only
delete from public.setlist_songs where song_id = tests.id('song5');
select is(tests.plays_of('song5'), 0, 'a song removed from its only setlist drops its row');
-- one of past4's two song2 rows removed: still in past4
delete from public.setlist_songs ss using public.setlists sl
where sl.id = ss.setlist_id and sl.show_id = tests.id('past4') and ss.position = 3;
select is(tests.plays_of('song2'), 4, 'removing a repeat of a song in one setlist keeps its count');
select is(tests.plays_out_of_step(), 0::bigint, 'after deletes');

-- a row changed song (a correction, a song merge): song4's play in past1 becomes song6's
update public.setlist_songs set song_id = tests.id('song6'), title = 'Sixth Song' where song_id = tests.id('song4');
select is(array[tests.plays_of('song4'), tests.plays_of('song6')], array[0, 1], 'a changed song moves the play');
-- a tape flag flipped on past2's song3 row, then a tape made a song again
update public.setlist_songs ss set is_tape = true from public.setlists sl
where sl.id = ss.setlist_id and sl.show_id = tests.id('past2') and ss.song_id = tests.id('song3');
select is(tests.plays_of('song3'), 2, 'a row flagged a tape no longer counts');
update public.setlist_songs ss set is_tape = false from public.setlists sl
where sl.id = ss.setlist_id and sl.show_id = tests.id('past2') and ss.song_id = tests.id('song3');
select is(tests.plays_out_of_step(), 0::bigint, 'after song and tape flag updates');

-- a setlist that stops being the actual one, and becomes it again
update public.setlists set kind = 'predicted' where show_id = tests.id('past3') and kind = 'actual';
select is(tests.plays_of('song1'), 3, 'a setlist that is no longer the actual one stops counting');
update public.setlists set kind = 'actual' where show_id = tests.id('past3') and kind = 'predicted';
-- past6's setlist moved to a show at the first venue that has none
insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, status)
values ('c1000000-0000-4000-8000-000000000151', tests.id('artist'), tests.id('venue'), 'Past fixture show 7',
  now() - interval '2 days', (now() - interval '2 days')::date, 'completed');
update public.setlists set show_id = 'c1000000-0000-4000-8000-000000000151' where show_id = tests.id('past6');
select is(array[tests.plays_of('song1', tests.id('second_venue')), tests.plays_of('song6', tests.id('second_venue')),
                tests.plays_of('song6')],
  array[0, 0, 2], 'a setlist moved to another venue''s show takes its plays there');
select is(tests.plays_out_of_step(), 0::bigint, 'after setlist kind and show updates');

-- a show moved to another venue (what a venue merge does to each show), then deletes
update public.shows set venue_id = tests.id('second_venue') where id = tests.id('past1');
select is(array[tests.plays_of('song1'), tests.plays_of('song1', tests.id('second_venue'))], array[4, 1],
  'a show moved to another venue takes its plays with it');
delete from public.setlists where show_id = tests.id('past2') and kind = 'actual';
delete from public.shows where id = tests.id('past4');
select is(tests.plays_out_of_step(), 0::bigint, 'after a show moved, a setlist deleted and a show deleted (cascades)');

-- merge_venue_twins: the setlist.fm-only twin's shows move to the Ticketmaster row and the twin is deleted
insert into public.venues (id, ticketmaster_id, name, city, country, latitude, longitude, timezone) values
  ('e0000000-0000-4000-8000-0000000001a1', 'KovPlaysA', 'Synthetic Plays Hall', 'Reykjavík', 'IS', 64.15, -21.94,
   'Atlantic/Reykjavik');
insert into public.venues (id, setlistfm_id, name, city, country, latitude, longitude) values
  ('e0000000-0000-4000-8000-0000000001a2', 'sfmPlaysA', 'The Synthetic Plays Hall', 'Reykjavik', 'IS', 64.14, -21.9);
update public.shows set venue_id = 'e0000000-0000-4000-8000-0000000001a2' where id = tests.id('past3');
select is(tests.plays_of('song1', 'e0000000-0000-4000-8000-0000000001a2'), 1, 'the twin holds past3''s plays');
select tests.act_as('service');
select is(public.merge_venue_twins(), 1, 'the twins are merged');
select tests.act_as('owner');
select is(array[tests.plays_of('song1', 'e0000000-0000-4000-8000-0000000001a1'),
                (select count(*)::int from public.venue_song_plays where venue_id = 'e0000000-0000-4000-8000-0000000001a2')],
  array[1, 0], 'a venue merge moves the plays to the kept venue and leaves none on the deleted twin');

-- a song deleted from the catalog: its rows go with it
delete from public.songs where id = tests.id('song2');
select is(tests.plays_out_of_step(), 0::bigint, 'after a venue merge and a song deleted');

-- a truncate fires no delete trigger: the plays go with it all the same
truncate public.setlist_songs cascade;
select is((select count(*)::int from public.venue_song_plays), 0, 'a truncate of setlist_songs leaves no play');

select * from finish();
rollback;
