-- suggest_song refuses with a distinct code and writes nothing
begin;
\ir ../helpers/fixtures.psql
select plan(13);

select tests.act_as('anon');
select throws_ok($$ select suggest_song(tests.id('upcoming_show'), tests.id('song4')) $$, 'P0001', 'not_authenticated',
  'anon cannot suggest');
select tests.act_as('guest');
select throws_ok($$ select suggest_song(tests.id('upcoming_show'), tests.id('song4')) $$, 'P0001', 'guest_cannot_suggest',
  'a guest cannot suggest');

select tests.act_as('alice');
select throws_ok($$ select suggest_song('00000000-0000-4000-8000-000000000000', tests.id('song4')) $$, 'P0001',
  'show_not_found', 'an unknown show is refused');
select throws_ok($$ select suggest_song(tests.id('upcoming_show'), '00000000-0000-4000-8000-000000000000') $$, 'P0001',
  'song_not_found', 'an unknown song is refused');
select throws_ok($$ select suggest_song(tests.id('upcoming_show'), tests.id('other_song')) $$, 'P0001',
  'song_not_by_artist', 'another artist''s song is refused');
select throws_ok($$ select suggest_song(tests.id('upcoming_show'), tests.id('song2')) $$, 'P0001',
  'song_already_on_setlist', 'a song already predicted is refused');
select throws_ok($$ select suggest_song(tests.id('started_show'), tests.id('song4')) $$, 'P0001',
  'voting_closed', 'a started show takes no suggestions');
select throws_ok($$ select suggest_song(tests.id('cancelled_show'), tests.id('song4')) $$, 'P0001',
  'show_cancelled', 'a cancelled show takes no suggestions');

select tests.act_as('owner');
update app_limits set suggestions_per_show = 1;
select tests.act_as('alice');
select lives_ok($$ select suggest_song(tests.id('upcoming_show'), tests.id('song4')) $$, 'the first suggestion is taken');
select throws_ok($$ select suggest_song(tests.id('upcoming_show'), tests.id('song5')) $$, 'P0001',
  'suggestion_limit', 'one more than the per-show limit is refused');
select tests.act_as('bob');
select lives_ok($$ select suggest_song(tests.id('upcoming_show'), tests.id('song5')) $$, 'the limit is per fan');

select tests.act_as('owner');
update setlists set locked_at = now() where id = tests.id('upcoming_prediction');
select tests.act_as('bob');
select throws_ok($$ select suggest_song(tests.id('upcoming_show'), tests.id('song6')) $$, 'P0001',
  'setlist_locked', 'a locked prediction takes no suggestions');

select tests.act_as('owner');
-- this fixture's prediction only: the database may hold other fans' suggestions (the demo data, browser tests)
select results_eq($$ select song_id from setlist_songs where suggested and setlist_id = tests.id('upcoming_prediction')
  order by position $$,
  $$ values (tests.id('song4')), (tests.id('song5')) $$, 'only the two accepted suggestions were written');

select * from finish();
rollback;
