-- predictions and votes leave venue_song_plays alone: a predicted setlist's songs (built, suggested, changed)
-- are not plays, and a vote's counter update (cast_vote, the hottest write of setlist_songs) never even
-- calls the keeping function. Proved by swapping that function for one that raises, inside this rolled-back
-- test: the vote still goes through, while an update of a column the count reads hits it
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(10);

create temporary table kept_before as select venue_id, song_id, plays from public.venue_song_plays;
create function tests.kept_changed() returns bigint
language sql
as $$
  select (select count(*) from (select venue_id, song_id, plays from public.venue_song_plays except select * from kept_before) a)
       + (select count(*) from (select * from kept_before except select venue_id, song_id, plays from public.venue_song_plays) b)
$$;

select is((select plays from public.venue_song_plays where venue_id = tests.id('venue') and song_id = tests.id('song1')),
  4, 'song1 has its four plays at the venue (the history fixture)');

-- a predicted setlist: song4 suggested by a fan, and rows written the way ensure_predicted_setlist writes them
select tests.act_as('alice');
select lives_ok(format('select public.suggest_song(%L, %L)', tests.id('upcoming_show'), tests.id('song4')),
  'a fan suggests a song for the upcoming show');
select tests.act_as('owner');
insert into public.setlist_songs (setlist_id, song_id, title, position)
values (tests.id('started_prediction'), tests.id('song2'), 'Second Song', 2);
update public.setlist_songs set song_id = tests.id('song5'), title = 'Fifth Song' where id = tests.id('ss3');
delete from public.setlist_songs where id = tests.id('ss2');
select is(tests.kept_changed(), 0::bigint, 'songs added to, changed in and removed from predictions change no count');

-- the vote counters: the update trigger is on song_id, is_tape and setlist_id only, with a WHEN clause
select is((select array_agg(a.attname::text order by a.attname)
           from pg_trigger t
           join pg_attribute a on a.attrelid = t.tgrelid and a.attnum = any(t.tgattr::int2[])
           where t.tgname = 'setlist_songs_venue_plays_updated'),
  array['is_tape', 'setlist_id', 'song_id'], 'the update trigger names only the columns the count reads');
select matches((select pg_get_triggerdef(oid) from pg_trigger where tgname = 'setlist_songs_venue_plays_updated'),
  'FOR EACH ROW WHEN \(\(\(old\.song_id IS DISTINCT FROM new\.song_id\)',
  'and skips rows whose song, tape flag and setlist are unchanged');

create or replace function public.keep_venue_song_plays_of_row() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'venue plays trigger called';
end
$$;

select tests.act_as('alice');
select is(public.cast_vote(tests.id('ss1'), 1) ->> 'upvotes', '1', 'a vote updates the song''s counters');
select tests.act_as('bob');
select is(public.cast_vote(tests.id('ss1'), -1) ->> 'downvotes', '1',
  'another vote, without calling the venue plays function');
select tests.act_as('owner');
select lives_ok(format('update public.setlist_songs set is_tape = is_tape, song_id = song_id where id = %L', tests.id('ss1')),
  'an update that sets the columns to what they were skips it too');
select throws_ok(format('update public.setlist_songs set song_id = %L where id = %L', tests.id('song6'), tests.id('ss1')),
  'P0001', 'venue plays trigger called', 'while an update of the song calls it (the swap is in force)');
select is(tests.kept_changed(), 0::bigint, 'the votes changed no count');

select * from finish();
rollback;
