-- search_catalog refuses a query shorter than search_rules.min_query_length (after trimming) with
-- search_query_too_short, a catalogued refusal; the rule is read from its row, which everyone may read
-- and only the service role may change; the similarity threshold it sets does not leak to the caller
begin;
\ir ../helpers/fixtures.psql
select plan(9);

select tests.act_as('anon');
select is((select min_query_length from public.search_rules), 2, 'anyone reads the shortest query a search takes');
select throws_ok($$ select public.search_catalog('a') $$, 'P0001', 'search_query_too_short', 'one character is refused');
select throws_ok($$ select public.search_catalog('   x  ') $$, 'P0001', 'search_query_too_short', 'spaces do not count');
select throws_ok($$ select public.search_catalog(null) $$, 'P0001', 'search_query_too_short', 'no query is refused');
select lives_ok($$ select public.search_catalog('fi') $$, 'two characters are a search');
select ok(exists (select 1 from public.refusal_codes where code = 'search_query_too_short' and fan_message is not null),
  'the refusal is catalogued with the SPA''s words');
select throws_ok($$ update public.search_rules set min_query_length = 1 $$, '42501', null, 'anon may not change the rule');

select tests.act_as('service');
update public.search_rules set min_query_length = 3;
select tests.act_as('anon');
select throws_ok($$ select public.search_catalog('fi') $$, 'P0001', 'search_query_too_short',
  'the function reads the row: at 3, two characters are refused');

select tests.act_as('owner');
select public.search_catalog('fixture artist');
select is(current_setting('pg_trgm.word_similarity_threshold'), '0.6',
  'the caller''s word_similarity_threshold is pg_trgm''s default again after a search');

select * from finish();
rollback;
