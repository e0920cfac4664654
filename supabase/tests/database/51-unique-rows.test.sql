-- one predicted and one actual setlist per show, one row per provider id; the trending views have
-- the unique indexes that refresh materialized view concurrently needs
begin;
\ir ../helpers/fixtures.psql
select plan(26);

select tests.act_as('service');

-- setlists: one of each kind per show (upcoming_show already has its predicted setlist)
select lives_ok($$ insert into setlists (id, show_id, kind)
  values ('f0000000-0000-4000-8000-0000000000a1', tests.id('upcoming_show'), 'actual') $$,
  'a show has an actual setlist beside its prediction');
select lives_ok($$ insert into setlists (id, show_id, kind)
  values ('f0000000-0000-4000-8000-0000000000a2', tests.id('tba_show'), 'actual') $$,
  'another show has its own actual setlist');
select throws_ok(format('insert into setlists (show_id, kind) values (%L, %L)', tests.id('upcoming_show'), kind),
  '23505', 'duplicate key value violates unique constraint "setlists_show_id_kind_key"',
  format('a second %s setlist for a show is refused', kind))
from (values ('predicted'), ('actual')) as second (kind);

-- provider ids: a first row takes each id, then a second row with the same id is refused by that
-- column's unique constraint
select lives_ok($$ update artists set ticketmaster_id = 'K8vZ-fixture', spotify_id = 'sp-artist-fixture',
  mbid = 'a74b1b7f-0000-4000-8000-000000000001' where id = tests.id('artist') $$, 'an artist takes its provider ids');
select lives_ok($$ update venues set ticketmaster_id = 'KovZ-fixture', setlistfm_id = 'sfm-venue-fixture'
  where id = tests.id('venue') $$, 'a venue takes its provider ids');
select lives_ok($$ insert into venues (id, name) values ('f0000000-0000-4000-8000-0000000000b1', 'Second Fixture Hall') $$,
  'a venue without provider ids');
select lives_ok($$ update shows set ticketmaster_id = 'G5v-fixture', setlistfm_id = 'sfm-show-fixture'
  where id = tests.id('upcoming_show') $$, 'a show takes its provider ids');
select lives_ok($$ update songs set spotify_id = 'sp-track-fixture' where id = tests.id('song1') $$,
  'a song takes its Spotify id');
select lives_ok($$ update setlists set setlistfm_id = 'sfm-setlist-fixture'
  where id = 'f0000000-0000-4000-8000-0000000000a1' $$, 'an actual setlist takes its setlist.fm id');

select throws_ok(
  format('update %I set %I = %L where id = %L', tbl, col, taken, second_row),
  '23505', format('duplicate key value violates unique constraint "%s_%s_key"', tbl, col),
  refused)
from (values
  ('artists', 'ticketmaster_id', 'K8vZ-fixture', tests.id('other_artist'),
    'two artists cannot share a Ticketmaster id'),
  ('artists', 'spotify_id', 'sp-artist-fixture', tests.id('other_artist'), 'two artists cannot share a Spotify id'),
  ('artists', 'mbid', 'a74b1b7f-0000-4000-8000-000000000001', tests.id('other_artist'),
    'two artists cannot share a MusicBrainz id'),
  ('artists', 'slug', 'fixture-artist', tests.id('other_artist'), 'two artists cannot share a slug'),
  ('venues', 'ticketmaster_id', 'KovZ-fixture', 'f0000000-0000-4000-8000-0000000000b1'::uuid,
    'two venues cannot share a Ticketmaster id'),
  ('venues', 'setlistfm_id', 'sfm-venue-fixture', 'f0000000-0000-4000-8000-0000000000b1'::uuid,
    'two venues cannot share a setlist.fm id'),
  ('shows', 'ticketmaster_id', 'G5v-fixture', tests.id('tba_show'), 'two shows cannot share a Ticketmaster id'),
  ('shows', 'setlistfm_id', 'sfm-show-fixture', tests.id('tba_show'), 'two shows cannot share a setlist.fm id'),
  ('songs', 'spotify_id', 'sp-track-fixture', tests.id('other_song'),
    'two songs cannot share a Spotify id, even across artists'),
  ('setlists', 'setlistfm_id', 'sfm-setlist-fixture', 'f0000000-0000-4000-8000-0000000000a2'::uuid,
    'two setlists cannot share a setlist.fm id')
) as duplicate (tbl, col, taken, second_row, refused);

-- rows without a provider id are not duplicates of each other (unique allows many nulls)
select tests.act_as('owner');
select lives_ok($$ insert into artists (name, slug) values ('No Provider One', 'no-provider-one'),
  ('No Provider Two', 'no-provider-two') $$, 'two artists without a Ticketmaster id coexist');
select lives_ok($$ insert into songs (artist_id, title) values (tests.id('artist'), 'Unlinked One'),
  (tests.id('artist'), 'Unlinked Two') $$, 'songs without a Spotify id coexist');

-- the trending views: refresh concurrently needs a unique index on each (refresh_trending, as the
-- owner of the views, does it; here the owner does it directly)
select ok(exists(select 1 from pg_indexes where schemaname = 'public' and tablename = 'trending_artists'
  and indexname = 'trending_artists_artist_idx' and indexdef like 'CREATE UNIQUE INDEX%(artist_id)'),
  'trending_artists has a unique index on artist_id');
select ok(exists(select 1 from pg_indexes where schemaname = 'public' and tablename = 'trending_shows'
  and indexname = 'trending_shows_show_idx' and indexdef like 'CREATE UNIQUE INDEX%(show_id)'),
  'trending_shows has a unique index on show_id');
select lives_ok($$ refresh materialized view concurrently trending_artists $$,
  'so trending_artists refreshes concurrently');
select lives_ok($$ refresh materialized view concurrently trending_shows $$,
  'and so does trending_shows');

select * from finish();
rollback;
