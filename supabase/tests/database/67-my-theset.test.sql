-- my_theset: the caller's own shows, points over time and suggestions
begin;
\ir ../helpers/fixtures.psql
\ir ../helpers/scored_show.psql
select plan(8);

-- alice also votes on a show still to come
insert into setlists (id, show_id, kind) values ('f0000000-0000-4000-8000-0000000000b1', tests.id('tba_show'), 'predicted');
insert into setlist_songs (id, setlist_id, song_id, title, position)
values ('f1000000-0000-4000-8000-0000000000b1', 'f0000000-0000-4000-8000-0000000000b1', tests.id('song2'), 'Second Song', 1);
select tests.act_as('alice');
select cast_vote('f1000000-0000-4000-8000-0000000000b1', 1);

select is((select jsonb_agg(u -> 'show_name') from jsonb_array_elements(my_theset() -> 'upcoming') u),
  '["Time-TBA fixture show"]'::jsonb, 'upcoming: the show still to come');
select is((my_theset() -> 'upcoming' -> 0 ->> 'upvotes')::int, 1, 'with my votes on it');
select is((select jsonb_agg(jsonb_build_object('show', p -> 'show_name', 'points', p -> 'points', 'score', p -> 'score'))
  from jsonb_array_elements(my_theset() -> 'past') p),
  jsonb_build_array(jsonb_build_object('show', 'Upcoming fixture show', 'points', 40,
    'score', (select score from prediction_scores where show_id = tests.id('upcoming_show')))),
  'past: the scored show with my points and the prediction''s score');
select is((select jsonb_agg(s - 'awarded_at') from jsonb_array_elements(my_theset() -> 'points_series') s),
  jsonb_build_array(jsonb_build_object('points', 40, 'total', 40, 'show_name', 'Upcoming fixture show',
    'local_date', current_date)), 'points over time');
select is(my_theset() -> 'suggestions' -> 0 ->> 'title', 'Fourth Song', 'my suggestion');
select is((my_theset() -> 'suggestions' -> 0 ->> 'played')::boolean, true, 'and that it was played');
select is((my_theset() ->> 'points')::int || '/' || (my_theset() ->> 'rank'), '40/1', 'my total and rank');

select tests.act_as('bob');
select is((my_theset() -> 'suggestions'), '[]'::jsonb, 'another fan sees only their own');

select * from finish();
rollback;
