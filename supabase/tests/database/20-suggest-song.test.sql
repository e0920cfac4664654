-- suggest_song appends one of the artist's songs to the prediction and announces it
begin;
\ir ../helpers/fixtures.psql
select plan(6);

select tests.act_as('alice');
select results_eq(
  $$ select setlist_id, song_id, title, position, suggested, suggested_by, upvotes, downvotes
     from suggest_song(tests.id('upcoming_show'), tests.id('song5')) $$,
  $$ values (tests.id('upcoming_prediction'), tests.id('song5'), 'Fifth Song', 4, true, tests.id('alice'), 0, 0) $$,
  'the song joins the end of the prediction as alice''s suggestion, with no votes');

select tests.act_as('bob');
select is((select position from suggest_song(tests.id('upcoming_show'), tests.id('song6'))), 5,
  'the next suggestion goes after it');

select tests.act_as('owner');
select is((select count(*) from setlist_songs where setlist_id = tests.id('upcoming_prediction')), 5::bigint,
  'the prediction has five songs');
select results_eq(
  $$ select event, payload - 'id' from realtime.messages where topic = 'show:' || tests.id('upcoming_show')
     order by payload ->> 'position' $$,
  $$ values
     ('setlist_song_added', jsonb_build_object('setlist_id', tests.id('upcoming_prediction'), 'song_id', tests.id('song5'),
       'title', 'Fifth Song', 'position', 4, 'suggested', true)),
     ('setlist_song_added', jsonb_build_object('setlist_id', tests.id('upcoming_prediction'), 'song_id', tests.id('song6'),
       'title', 'Sixth Song', 'position', 5, 'suggested', true)) $$,
  'each suggestion is announced on the show''s topic');
select ok((select bool_and((payload ->> 'id')::uuid = ss.id) from realtime.messages m
  join setlist_songs ss on ss.id = (m.payload ->> 'id')::uuid where m.event = 'setlist_song_added'),
  'the announcement carries the new row''s id');

-- a show without a prediction yet gets one built, then the suggestion: with a
-- two-song history the built prediction is song1, song2, and song4 comes third
insert into shows (id, artist_id, name, local_date, status)
values ('c0000000-0000-4000-8000-0000000000aa', tests.id('artist'), 'Past fixture show', current_date - 30, 'completed');
insert into setlists (id, show_id, kind) values ('f0000000-0000-4000-8000-0000000000aa', 'c0000000-0000-4000-8000-0000000000aa', 'actual');
insert into setlist_songs (setlist_id, song_id, title, position) values
  ('f0000000-0000-4000-8000-0000000000aa', tests.id('song1'), 'First Song', 1),
  ('f0000000-0000-4000-8000-0000000000aa', tests.id('song2'), 'Second Song', 2);
select tests.act_as('alice');
select is((select array[position::text, song_id::text] from suggest_song(tests.id('tba_show'), tests.id('song4'))),
  array['3', tests.id('song4')::text], 'suggesting on a show without a prediction builds one first');

select * from finish();
rollback;
