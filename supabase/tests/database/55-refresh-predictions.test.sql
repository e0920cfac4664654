-- a new actual setlist refreshes the open predictions of the artist: fans' votes and
-- suggestions stay with their counts, new songs enter, the order follows the new prediction
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(10);

-- alice votes for song3 and suggests song6 on the upcoming show's prediction
select tests.act_as('alice');
select cast_vote(tests.id('ss3'), 1);
select suggest_song(tests.id('upcoming_show'), tests.id('song6'));

-- a new actual setlist lands: last night the artist played song4, song5 and song4's encore
select tests.act_as('owner');
insert into tests.fixture_ids values ('past6', 'c1000000-0000-4000-8000-000000000006');
insert into shows (id, artist_id, venue_id, name, starts_at, local_date, status)
values (tests.id('past6'), tests.id('artist'), tests.id('venue'), 'Past fixture show 6',
  now() - interval '1 day', (now() - interval '1 day')::date, 'completed');
insert into setlists (show_id, kind) values (tests.id('past6'), 'actual');
insert into setlist_songs (setlist_id, song_id, title, position, is_encore)
select s.id, e.song_id, e.title, e.position, e.is_encore
from setlists s, (values (tests.id('song4'), 'Fourth Song', 1, false), (tests.id('song5'), 'Fifth Song', 2, false),
  (tests.id('song1'), 'First Song', 3, true)) as e (song_id, title, position, is_encore)
where s.show_id = tests.id('past6') and s.kind = 'actual';

create temp table fresh as
select * from predict_setlist(tests.id('artist'), now(), tests.id('venue'), (now() + interval '7 days')::date);

select tests.act_as('service');
select is(refresh_predictions(tests.id('artist')), 1, 'one open prediction refreshed (started and cancelled shows are not)');

select tests.act_as('owner');
select is((select upvotes from setlist_songs where id = tests.id('ss3')), 1, 'the song alice voted for stays, with its count');
select is((select count(*) from setlist_songs where setlist_id = tests.id('upcoming_prediction') and song_id = tests.id('song6')
  and suggested and suggested_by = tests.id('alice')), 1::bigint, 'her suggestion stays');
select is((select count(*) from votes where setlist_song_id = tests.id('ss3')), 1::bigint, 'her vote row is untouched');
select set_eq(
  $$ select song_id from setlist_songs where setlist_id = tests.id('upcoming_prediction') $$,
  $$ select song_id from fresh union select tests.id('song3') union select tests.id('song6') $$,
  'the setlist holds the new prediction plus the songs fans voted for or suggested');
select results_eq(
  $$ select song_id, probability, reasons from setlist_songs
     where setlist_id = tests.id('upcoming_prediction') and song_id in (select song_id from fresh) order by position $$,
  $$ select song_id, probability, reasons from fresh order by predicted_position $$,
  'predicted songs come first, in the new prediction''s order, with its probabilities and reasons');
select results_eq(
  $$ select position from setlist_songs where setlist_id = tests.id('upcoming_prediction') order by position $$,
  $$ select generate_series(1, (select count(*)::integer from setlist_songs where setlist_id = tests.id('upcoming_prediction'))) $$,
  'positions run 1..n without gaps');
select is((select count(*) from setlist_songs where setlist_id = tests.id('started_prediction')), 1::bigint,
  'a started show''s prediction is left alone');
select results_eq(
  $$ select event, private, payload - 'id' from realtime.messages where topic = 'show:' || tests.id('upcoming_show')
     and event = 'prediction_refreshed' $$,
  $$ values ('prediction_refreshed', true,
     jsonb_build_object('show_id', tests.id('upcoming_show'), 'setlist_id', tests.id('upcoming_prediction'))) $$,
  'viewers of the show hear about it on its private topic (the id realtime.send adds left out)');

select tests.act_as('alice');
select throws_ok($$ select refresh_predictions(tests.id('artist')) $$, '42501', null, 'fans cannot trigger a refresh');

select * from finish();
rollback;
