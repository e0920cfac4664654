-- "(with x)", "[with x]" and "- with x" name a guest like feat.; songs stored twice under the old rule merge
-- into one, with their plays and votes
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(11);

select is(normalize_song_title('Paper Planes (with Someone)'), 'paper planes', '"(with x)" goes like feat.');
select is(normalize_song_title('Paper Planes [with Someone & Other]'), 'paper planes', '"[with x]" goes');
select is(normalize_song_title('Paper Planes - with Someone'), 'paper planes', '"- with x" goes');
select is(normalize_song_title('Stay With Me'), 'stay with me', 'a title that merely contains "with" stays');

-- stored under the old rule: the Spotify copy "Second Song (with Guest)" beside setlist.fm's "Second Song" (song2)
alter table songs disable trigger songs_normalize_title;
insert into songs (id, artist_id, title, normalized_title, spotify_id)
values ('d0000000-0000-4000-8000-0000000000c1', tests.id('artist'), 'Second Song (with Guest)', 'second song with guest', 'sp-second');
alter table songs enable trigger songs_normalize_title;
-- the upcoming prediction holds both copies; alice voted on both, bob only on the Spotify copy
insert into setlist_songs (id, setlist_id, song_id, title, position)
values ('55000000-0000-4000-8000-0000000000c1', tests.id('upcoming_prediction'), 'd0000000-0000-4000-8000-0000000000c1',
  'Second Song (with Guest)', 4);
select tests.act_as('alice');
select cast_vote(tests.id('ss2'), 1);
select cast_vote('55000000-0000-4000-8000-0000000000c1', 1);
select tests.act_as('bob');
select cast_vote('55000000-0000-4000-8000-0000000000c1', -1);
select tests.act_as('owner');
-- and one actual setlist played the Spotify copy
update setlist_songs set song_id = 'd0000000-0000-4000-8000-0000000000c1'
where song_id = tests.id('song2') and setlist_id = (select id from setlists where show_id = tests.id('past1') and kind = 'actual');
create temp table plays_before as select count(*) as n from setlist_songs ss join setlists s on s.id = ss.setlist_id
  where s.kind = 'actual' and ss.song_id in (tests.id('song2'), 'd0000000-0000-4000-8000-0000000000c1');

select is(merge_duplicate_songs(), 1, 'one duplicate merged');
select results_eq(
  $$ select id, title, normalized_title, spotify_id from songs where artist_id = tests.id('artist') and normalized_title like 'second song%' $$,
  $$ values ('d0000000-0000-4000-8000-0000000000c1'::uuid, 'Second Song (with Guest)', 'second song', 'sp-second') $$,
  'the Spotify copy survives, keyed by the new rule');
select is((select count(*) from setlist_songs ss join setlists s on s.id = ss.setlist_id
  where s.kind = 'actual' and ss.song_id = 'd0000000-0000-4000-8000-0000000000c1'), (select n from plays_before),
  'every play now counts for the one song');
select results_eq(
  $$ select upvotes, downvotes from setlist_songs where setlist_id = tests.id('upcoming_prediction')
     and song_id = 'd0000000-0000-4000-8000-0000000000c1' $$,
  $$ values (1, 1) $$,
  'the prediction holds the song once: alice''s vote counted once, bob''s kept');
select is((select count(*) from votes v join setlist_songs ss on ss.id = v.setlist_song_id
  where ss.song_id = 'd0000000-0000-4000-8000-0000000000c1'), 2::bigint, 'two vote rows, matching the counters');
select is(merge_duplicate_songs(), 0, 'a second run merges nothing');

select tests.act_as('alice');
select throws_ok($$ select merge_duplicate_songs() $$, '42501', null, 'fans cannot run the merge');

select * from finish();
rollback;
