-- every vote change sends the song's new counts on the show's private topic; a no-op sends nothing
begin;
\ir ../helpers/fixtures.psql
select plan(6);

select tests.act_as('alice');
select lives_ok($$ select cast_vote(tests.id('ss1'), 1) $$, 'alice votes up');
select lives_ok($$ select cast_vote(tests.id('ss1'), 1) $$, 'alice repeats her vote');
select lives_ok($$ select cast_vote(tests.id('ss1'), -1) $$, 'alice changes to down');

select tests.act_as('owner');
select results_eq(
  $$ select topic, event, extension, private, payload - 'id' from realtime.messages
     where topic = 'show:' || tests.id('upcoming_show') order by inserted_at, payload ->> 'upvotes' desc $$,
  $$ values
     ('show:' || tests.id('upcoming_show'), 'vote_counts', 'broadcast', true,
      jsonb_build_object('setlist_song_id', tests.id('ss1'), 'upvotes', 1, 'downvotes', 0)),
     ('show:' || tests.id('upcoming_show'), 'vote_counts', 'broadcast', true,
      jsonb_build_object('setlist_song_id', tests.id('ss1'), 'upvotes', 0, 'downvotes', 1)) $$,
  'two changes, two private vote_counts messages on show:<id>; the repeat sent none');
select is((select count(*) from realtime.messages m join shows sh on m.topic = 'show:' || sh.id
  where sh.artist_id = tests.id('artist') and sh.id <> tests.id('upcoming_show')),
  0::bigint, 'no other show hears about it');
select ok(exists(select 1 from pg_publication_tables where pubname = 'supabase_realtime'
  and schemaname = 'public' and tablename = 'setlist_songs'), 'setlist_songs is in the supabase_realtime publication');

select * from finish();
rollback;
