-- follow_artist / unfollow_artist keep a real follower count; fans read only their own follows
begin;
\ir ../helpers/fixtures.psql
select plan(14);

select tests.act_as('alice');
select is(follow_artist(tests.id('artist')),
  jsonb_build_object('artist_id', tests.id('artist'), 'following', true, 'followers', 1), 'a fan follows an artist');
select is(follow_artist(tests.id('artist')) ->> 'followers', '1', 'following again counts once');
select tests.act_as('bob');
select is(follow_artist(tests.id('artist')) ->> 'followers', '2', 'a second fan makes two');
select is((select count(*)::integer from follows), 1, 'a fan reads only their own follows');
select tests.act_as('anon');
select is((select followers from artist_follower_counts where artist_id = tests.id('artist')), 2,
  'anyone reads the follower count');
select throws_ok($$ select follow_artist(tests.id('artist')) $$, 'P0001', 'not_authenticated', 'anon cannot follow');
select throws_ok($$ select * from follows $$, '42501', null, 'anon cannot read follows');

select tests.act_as('alice');
select throws_ok($$ select follow_artist('00000000-0000-4000-8000-000000000000') $$, 'P0001', 'artist_not_found',
  'an unknown artist is refused');
select is((select array_agg(name) from my_followed_artists()), array['Fixture Artist'], 'my artists');
select is(unfollow_artist(tests.id('artist')) ->> 'followers', '1', 'unfollowing drops the count');
select is(unfollow_artist(tests.id('artist')) ->> 'followers', '1', 'unfollowing again changes nothing');
select throws_ok($$ select unfollow_artist('00000000-0000-4000-8000-000000000000') $$, 'P0001', 'artist_not_found',
  'unfollowing an unknown artist is refused');

-- the cap comes from fan_rules
select tests.act_as('owner');
update fan_rules set max_follows = 1;
select tests.act_as('alice');
select follow_artist(tests.id('artist'));
select throws_ok($$ select follow_artist(tests.id('other_artist')) $$, 'P0001', 'follow_limit',
  'a fan cannot follow more than fan_rules.max_follows artists');
select is((select count(*)::integer from follows), 1, 'the refused follow wrote nothing');

select * from finish();
rollback;
