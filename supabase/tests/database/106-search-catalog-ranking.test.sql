-- search_catalog ranks the name equal to the query first, then names starting with it, then the rest
-- by word similarity (the closest typo before a farther one), and returns at most 8 of each kind
begin;
\ir ../helpers/fixtures.psql
select plan(5);

insert into public.artists (name, slug) values
  ('The Lanterns Revival', 'the-lanterns-revival'),  -- contains "lanterns": a substring, similarity 1
  ('Lanternsmith', 'lanternsmith'),                  -- starts with it
  ('Lanterns', 'lanterns'),                          -- equal to it
  ('Lantrens', 'lantrens'),                          -- a typo away
  ('Lamterms', 'lamterms');                          -- two typos away
insert into public.artists (name, slug)
select 'Lanterns Tribute ' || n, 'lanterns-tribute-' || n from generate_series(1, 10) n;

select tests.act_as('anon');
select is((public.search_catalog('lanterns') -> 'artists' -> 0 ->> 'name'), 'Lanterns',
  'the name equal to the query (case ignored) comes first');
select is(jsonb_array_length(public.search_catalog('lanterns') -> 'artists'), 8, 'at most 8 artists');
select ok((select bool_and(a ->> 'name' like 'Lantern%')
           from jsonb_array_elements(public.search_catalog('lanterns') -> 'artists') a),
  'names starting with the query fill the first places, before names that only contain it');
select is((public.search_catalog('lantrns') -> 'artists' -> 0 ->> 'name'), 'Lantrens',
  'with no name equal or starting with it, the most similar comes first (Lantrens 0.63 before Lanterns 0.55)');
select ok(not public.search_catalog('lantrns') -> 'artists' @> '[{"name": "Lamterms"}]',
  'a name two letters off in every trigram (similarity 0.25) is not a match');

select * from finish();
rollback;
