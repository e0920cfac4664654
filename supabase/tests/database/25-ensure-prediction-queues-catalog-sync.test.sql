-- an artist without songs gets no invented prediction: a catalog sync is queued instead;
-- shows that cannot have a prediction are refused
begin;
\ir ../helpers/fixtures.psql
select plan(10);

delete from import_jobs;

select tests.act_as('anon');
select is(ensure_predicted_setlist(tests.id('empty_show')), null, 'no songs: no prediction (null)');
select is(ensure_predicted_setlist(tests.id('empty_show')), null, 'asking again still builds nothing');

select tests.act_as('owner');
select is((select count(*) from setlists where show_id = tests.id('empty_show')), 0::bigint, 'no setlist was created');
select results_eq(
  $$ select kind, dedupe_key, artist_id, status, payload ->> 'reason' from import_jobs $$,
  $$ values ('catalog_sync', 'artist:' || tests.id('empty_artist'), tests.id('empty_artist'), 'queued',
     'ensure_predicted_setlist') $$,
  'one catalog sync is queued for the artist, however often the show is opened');

-- a catalog synced lately that is still empty is not asked for again
delete from import_jobs;
update artists set songs_synced_at = now() - interval '1 hour' where id = tests.id('empty_artist');
select is(ensure_predicted_setlist(tests.id('empty_show')), null, 'still no prediction');
select is((select count(*) from import_jobs), 0::bigint, 'and no new sync within 6 hours of the last');

select tests.act_as('alice');
select throws_ok($$ select ensure_predicted_setlist('00000000-0000-4000-8000-000000000000') $$, 'P0001', 'show_not_found',
  'an unknown show is refused');
select tests.act_as('owner');
delete from setlists where show_id in (tests.id('cancelled_show'), tests.id('started_show'));
select tests.act_as('alice');
select throws_ok($$ select ensure_predicted_setlist(tests.id('cancelled_show')) $$, 'P0001', 'show_cancelled',
  'a cancelled show gets no prediction');
select throws_ok($$ select ensure_predicted_setlist(tests.id('started_show')) $$, 'P0001', 'voting_closed',
  'a show that has started gets no new prediction');
select is(ensure_predicted_setlist(tests.id('upcoming_show')), tests.id('upcoming_prediction'),
  'an existing prediction is returned as it is');

select * from finish();
rollback;
