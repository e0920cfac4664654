-- leaderboards: per show, per artist, all time; handles only; paged
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/scored_show.psql
select plan(13);

select tests.act_as('alice');
select set_profile('alice', 'Testville');
select tests.act_as('owner');
update auth.users set is_anonymous = false where id = tests.id('guest');
select tests.act_as_upgraded_guest();
select set_profile('newbie', null);

select tests.act_as('anon');
select is((select jsonb_agg(to_jsonb(b) order by b.rank) from global_leaderboard() b),
  '[{"rank": 1, "handle": "alice", "home_city": "Testville", "points": 40, "shows": 1, "is_me": false},
    {"rank": 2, "handle": "newbie", "home_city": null, "points": 10, "shows": 1, "is_me": false}]'::jsonb,
  'all time: fans with points, most first, by handle; bob (0 points) is not listed');
select is((select array_agg(handle order by rank) from artist_leaderboard(tests.id('artist'))), array['alice', 'newbie'],
  'per artist');
select is((select count(*)::integer from artist_leaderboard(tests.id('other_artist'))), 0,
  'an artist without scored shows has an empty board');
select is((select array_agg(points order by rank) from show_leaderboard(tests.id('upcoming_show'))), array[40, 10],
  'per show');
select is((select count(*)::integer from show_leaderboard(tests.id('tba_show'))), 0, 'an unscored show has an empty board');

-- paging
select is((select array_agg(handle) from global_leaderboard(1, 1)), array['newbie'], 'page 1 of size 1 is the second fan');
select is((select array_agg(rank) from global_leaderboard(1, 1)), array[2], 'with its overall rank');
select throws_ok($$ select * from global_leaderboard(0, 0) $$, 'P0001', 'invalid_page', 'a page size of 0 is refused');
select throws_ok($$ select * from artist_leaderboard(tests.id('artist'), 101, 0) $$, 'P0001', 'invalid_page',
  'more than 100 a page is refused');
select throws_ok($$ select * from show_leaderboard(tests.id('upcoming_show'), 10, -1) $$, 'P0001', 'invalid_page',
  'a negative page is refused');

select tests.act_as('alice');
select is((select array_agg(is_me order by rank) from global_leaderboard()), array[true, false], 'is_me marks the caller');

-- ties share a rank, across a page boundary too (bob's total set by hand: 40, 10, 10)
select tests.act_as('owner');
update fan_points set points = 10 where user_id = tests.id('bob');
select tests.act_as('anon');
select is((select array_agg(rank order by rank) from global_leaderboard(3, 0)), array[1, 2, 2], 'tied fans share rank 2');
select is((select array_agg(rank) from global_leaderboard(1, 2)), array[2], 'and the second of them keeps it on page 3');

select * from finish();
rollback;
