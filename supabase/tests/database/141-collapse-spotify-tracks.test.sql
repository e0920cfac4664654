-- collapse_spotify_tracks keeps one row per song of an artist's Spotify tracks, the most original copy,
-- titled and flagged by parse_song_title; only the service role (the writer, the spotify function) calls it
begin;
\ir ../helpers/fixtures.psql
select plan(9);

create temporary table collapsed on commit drop as
select * from collapse_spotify_tracks($$[
  {"spotify_id": "t1", "name": "Paper Boats", "album": "Paper Boats", "album_spotify_id": "a1", "album_type": "album",
   "release_date": "2019-05-17", "duration_ms": 215000, "popularity": null},
  {"spotify_id": "t2", "name": "Paper Boats - Remastered 2021", "album": "Paper Boats (Deluxe Edition)",
   "album_spotify_id": "a2", "album_type": "album", "release_date": "2021-05-17", "duration_ms": 216000, "popularity": null},
  {"spotify_id": "t3", "name": "Slow Tide - Radio Edit", "album": "Slow Tide", "album_spotify_id": "a3",
   "album_type": "single", "release_date": "2019-03-01", "duration_ms": 200000, "popularity": null},
  {"spotify_id": "t4", "name": "Slow Tide (Live)", "album": "Paper Boats", "album_spotify_id": "a1", "album_type": "album",
   "release_date": "2019-05-17", "duration_ms": 330000, "popularity": null},
  {"spotify_id": "t5", "name": "Ember Song", "album": "Live in Synthetic City", "album_spotify_id": "a4",
   "album_type": "album", "release_date": "2023-01-01", "duration_ms": null, "popularity": null},
  {"spotify_id": "t6", "name": "Night Swim (Synthetic Remix)", "album": "Slow Tide", "album_spotify_id": "a3",
   "album_type": "single", "release_date": "2019-03-01", "duration_ms": 250000, "popularity": null},
  {"spotify_id": "t7", "name": "Live Forever", "album": "Paper Boats", "album_spotify_id": "a1", "album_type": "album",
   "release_date": "2019-05-17", "duration_ms": 190000, "popularity": null}
]$$::jsonb);

select is((select count(*)::int from collapsed), 5, 'seven tracks are five songs');
select is((select spotify_id from collapsed where normalized_title = 'paper boats'), 't1',
  'the original over the remaster of a deluxe edition');
select is((select title from collapsed where normalized_title = 'paper boats'), 'Paper Boats', 'titled without qualifiers');
select is((select spotify_id || ':' || is_live from collapsed where normalized_title = 'slow tide'), 't3:false',
  'a studio radio edit over a live take');
select is((select is_live from collapsed where normalized_title = 'ember song'), true,
  'a track of a live album is a live recording');
select is((select is_remix::text || ':' || title from collapsed where normalized_title = 'night swim'),
  'true:Night Swim', 'a remix-only song is kept, flagged');
select is((select is_live from collapsed where normalized_title = 'live forever'), false,
  'a song called "Live…" is not live');

select tests.act_as('anon');
select throws_ok($$ select * from collapse_spotify_tracks('[]') $$, '42501', null, 'a fan cannot call it');
select tests.act_as('service');
select is((select count(*)::int from collapse_spotify_tracks('[]')), 0, 'the service role can; no tracks, no songs');

select * from finish();
rollback;
