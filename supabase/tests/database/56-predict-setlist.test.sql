-- predict_setlist learns each artist's own habits from its history: a band that never repeats
-- the previous night's songs against one that plays the same show every night; only shows up to as_of count
begin;
\ir ../helpers/fixtures.psql
select plan(9);

-- two symbolic artists, 16 nightly shows each, 1 to 16 days ago:
--   rotator alternates set A (r_a1..r_a3) and set B (r_b1..r_b3); the last show (yesterday) was set B
--   steady plays s_1..s_3 every night, and s_4 once, three nights ago
insert into artists (id, name, slug) values
  ('a0000000-0000-4000-8000-0000000000f1', 'Rotator', 'rotator'),
  ('a0000000-0000-4000-8000-0000000000f2', 'Steady', 'steady');
insert into songs (id, artist_id, title)
select ('d0000000-0000-4000-8000-0000000001' || lpad(n::text, 2, '0'))::uuid, 'a0000000-0000-4000-8000-0000000000f1', t
from unnest(array['A one', 'A two', 'A three', 'B one', 'B two', 'B three']) with ordinality as x (t, n);
insert into songs (id, artist_id, title)
select ('d0000000-0000-4000-8000-0000000002' || lpad(n::text, 2, '0'))::uuid, 'a0000000-0000-4000-8000-0000000000f2', t
from unnest(array['Steady one', 'Steady two', 'Steady three', 'Steady four']) with ordinality as x (t, n);

insert into shows (id, artist_id, venue_id, name, local_date, status)
select ('c2000000-0000-4000-8000-0000000000' || lpad(n::text, 2, '0'))::uuid, a.id, tests.id('venue'),
  a.name || ' night ' || n, current_date - n, 'completed'
from generate_series(1, 16) n, (values ('a0000000-0000-4000-8000-0000000000f1'::uuid, 'Rotator')) a (id, name);
insert into shows (id, artist_id, venue_id, name, local_date, status)
select ('c3000000-0000-4000-8000-0000000000' || lpad(n::text, 2, '0'))::uuid, 'a0000000-0000-4000-8000-0000000000f2',
  tests.id('venue'), 'Steady night ' || n, current_date - n, 'completed'
from generate_series(1, 16) n;
insert into setlists (show_id, kind) select id, 'actual' from shows where name like 'Rotator night %' or name like 'Steady night %';

-- rotator: nights 1, 3, 5, ... (1 = yesterday) set B, the others set A
insert into setlist_songs (setlist_id, song_id, title, position)
select sl.id, so.id, so.title, row_number() over (partition by sl.id order by so.title)
from shows sh
join setlists sl on sl.show_id = sh.id
join songs so on so.artist_id = sh.artist_id
  and so.title like case when (current_date - sh.local_date) % 2 = 1 then 'B %' else 'A %' end
where sh.name like 'Rotator night %';
insert into setlist_songs (setlist_id, song_id, title, position)
select sl.id, so.id, so.title, row_number() over (partition by sl.id order by so.title)
from shows sh
join setlists sl on sl.show_id = sh.id
join songs so on so.artist_id = sh.artist_id
  and (so.title <> 'Steady four' or sh.local_date = current_date - 3)
where sh.name like 'Steady night %';

select set_eq(
  $$ select title from predict_setlist('a0000000-0000-4000-8000-0000000000f1', now()) $$,
  array['A one', 'A two', 'A three'],
  'a band that never repeats the night before: tonight is set A, after last night''s set B');
select cmp_ok(
  (select max(probability) from predict_setlist('a0000000-0000-4000-8000-0000000000f1', now()) where title like 'A %'),
  '>=', 0.8, 'it learned that a song skipped last night comes back (probability >= 0.8)');
select set_eq(
  $$ select title from predict_setlist('a0000000-0000-4000-8000-0000000000f1', now() - interval '2 days') $$,
  array['B one', 'B two', 'B three'],
  'as of two days ago, the last two nights are unknown: after set A, set B was due');
select set_eq(
  $$ select title from predict_setlist('a0000000-0000-4000-8000-0000000000f2', now()) $$,
  array['Steady one', 'Steady two', 'Steady three'],
  'a band that plays the same show every night: the same show, without the one-off');
select ok(
  (select bool_and(probability >= 0.9 and likelihood = 'likely') from predict_setlist('a0000000-0000-4000-8000-0000000000f2', now())),
  'and it is sure of it (probability >= 0.9, "likely")');
select ok(
  (select bool_and(jsonb_array_length(reasons) > 0 and reasons -> 0 ? 'text') from predict_setlist('a0000000-0000-4000-8000-0000000000f2', now())),
  'every song says why, in words');
select results_eq(
  $$ select predicted_position from predict_setlist('a0000000-0000-4000-8000-0000000000f2', now()) $$,
  $$ values (1), (2), (3) $$, 'positions run 1..k in predicted order');
select is(
  (select count(*) from predict_setlist('a0000000-0000-4000-8000-0000000000f2', now() - interval '30 days')), 0::bigint,
  'no history before as_of: no prediction');
select is((select provolatile from pg_proc where proname = 'predict_setlist'), 's',
  'predict_setlist is read-only (stable): it writes nothing');

select * from finish();
rollback;
