-- search_catalog forgives typos (issue #20): a dropped letter or two swapped ones still find the artist
-- and (through it) its upcoming shows, a substring still finds them as ILIKE did, a word far from every name finds
-- nothing, the query's own % and _ are letters, and both kinds are read through the trigram GIN indexes
begin;
\ir ../helpers/fixtures.psql
select plan(11);

insert into public.artists (id, name, slug) values
  ('a0000000-0000-4000-8000-0000000001a1', 'Crimson Harbor', 'crimson-harbor'),
  ('a0000000-0000-4000-8000-0000000001a2', '100% Static', '100-static');
insert into public.shows (artist_id, venue_id, name, starts_at, local_date) values
  ('a0000000-0000-4000-8000-0000000001a1', tests.id('venue'), 'Crimson Harbor at Fixture Hall',
    now() + interval '3 days', (now() + interval '3 days')::date);

create function tests.artist_names(query text) returns text[]
language sql as $$
  select array(select a ->> 'name' from jsonb_array_elements(public.search_catalog(query) -> 'artists') a)
$$;
create function tests.show_names(query text) returns text[]
language sql as $$
  select array(select s ->> 'name' from jsonb_array_elements(public.search_catalog(query) -> 'shows') s)
$$;
grant execute on function tests.artist_names(text), tests.show_names(text) to anon;

select tests.act_as('anon');
select ok('Crimson Harbor' = any(tests.artist_names('Crimsn')), 'a dropped letter ("Crimsn") finds Crimson Harbor');
select ok('Crimson Harbor' = any(tests.artist_names('Cirmson')), 'two swapped letters ("Cirmson") find it');
select ok('Crimson Harbor' = any(tests.artist_names('crimson harbr')), 'a typo in the second word, any case, finds it');
select ok('Crimson Harbor at Fixture Hall' = any(tests.show_names('Crimsn')), 'the typo finds its upcoming show too');
select ok('Crimson Harbor' = any(tests.artist_names('rimson Har')), 'a substring finds it, as ILIKE did');
select ok('Crimson Harbor at Fixture Hall' = any(tests.show_names('at Fixture')), 'a substring of a show''s name finds it');
select is(tests.artist_names('Zxqvwy'), '{}'::text[], 'a word like no name finds no artist');
select is(tests.artist_names('0%'), array['100% Static'], 'a % in the query is a percent sign, not a wildcard');

-- the show card carries what ShowCard (web/src/data/shows.ts) reads
select is(
  (select array_agg(k order by k) from jsonb_object_keys(public.search_catalog('Crimsn') -> 'shows' -> 0) k),
  array['artist', 'date_tba', 'id', 'local_date', 'name', 'starts_at', 'status', 'ticket_url', 'time_tba', 'venue',
        'voting_closes_at'],
  'a show hit is a show card with its artist and venue');

select tests.act_as('owner');
-- search_catalog's threshold for short queries, so the plans below are the ones it gets
set local pg_trgm.word_similarity_threshold = 0.4;
set local enable_seqscan = off;
-- the WHERE clauses of search_catalog, with a query in place of its variables
select matches(tests.plan_of($$ select id from public.artists a
  where a.name ilike '%crimsn%' or 'crimsn' operator(extensions.<%) a.name $$),
  'artists_name_trgm_idx', 'artists are matched through artists_name_trgm_idx');
select matches(tests.plan_of($$ select id from public.shows sh
  where sh.name ilike '%crimsn%' and sh.status <> 'completed' and coalesce(sh.voting_closes_at > now(), true) $$),
  'shows_name_trgm_idx', 'shows whose name contains the query are found through shows_name_trgm_idx');

select * from finish();
rollback;
