-- venue_song_plays is read like the tables it is counted from (anon and signed-in fans read every row) and
-- written by nobody but its triggers: anon, a fan and the service role are all refused a write, and a
-- rejected write leaves the count as it was
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/history.psql
select plan(9);

select tests.act_as('anon');
select is((select plays from public.venue_song_plays where venue_id = tests.id('venue') and song_id = tests.id('song1')),
  4, 'anon reads the kept count');
select throws_ok(format('insert into public.venue_song_plays (song_id, venue_id, plays) values (%L, %L, 99)',
  tests.id('song6'), tests.id('venue')), '42501', null, 'anon cannot insert a count');
select throws_ok('update public.venue_song_plays set plays = plays + 100', '42501', null, 'anon cannot change a count');

select tests.act_as('alice');
select is((select count(*)::int from public.venue_song_plays where venue_id = tests.id('venue')), 5,
  'a signed-in fan reads every row of the venue');
select throws_ok('update public.venue_song_plays set plays = 1000', '42501', null, 'a fan cannot change a count');
select throws_ok('delete from public.venue_song_plays', '42501', null, 'a fan cannot delete counts');

select tests.act_as('service');
select throws_ok('update public.venue_song_plays set plays = 1000', '42501', null,
  'the service role cannot change a count either: only the triggers write it');
select throws_ok(format('select public.recount_venue_song_plays(array[%L]::uuid[], array[%L]::uuid[])',
  tests.id('venue'), tests.id('song1')), '42501', null, 'nor call the recount');

select tests.act_as('owner');
select is((select array_agg(plays order by plays desc, song_id) from public.venue_song_plays where venue_id = tests.id('venue')),
  array[4, 4, 3, 1, 1], 'the counts are untouched by the refused writes');

select * from finish();
rollback;
