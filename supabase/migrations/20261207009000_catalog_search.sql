-- catalog search: artists and upcoming shows by name, typo-tolerant (issue #20: "Crimsn" finds
-- Crimson Harbor), for the SPA's search page.
--
--   search_rules               the one row of search settings: the shortest query a search takes (the SPA
--                              reads it to say "type at least N characters" and to decide when to ask)
--   search_catalog(query)      {artists, shows}: up to 8 artists and 8 upcoming shows whose name matches
--   upcoming_shows_named(...)  its show-name half: the soonest 8 upcoming shows whose name contains it
--   search_places(query)       venues and cities by name, typo-tolerant (the near page's place search)
--
-- An artist matches when its name contains the query (ILIKE, as before) or a word of it is like the query
-- (pg_trgm word similarity of at least 0.3, or 0.4 for a query under 4 characters: one letter dropped
-- or two letters swapped in a word keeps that much, but for a swap near the start of a short word), through artists_name_trgm_idx. A show matches when it
-- is an upcoming show of an artist found so (its typos forgiven), or its own name contains the query
-- (shows_name_trgm_idx; a tour's name): not the trigram similarity of every show's name, which at 500,000
-- shows compares thousands of names per common word. Ranked: the whole name equal to the query (case
-- ignored) first, then names that start with it, then artists by word similarity and shows by their
-- artist's rank, ties by name (artists) or soonest (shows).
--
-- "Upcoming" is the database's rule (show_has_started): not completed, and voting_closes_at still ahead
-- or unknown (date TBA). It is spelled out on the columns here (show_has_started, pinned to search_path '',
-- is not inlined: a call per candidate row); pgTAP 107 holds it equal to show_has_started on the edge cases.
--
-- Security invoker: the catalog's RLS decides what a caller may find.
--
-- Refusal codes (P0001): search_query_too_short (both searches: one rule, search_rules.min_query_length).

create table public.search_rules (
  id boolean primary key default true check (id),
  min_query_length integer not null default 2 check (min_query_length between 1 and 20)
);
comment on table public.search_rules is
  'The one row of search settings: min_query_length, the fewest characters (after trimming) a search takes; search_catalog and search_places refuse shorter queries (search_query_too_short) and the SPA reads the row to say so before asking. Everyone may read it.';
insert into public.search_rules default values;

select public.protect_rows('public.search_rules', 'anon, authenticated', 'select, update');
create policy "search rules are readable by anon" on public.search_rules for select to anon using (true);
create policy "search rules are readable by authenticated" on public.search_rules for select to authenticated
  using (true);

insert into public.refusal_codes (code, sqlstate, http_status, raised_by, meaning, fan_message) values
  ('search_query_too_short', 'P0001', 400, 'search_catalog, search_places',
    'the query, trimmed, is shorter than search_rules.min_query_length', 'Type a few more characters to search.');

-- CREATE FUNCTION ... SET pg_trgm.word_similarity_threshold is checked against the parameter's definition,
-- which exists only once pg_trgm's library is loaded in this session, and a non-superuser (postgres, on a
-- hosted project too) may not set a parameter it cannot check: "permission denied to set parameter". A db
-- push that applies this migration on its own (an existing project) starts a fresh session, so load it here
-- by calling one of its functions.
select extensions.similarity('', '');

-- The one check both searches make, against the one setting: the query, trimmed, at least
-- search_rules.min_query_length characters, else the refusal search_query_too_short.
create function public.require_search_query(needle text) returns void
language plpgsql stable
set search_path = ''
as $$
declare
  min_length integer := (select r.min_query_length from public.search_rules r);
begin
  if length(needle) < min_length then
    perform public.refuse('search_query_too_short', format('a search takes at least %s characters', min_length),
      'search_rules.min_query_length');
  end if;
end
$$;
comment on function public.require_search_query(text) is
  'Refuses P0001 search_query_too_short when needle (the trimmed query) is shorter than search_rules.min_query_length; search_catalog and search_places call it.';
revoke execute on function public.require_search_query(text) from public;
grant execute on function public.require_search_query(text) to anon, authenticated, service_role;

-- The soonest 8 upcoming shows whose own name contains a search (search_catalog's show-name half). No single
-- plan fits every word, and the planner cannot tell them apart (it estimates a few hundred matches for any):
-- a common word (a city's name is in 12,500 of the full scale dataset's 500,000 show names) is in 8 of the
-- soonest few hundred, so reading in closing order finds them at once where the trigram index fetches every
-- match (750 ms under load); a word in no show name makes that read go through all 100,000 upcoming shows
-- (570 ms), where the index answers from a few pages. So: the soonest 500 first, and the index only if they
-- hold fewer than 8. Either way the result is the soonest 8 that match. Dated shows only: a date-TBA show is
-- found through its artist. A pattern under 3 characters has no trigram: it would read every name, so none.
create function public.upcoming_shows_named(needle text, pattern text)
returns uuid[]
language plpgsql stable
security invoker
set search_path = ''
-- both, as search_catalog (below) sets them: every read through an index, no plan compiled
set enable_seqscan = off
set jit = off
as $$
declare
  found_ids uuid[] := '{}';
begin
  if length(needle) < 3 then
    return found_ids;
  end if;
  found_ids := array(
    select soon.id from (
      select sh.id, sh.name, sh.voting_closes_at from public.shows sh
      where sh.status <> 'completed' and sh.voting_closes_at > now()
      order by sh.voting_closes_at, sh.id
      limit 500) soon
    where soon.name ilike '%' || pattern || '%'
    order by soon.voting_closes_at, soon.id
    limit 8);
  if cardinality(found_ids) < 8 then
    found_ids := array(
      with matched as materialized (
        -- materialized: the name is the whole question here, so the trigram index answers it
        select sh.id, sh.voting_closes_at from public.shows sh
        where sh.name ilike '%' || pattern || '%' and sh.status <> 'completed' and sh.voting_closes_at > now())
      select m.id from matched m order by m.voting_closes_at, m.id limit 8);
  end if;
  return found_ids;
end
$$;
comment on function public.upcoming_shows_named(text, text) is
  'The ids of the soonest 8 upcoming (dated, voting open) shows whose name contains pattern (a LIKE pattern of the trimmed search, needle): search_catalog''s show-name half. None for a search under 3 characters. Security invoker.';
revoke execute on function public.upcoming_shows_named(text, text) from public;
grant execute on function public.upcoming_shows_named(text, text) to anon, authenticated, service_role;

create function public.search_catalog(query text)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
-- the word similarity a match needs, for queries under 4 characters (see below for longer ones)
set pg_trgm.word_similarity_threshold = 0.4
-- the planner prices a trigram comparison like an integer one, so it would rather read every artist, or every
-- upcoming show through shows_voting_closes_at_idx, and compare each (10,000 upcoming shows: 300 ms) than ask
-- the trigram index for the few candidates; off, every read here goes through an index
set enable_seqscan = off
-- and with sequential scans priced out every plan's cost passes jit_above_cost: compiling it took 400 ms
set jit = off
as $$
declare
  needle text := btrim(coalesce(query, ''));
  -- the query as a LIKE pattern of itself: its own % _ and \ match literally
  pattern text := replace(replace(replace(btrim(coalesce(query, '')), '\', '\\'), '%', '\%'), '_', '\_');
  artist_ids uuid[];
  named_ids uuid[];
  artists jsonb;
  shows jsonb;
begin
  perform public.require_search_query(needle);
  -- two letters swapped keep a third of a word's trigrams ("cirmson" 0.38, "galss" 0.33); a query under 4
  -- characters keeps 0.4, where 0.3 would let one shared trigram ("  c") match every word with that first
  -- letter. Restored when the function returns.
  if length(needle) >= 4 then
    perform set_config('pg_trgm.word_similarity_threshold', '0.3', true);
  end if;

  select coalesce(array_agg(hit.id order by hit.tier, hit.score desc, hit.name, hit.id), '{}'),
         coalesce(jsonb_agg(to_jsonb(hit) - 'tier' - 'score' order by hit.tier, hit.score desc, hit.name, hit.id), '[]')
  into artist_ids, artists
  from (
    select a.id, a.name, a.slug, a.image_url, a.genres, a.synthetic,
           case when lower(a.name) = lower(needle) then 0 when a.name ilike pattern || '%' then 1 else 2 end as tier,
           extensions.word_similarity(needle, a.name) as score
    from public.artists a
    where a.name ilike '%' || pattern || '%' or needle operator(extensions.<%) a.name
    order by tier, score desc, a.name, a.id
    limit 8
  ) hit;

  named_ids := public.upcoming_shows_named(needle, pattern);

  -- Upcoming shows of the artists found (their typos forgiven: a show's name is its artist's, mostly), and
  -- upcoming shows whose own name contains the query (a tour's name). Not the trigram similarity of every
  -- show's name: at 100,000 upcoming and 400,000 past shows a common word's trigrams are in thousands of
  -- names, each compared again after the index. Ranked: the show's name equal to the query, then starting
  -- with it, then by the rank of its artist, then soonest.
  with candidate as (
    select s.id, ord as artist_rank
    from unnest(artist_ids) with ordinality as found (artist_id, ord)
    cross join lateral (
      select sh.id from public.shows sh
      where sh.artist_id = found.artist_id
        -- not public.show_has_started(sh.status, sh.voting_closes_at), on the columns
        and sh.status <> 'completed' and (sh.voting_closes_at > now() or sh.voting_closes_at is null)
      order by sh.voting_closes_at nulls last, sh.id
      limit 8
    ) s
    union all
    select named.id, null::bigint from unnest(named_ids) as named (id)
  ),
  ranked as (
    select sh.id, sh.name, sh.starts_at, sh.local_date, sh.date_tba, sh.time_tba, sh.voting_closes_at, sh.status,
           sh.ticket_url, sh.artist_id, sh.venue_id,
           case when lower(sh.name) = lower(needle) then 0 when sh.name ilike pattern || '%' then 1 else 2 end as tier,
           min(c.artist_rank) as artist_rank
    from candidate c
    join public.shows sh on sh.id = c.id
    group by sh.id
    order by tier, artist_rank nulls last, sh.voting_closes_at nulls last, sh.id
    limit 8
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', r.id, 'name', r.name, 'starts_at', r.starts_at, 'local_date', r.local_date, 'date_tba', r.date_tba,
           'time_tba', r.time_tba, 'voting_closes_at', r.voting_closes_at, 'status', r.status, 'ticket_url', r.ticket_url,
           'artist', jsonb_build_object('id', a.id, 'name', a.name, 'slug', a.slug, 'image_url', a.image_url,
                                        'synthetic', a.synthetic),
           'venue', case when v.id is null then null
                         else jsonb_build_object('id', v.id, 'slug', v.slug, 'name', v.name, 'city', v.city,
                                                 'state', v.state, 'country', v.country, 'timezone', v.timezone) end)
         order by r.tier, r.artist_rank nulls last, r.voting_closes_at nulls last, r.id), '[]')
  into shows
  from ranked r
  join public.artists a on a.id = r.artist_id
  left join public.venues v on v.id = r.venue_id;

  return jsonb_build_object('artists', artists, 'shows', shows);
end
$$;
comment on function public.search_catalog(text) is
  'The search page''s catalog results for a query (trimmed): {artists: [id, name, slug, image_url, genres, synthetic], shows: [show card with artist and venue]}, up to 8 of each. '
  'Artists whose name contains the query (case ignored) or has a word like it (pg_trgm word similarity >= 0.3, >= 0.4 under 4 characters; trigram GIN index); '
  'upcoming shows (not show_has_started) of those artists or whose own name contains the query. '
  'Ranked: equal to the query, then starting with it, then by similarity (shows: by their artist''s rank), then soonest. Security invoker (the catalog''s RLS applies). '
  'Refuses P0001 search_query_too_short below search_rules.min_query_length characters.';
revoke execute on function public.search_catalog(text) from public;
grant execute on function public.search_catalog(text) to anon, authenticated, service_role;

-- Venues and cities by name for the near page (the venue_*_trgm_idx indexes are the near-you migration's).
-- Here, not there, because it takes the same rule as search_catalog: the shortest query is search_rules'.
create function public.search_places(query text, max_results integer default 8)
returns table (kind text, name text, slug text, city text, state text, country text, latitude double precision,
  longitude double precision, similarity real)
language plpgsql stable
set search_path = ''
-- a typo in a short name ("chicgo") keeps about half its trigrams: 0.5, not pg_trgm's 0.6
set pg_trgm.word_similarity_threshold = 0.5
as $$
declare
  -- measured as search_catalog and the SPA's isSearchable measure it: the trimmed text, before folding
  needle text := btrim(coalesce(query, ''));
  folded text := public.fold_text(btrim(coalesce(query, '')));
  wanted integer := greatest(1, least(coalesce(max_results, 8), 25));
begin
  perform public.require_search_query(needle);
  return query
  (
    select 'venue', v.name, v.slug, v.city, v.state, v.country, v.latitude, v.longitude,
           extensions.word_similarity(folded, public.fold_text(v.name))
    from public.venues v
    where folded operator(extensions.<%) public.fold_text(v.name)
    order by 9 desc, v.name
    limit wanted
  )
  union all
  (
    select 'city', min(v.city), null, min(v.city), min(v.state), v.country, avg(v.latitude), avg(v.longitude),
           max(extensions.word_similarity(folded, public.fold_text(v.city)))
    from public.venues v
    where folded operator(extensions.<%) public.fold_text(v.city)
    group by v.country, v.city_key
    order by 9 desc, min(v.city)
    limit wanted
  );
end
$$;
comment on function public.search_places(text, integer) is
  'Venues and cities whose name matches the query, typo-tolerant: pg_trgm word similarity of the folded query to the folded name of at least 0.5 (pg_trgm.word_similarity_threshold, set on the function); best first, up to max_results (1..25) of each kind. '
  'Cities are grouped like upcoming_markets and carry the mean of their venues'' points. '
  'Refuses P0001 search_query_too_short below search_rules.min_query_length characters (trimmed), as search_catalog does.';
revoke execute on function public.search_places(text, integer) from public;
grant execute on function public.search_places(text, integer) to anon, authenticated, service_role;
