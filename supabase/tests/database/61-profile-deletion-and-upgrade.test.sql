-- deleting an account removes the fan's profile, follows and points; a guest who upgrades keeps theirs
begin;
\ir ../helpers/fixtures.psql
select plan(7);

select tests.act_as('alice');
select set_profile('alice', 'Testville');
select follow_artist(tests.id('artist'));
select tests.act_as('guest');
select set_profile(null, 'Testville');
select follow_artist(tests.id('artist'));

select tests.act_as('owner');
select is((select followers from artist_follower_counts where artist_id = tests.id('artist')), 2, 'two followers');
delete from auth.users where id = tests.id('alice');
select is((select count(*)::integer from profiles where user_id = tests.id('alice')), 0, 'the profile is gone');
select is((select count(*)::integer from follows where user_id = tests.id('alice')), 0, 'the follows are gone');
select is((select followers from artist_follower_counts where artist_id = tests.id('artist')), 1,
  'and no longer counted');
select throws_ok($$ select public_profile('alice') $$, 'P0001', 'fan_not_found', 'the handle is free again');

-- the guest signs up: GoTrue keeps the user id and clears is_anonymous
update auth.users set is_anonymous = false, email = 'guest@fixture.test' where id = tests.id('guest');
select tests.act_as_upgraded_guest();
select is((select home_city from profiles), 'Testville', 'the upgraded guest keeps their profile');
select is((select array_agg(id) from my_followed_artists()), array[tests.id('artist')], 'and their follows');

select * from finish();
rollback;
