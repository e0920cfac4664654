-- normalize_song_title collapses versions of one song and keeps different songs apart;
-- songs.normalized_title always follows it, so a second copy of a song is refused
begin;
\ir ../helpers/fixtures.psql
select plan(14);

select is(normalize_song_title('Yesterday - Remastered 2009'), 'yesterday', 'a " - Remastered" suffix goes');
select is(normalize_song_title('Halo (Live at Wembley)'), 'halo', 'a (Live at ...) group goes');
select is(normalize_song_title('Song (Deluxe Edition)'), 'song', 'a (Deluxe ...) group goes');
select is(normalize_song_title('Song - Radio Edit'), 'song', 'a " - Radio Edit" suffix goes');
select is(normalize_song_title('Song [feat. Someone]'), 'song', 'a [feat. ...] group goes');
select is(normalize_song_title('Song feat. Someone'), 'song', 'an unbracketed feat. goes');
select is(normalize_song_title('Café Ångström & Straße'), 'cafe angstrom and strasse', 'accents, ß and & fold');
select is(normalize_song_title('Don’t Stop Me Now - 2011 Mix'), 'dont stop me now', 'curly apostrophes vanish');
select is(normalize_song_title('(I Can''t Get No) Satisfaction'), 'i cant get no satisfaction',
  'a bracketed group without a version word stays');
select is(normalize_song_title('Live Forever'), 'live forever', 'a version word outside brackets and dashes stays');
select isnt(normalize_song_title('Part 1'), normalize_song_title('Part 2'), 'different songs stay different');

-- the trigger applies the rule whatever the writer supplies
insert into songs (artist_id, title, normalized_title) values (tests.id('artist'), 'Encore Song - Remastered 2011', 'wrong');
select is((select normalized_title from songs where title = 'Encore Song - Remastered 2011'), 'encore song',
  'songs.normalized_title is computed from the title');
select throws_ok(
  $$ insert into songs (artist_id, title) values (tests.id('artist'), 'Encore Song (Live at Wembley)') $$,
  '23505', 'duplicate key value violates unique constraint "songs_artist_id_normalized_title_key"',
  'a live copy of a song the artist has is refused');
select lives_ok(
  $$ insert into songs (artist_id, title) values (tests.id('other_artist'), 'Encore Song (Live)') $$,
  'another artist may have a song of the same title');

select * from finish();
rollback;
