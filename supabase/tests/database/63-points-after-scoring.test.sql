-- scoring a show gives each fan points for the calls that came true, once
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/scored_show.psql
select plan(12);

select is((select points from show_points where user_id = tests.id('alice')), 40,
  'alice: an upvoted song played (10) + a downvoted song not played (5) + a suggested song played (25)');
select is((select (upvotes_played, downvotes_unplayed, suggestions_played, calls)::text from show_points
  where user_id = tests.id('alice')), '(1,1,1,3)', 'her calls are recorded by kind');
select is((select points from show_points where user_id = tests.id('bob')), 0, 'wrong calls cost nothing and earn nothing');
select is((select (points, guest, upvotes_played)::text from show_points where user_id = tests.id('guest')), '(0,t,1)',
  'a guest earns no points but the right call is recorded');
select is((select points from fan_points where user_id = tests.id('alice')), 40, 'the all-time total follows');
select is((select points from fan_artist_points where user_id = tests.id('alice') and artist_id = tests.id('artist')), 40,
  'and the artist total');

-- scoring again (e.g. a re-run of the sync) awards nothing twice
select tests.act_as('service');
select score_prediction(tests.id('upcoming_show'));
select tests.act_as('owner');
select is((select points || '/' || shows from fan_points where user_id = tests.id('alice')), '40/1',
  're-scoring the same setlist changes no total');
select is((select count(*)::integer from notifications where kind = 'picks_scored' and user_id = tests.id('alice')), 1,
  'and sends no second notification');

-- a corrected setlist re-prices in place: song2 was played after all, so alice's down vote was wrong
insert into setlist_songs (setlist_id, song_id, title, position) values
  (tests.id('upcoming_actual'), tests.id('song2'), 'Second Song', 5);
select tests.act_as('service');
select score_prediction(tests.id('upcoming_show'));
select tests.act_as('owner');
select is((select points || '/' || shows from fan_points where user_id = tests.id('alice')), '35/1',
  'a correction moves the total by the difference');

-- the guest signs up (same id): their recorded right call now earns its points
update auth.users set is_anonymous = false, email = 'guest@fixture.test' where id = tests.id('guest');
select is((select (points, guest)::text from show_points where user_id = tests.id('guest')), '(10,f)',
  'an upgraded guest keeps their calls and earns their points');
select is((select points from fan_points where user_id = tests.id('guest')), 10, 'in the totals too');

-- a fan without an account row cannot be credited: score a show nobody voted on
select is(award_show_points(tests.id('started_show')), 0, 'a show without an actual setlist awards nobody');

select * from finish();
rollback;
