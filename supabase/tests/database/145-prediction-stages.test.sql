-- predict_setlist runs in stages (prediction_history -> prediction_candidates -> prediction_running_order):
-- what each stage hands on, that the engine is their composition, that fans (anon, the caller the engine runs as)
-- may run every stage, and that each stage keeps one plan per session as the engine did when it was one query
begin;
\ir ../helpers/fixtures.psql
select plan(9);

-- one symbolic artist, 8 nightly shows up to yesterday: "Always" every night (opening), "Often" on the even
-- nights, "Once" three nights ago only
insert into artists (id, name, slug) values ('a0000000-0000-4000-8000-0000000001f1', 'Stager', 'stager');
insert into songs (id, artist_id, title)
select ('d0000000-0000-4000-8000-0000000003' || lpad(n::text, 2, '0'))::uuid, 'a0000000-0000-4000-8000-0000000001f1', t
from unnest(array['Always', 'Often', 'Once']) with ordinality as x (t, n);
insert into shows (id, artist_id, venue_id, name, local_date, status)
select ('c4000000-0000-4000-8000-0000000000' || lpad(n::text, 2, '0'))::uuid, 'a0000000-0000-4000-8000-0000000001f1',
  tests.id('venue'), 'Stager night ' || n, current_date - n, 'completed'
from generate_series(1, 8) n;
insert into setlists (show_id, kind) select id, 'actual' from shows where name like 'Stager night %';
insert into setlist_songs (setlist_id, song_id, title, position)
select sl.id, so.id, so.title, row_number() over (partition by sl.id order by so.title)
from shows sh
join setlists sl on sl.show_id = sh.id
join songs so on so.artist_id = sh.artist_id
  and (so.title = 'Always' or (so.title = 'Often' and (current_date - sh.local_date) % 2 = 0)
    or (so.title = 'Once' and sh.local_date = current_date - 3))
where sh.name like 'Stager night %';

create temp table staged as
select h.history, array(
    select c from prediction_candidates(h.history, 'a0000000-0000-4000-8000-0000000001f1', now(), null, null) c) as candidates
from (select array(select row(p.*)::prediction_show_song
      from prediction_history('a0000000-0000-4000-8000-0000000001f1', current_date) p) as history) h;

select is((select cardinality(history) from staged), 8 + 4 + 1, 'the history stage: one row per show and song played');
select set_eq(
  $$ select c.song_id from staged, unnest(staged.candidates) c $$,
  $$ select id from songs where artist_id = 'a0000000-0000-4000-8000-0000000001f1' $$,
  'the candidates stage: every song of the history, once');
select ok((select bool_and(c.probability between 0 and 1) from staged, unnest(staged.candidates) c),
  'each candidate with a probability within 0..1');
select results_eq(
  $$ select o.predicted_position from staged, prediction_running_order(staged.history, staged.candidates) o
     order by 1 $$,
  $$ select generate_series(1, (select count(*)::int from staged, prediction_running_order(staged.history, staged.candidates))) $$,
  'the running order stage: positions 1..k, no gaps');
select results_eq(
  $$ select p.song_id, p.predicted_position, p.probability, p.is_encore
     from predict_setlist('a0000000-0000-4000-8000-0000000001f1', now()) p $$,
  $$ select o.song_id, o.predicted_position, round(c.probability, 4), o.is_encore
     from staged, prediction_running_order(staged.history, staged.candidates) o
     join unnest(staged.candidates) c on c.song_id = o.song_id
     order by o.predicted_position $$,
  'predict_setlist is the stages composed: the running order''s songs with the candidates'' probabilities');
select is(
  (select song_id from predict_setlist('a0000000-0000-4000-8000-0000000001f1', now()) where predicted_position = 1),
  'd0000000-0000-4000-8000-000000000301'::uuid, 'the song that opened every night opens');

select tests.act_as('anon');
select cmp_ok((select count(*) from predict_setlist('a0000000-0000-4000-8000-0000000001f1', now())), '>', 0::bigint,
  'anon runs the engine, every stage as itself (predict_setlist is security invoker)');
select tests.act_as('owner');

select is(
  (select count(*)::int from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and p.proname in ('predict_setlist', 'prediction_candidates', 'prediction_running_order')
     and p.provolatile = 's' and p.proconfig @> array['plan_cache_mode=force_generic_plan']),
  3, 'every stage is read-only (stable) and plans once per session (plan_cache_mode = force_generic_plan)');
select is(
  (select count(*)::int from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and p.proname in ('prediction_candidates', 'prediction_running_order')
     and (exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE')
       or not has_function_privilege('anon', p.oid, 'execute'))),
  0, 'the stages are granted to the API roles by name, not to PUBLIC');

select * from finish();
rollback;
