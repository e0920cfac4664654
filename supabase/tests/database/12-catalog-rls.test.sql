-- catalog and setlists: anon and signed-in fans read them, only the service role writes
begin;
\ir ../helpers/fixtures.psql
select plan(16);

select tests.act_as('anon');
select is((select count(*) from artists where id = tests.id('artist')), 1::bigint, 'anon reads artists');
select is((select count(*) from shows where id = tests.id('upcoming_show')), 1::bigint, 'anon reads shows');
select is((select count(*) from setlist_songs where setlist_id = tests.id('upcoming_prediction')), 3::bigint,
  'anon reads setlist songs');
select throws_ok($$ insert into artists (name, slug) values ('Anon Artist', 'anon-artist') $$,
  '42501', 'permission denied for table artists', 'anon cannot insert artists');
select throws_ok($$ update songs set title = 'Hijacked' $$,
  '42501', 'permission denied for table songs', 'anon cannot update songs');
select throws_ok($$ delete from setlist_songs $$,
  '42501', 'permission denied for table setlist_songs', 'anon cannot delete setlist songs');

select tests.act_as('alice');
select is((select count(*) from venues where id = tests.id('venue')), 1::bigint, 'a fan reads venues');
select is((select count(*) from songs where artist_id = tests.id('artist')), 6::bigint, 'a fan reads songs');
select is((select count(*) from setlists where show_id = tests.id('upcoming_show')), 1::bigint, 'a fan reads setlists');
select throws_ok($$ insert into setlists (show_id, kind) values (tests.id('tba_show'), 'predicted') $$,
  '42501', 'permission denied for table setlists', 'a fan cannot create setlists');
select throws_ok($$ update setlist_songs set upvotes = 1000 $$,
  '42501', 'permission denied for table setlist_songs', 'a fan cannot set counters');
select throws_ok($$ delete from shows $$,
  '42501', 'permission denied for table shows', 'a fan cannot delete shows');

select tests.act_as('service');
select lives_ok($$ insert into venues (name) values ('Service Venue') $$, 'the service role inserts');
select lives_ok($$ update shows set name = 'Renamed by the sync' where id = tests.id('tba_show') $$, 'the service role updates');
select lives_ok($$ delete from show_artists $$, 'the service role deletes');

select tests.act_as('owner');
select is((select name from shows where id = tests.id('tba_show')), 'Renamed by the sync', 'the service role''s write landed');

select * from finish();
rollback;
