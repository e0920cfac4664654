-- search_places takes search_catalog's rule for the shortest query: search_rules.min_query_length (trimmed),
-- refused below it with the same catalogued refusal, search_query_too_short; a query of exactly that length
-- is a search; changing the row changes what search_places takes
begin;
\ir ../helpers/fixtures.psql
select plan(9);

-- a city and a venue whose names the short queries below are a word of
insert into public.venues (id, name, city, country) values
  ('e0000000-0000-4000-8000-0000000000e1', 'Oz Hall', 'Oz', 'AU');

select tests.act_as('anon');
select is((select min_query_length from public.search_rules), 2, 'the rule: two characters');
select throws_ok($$ select * from public.search_places('o') $$, 'P0001', 'search_query_too_short',
  'one character is refused');
select throws_ok($$ select * from public.search_places('   o  ') $$, 'P0001', 'search_query_too_short',
  'spaces do not count');
select throws_ok($$ select * from public.search_places(null) $$, 'P0001', 'search_query_too_short',
  'no query is refused');
select is((select name from public.search_places('oz') where kind = 'city' order by similarity desc limit 1), 'Oz',
  'two characters are a search, and find the city');
select ok('search_places' = any (string_to_array((select raised_by from public.refusal_codes
    where code = 'search_query_too_short'), ', ')),
  'the catalogue names search_places among the functions raising it');

select tests.act_as('service');
update public.search_rules set min_query_length = 3;
select tests.act_as('anon');
select throws_ok($$ select * from public.search_places('oz') $$, 'P0001', 'search_query_too_short',
  'search_places reads the row: at 3, two characters are refused');
select throws_ok($$ select * from public.search_places('oz ') $$, 'P0001', 'search_query_too_short',
  'and a trailing space does not make them three');
select is((select name from public.search_places('oz hall') where kind = 'venue' order by similarity desc limit 1),
  'Oz Hall', 'three characters and more are still a search');

select * from finish();
rollback;
