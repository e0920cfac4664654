-- leaderboards, public profiles and "My TheSet": the read side of points
-- (migration fan_points). Everything a fan may see of another fan goes through
-- these security definer functions, which return handles, cities and points
-- and never user ids or coordinates.
--
-- Paging: page_size 1..100, page from 0 (offset = page x page_size), ordered
-- by points, ties by an internal key; rank is competition rank (1 + fans with
-- more points), so tied fans share a rank across page boundaries. A page costs
-- its offset in one index range plus one count (leaderboard_rank), not a count
-- per row: measured at 1M fans in the report of issue 16.
--
-- Refusals: invalid_page, fan_not_found.

create function public.check_leaderboard_page(page_size integer, page integer)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if page_size is null or page_size not between 1 and 100 or page is null or page not between 0 and 100000 then
    perform public.refuse('invalid_page',
      format('page_size %s, page %s: page_size is 1 to 100 and page 0 to 100000.',
        coalesce(page_size::text, 'null'), coalesce(page::text, 'null')),
      'Ask for pages of at most 100 fans.');
  end if;
end
$$;
comment on function public.check_leaderboard_page(integer, integer) is
  'Refuses invalid_page unless page_size is 1..100 and page 0..100000; the leaderboards'' one paging rule.';
revoke execute on function public.check_leaderboard_page(integer, integer) from public;
grant execute on function public.check_leaderboard_page(integer, integer) to anon, authenticated, service_role;

-- A row's competition rank (1 + fans with more points) from one count per page:
-- rows tied with the page's top share its rank (1 + the fans above it, which may
-- sit on earlier pages); any lower row has every earlier row above it, so its
-- rank is the offset plus its rank within the page.
create function public.leaderboard_rank(points integer, top_points integer, above_top integer, page_offset integer,
  rank_in_page integer)
returns integer
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case when points = top_points then 1 + above_top else page_offset + rank_in_page end
$$;
comment on function public.leaderboard_rank(integer, integer, integer, integer, integer) is
  'Competition rank of a leaderboard row: 1 + above_top when it ties the page''s top points, else page_offset + its rank() within the page. Lets a page cost one index range count instead of one per row.';
revoke execute on function public.leaderboard_rank(integer, integer, integer, integer, integer) from public;
grant execute on function public.leaderboard_rank(integer, integer, integer, integer, integer) to anon, authenticated, service_role;

-- one leaderboard row before it is ranked: whose points, how many, over how many shows
create type public.leaderboard_entry as (user_id uuid, points integer, shows integer);
comment on type public.leaderboard_entry is
  'A leaderboard row before ranking: the fan (never returned), points and shows. The leaderboards pass their page to leaderboard_page.';

-- The part every leaderboard shares: a page of entries (most points first, ties
-- by user id) and how many fans are above its top become the rows a fan sees:
-- competition rank, handle and city (profiles), points, shows, is_me. Security
-- invoker, called by the security definer leaderboards as their owner.
create function public.leaderboard_page(entries public.leaderboard_entry[], above_top integer, page_offset integer)
returns table (rank integer, handle text, home_city text, points integer, shows integer, is_me boolean)
language sql
stable
set search_path = ''
as $$
  select public.leaderboard_rank(e.points, (entries[1]).points, above_top, page_offset,
      (rank() over (order by e.points desc))::integer),
    p.handle, p.home_city, e.points, e.shows, coalesce(e.user_id = (select auth.uid()), false)
  from unnest(entries) with ordinality as e(user_id, points, shows, n)
  left join public.profiles p on p.user_id = e.user_id
  order by e.n
$$;
comment on function public.leaderboard_page(public.leaderboard_entry[], integer, integer) is
  'The rows of a leaderboard page from its entries in order (most points first) and the count of fans above its top points: {rank, handle, home_city, points, shows, is_me}. Shared by global_, artist_ and show_leaderboard.';
revoke execute on function public.leaderboard_page(public.leaderboard_entry[], integer, integer) from public, anon, authenticated;

create function public.global_leaderboard(page_size integer default 25, page integer default 0)
returns table (rank integer, handle text, home_city text, points integer, shows integer, is_me boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  entries public.leaderboard_entry[];
begin
  perform public.check_leaderboard_page(page_size, page);
  -- the page (one index range), then one count of the fans above its top (an index-only range, planned with the value)
  select array_agg((f.user_id, f.points, f.shows)::public.leaderboard_entry order by f.points desc, f.user_id) into entries
  from (select f.user_id, f.points, f.shows from public.fan_points f where f.points > 0
    order by f.points desc, f.user_id limit page_size offset page * page_size) f;
  return query select * from public.leaderboard_page(entries,
    (select count(*)::integer from public.fan_points o where o.points > 0 and o.points > (entries[1]).points),
    page * page_size);
end
$$;
comment on function public.global_leaderboard(integer, integer) is
  'All-time leaderboard page: {rank, handle (null = the fan has none), home_city, points, shows, is_me} for fans with points, most first. Refuses invalid_page.';
revoke execute on function public.global_leaderboard(integer, integer) from public;
grant execute on function public.global_leaderboard(integer, integer) to anon, authenticated, service_role;

create function public.artist_leaderboard(artist_id uuid, page_size integer default 25, page integer default 0)
returns table (rank integer, handle text, home_city text, points integer, shows integer, is_me boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  entries public.leaderboard_entry[];
begin
  perform public.check_leaderboard_page(page_size, page);
  select array_agg((f.user_id, f.points, f.shows)::public.leaderboard_entry order by f.points desc, f.user_id) into entries
  from (select f.user_id, f.points, f.shows from public.fan_artist_points f
    where f.artist_id = artist_leaderboard.artist_id and f.points > 0
    order by f.points desc, f.user_id limit page_size offset page * page_size) f;
  return query select * from public.leaderboard_page(entries,
    (select count(*)::integer from public.fan_artist_points o
     where o.artist_id = artist_leaderboard.artist_id and o.points > 0 and o.points > (entries[1]).points),
    page * page_size);
end
$$;
comment on function public.artist_leaderboard(uuid, integer, integer) is
  'One artist''s leaderboard page over its scored shows: {rank, handle, home_city, points, shows, is_me}, most points first. Refuses invalid_page.';
revoke execute on function public.artist_leaderboard(uuid, integer, integer) from public;
grant execute on function public.artist_leaderboard(uuid, integer, integer) to anon, authenticated, service_role;

create function public.show_leaderboard(show_id uuid, page_size integer default 25, page integer default 0)
returns table (rank integer, handle text, home_city text, points integer, shows integer, is_me boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  entries public.leaderboard_entry[];
begin
  perform public.check_leaderboard_page(page_size, page);
  select array_agg((s.user_id, s.points, 1)::public.leaderboard_entry order by s.points desc, s.user_id) into entries
  from (select s.user_id, s.points from public.show_points s
    where s.show_id = show_leaderboard.show_id and s.points > 0
    order by s.points desc, s.user_id limit page_size offset page * page_size) s;
  return query select * from public.leaderboard_page(entries,
    (select count(*)::integer from public.show_points o
     where o.show_id = show_leaderboard.show_id and o.points > 0 and o.points > (entries[1]).points),
    page * page_size);
end
$$;
comment on function public.show_leaderboard(uuid, integer, integer) is
  'One scored show''s leaderboard page: {rank, handle, home_city, points, shows (always 1), is_me}, most points first; empty until the show is scored. Refuses invalid_page.';
revoke execute on function public.show_leaderboard(uuid, integer, integer) from public;
grant execute on function public.show_leaderboard(uuid, integer, integer) to anon, authenticated, service_role;

create function public.public_profile(handle text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_profile public.profiles;
  totals public.fan_points;
begin
  select * into found_profile from public.profiles p where lower(p.handle) = lower(public_profile.handle);
  if not found then
    perform public.refuse('fan_not_found', 'No fan uses that handle.', 'Check the spelling; handles ignore case.');
  end if;
  select * into totals from public.fan_points f where f.user_id = found_profile.user_id;
  return jsonb_build_object('handle', found_profile.handle, 'home_city', found_profile.home_city,
    'points', coalesce(totals.points, 0), 'shows', coalesce(totals.shows, 0),
    'rank', case when coalesce(totals.points, 0) > 0
      then 1 + (select count(*) from public.fan_points o where o.points > 0 and o.points > totals.points) end);
end
$$;
comment on function public.public_profile(text) is
  'What anyone may see of a fan, by handle (case-insensitive): {handle, home_city, points, shows, rank (null without points)}. Refuses fan_not_found.';
revoke execute on function public.public_profile(text) from public;
grant execute on function public.public_profile(text) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- My TheSet
-- ---------------------------------------------------------------------------

create function public.my_theset()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with me as (
    select auth.uid() as id
  ),
  my_votes as (
    select v.show_id, count(*) filter (where v.value = 1)::integer as upvotes,
      count(*) filter (where v.value = -1)::integer as downvotes
    from public.votes v where v.user_id = (select me.id from me)
    group by v.show_id
  ),
  my_suggestions as (
    select ss.title, ss.song_id, ss.upvotes, ss.downvotes, sl.show_id, ss.created_at
    from public.setlist_songs ss
    join public.setlists sl on sl.id = ss.setlist_id and sl.kind = 'predicted'
    where ss.suggested_by = (select me.id from me)
  ),
  my_shows as (
    select ms.show_id,
      coalesce(max(mv.upvotes), 0) as upvotes, coalesce(max(mv.downvotes), 0) as downvotes,
      (select count(*) from my_suggestions s where s.show_id = ms.show_id)::integer as suggestions
    from (select show_id from my_votes union select show_id from my_suggestions) ms
    left join my_votes mv on mv.show_id = ms.show_id
    group by ms.show_id
  ),
  described as (
    select public.show_has_started(sh.status, sh.voting_closes_at) as started, sh.starts_at, sh.local_date,
      jsonb_build_object('show_id', sh.id, 'show_name', sh.name, 'starts_at', sh.starts_at,
        'local_date', sh.local_date, 'status', sh.status, 'artist_name', a.name, 'artist_slug', a.slug,
        'venue_name', v.name, 'city', v.city, 'upvotes', m.upvotes, 'downvotes', m.downvotes,
        'suggestions', m.suggestions, 'points', sp.points, 'score', ps.score) as item
    from my_shows m
    join public.shows sh on sh.id = m.show_id
    join public.artists a on a.id = sh.artist_id
    left join public.venues v on v.id = sh.venue_id
    left join public.show_points sp on sp.show_id = sh.id and sp.user_id = (select me.id from me)
    left join public.prediction_scores ps on ps.show_id = sh.id
  ),
  series as (
    select sp.awarded_at, sp.points, sh.name as show_name, sh.local_date,
      sum(sp.points) over (order by sp.awarded_at, sp.show_id)::integer as total
    from public.show_points sp
    join public.shows sh on sh.id = sp.show_id
    where sp.user_id = (select me.id from me)
  ),
  suggestion_outcomes as (
    select s.created_at, jsonb_build_object('title', s.title, 'show_id', s.show_id, 'show_name', sh.name,
      'local_date', sh.local_date, 'artist_name', a.name, 'upvotes', s.upvotes, 'downvotes', s.downvotes,
      -- null until the actual setlist is in
      'played', case when actual.id is null then null else exists (
        select 1 from public.setlist_songs played
        where played.setlist_id = actual.id and played.song_id = s.song_id and not played.is_tape) end) as item
    from my_suggestions s
    join public.shows sh on sh.id = s.show_id
    join public.artists a on a.id = sh.artist_id
    left join public.setlists actual on actual.show_id = s.show_id and actual.kind = 'actual'
  )
  select jsonb_build_object(
    'upcoming', coalesce((select jsonb_agg(d.item order by d.starts_at nulls last, d.local_date)
      from described d where not d.started), '[]'::jsonb),
    'past', coalesce((select jsonb_agg(d.item order by d.local_date desc nulls last, d.starts_at desc nulls last)
      from described d where d.started), '[]'::jsonb),
    'points_series', coalesce((select jsonb_agg(jsonb_build_object('awarded_at', s.awarded_at, 'points', s.points,
      'show_name', s.show_name, 'local_date', s.local_date, 'total', s.total) order by s.awarded_at, s.total)
      from series s), '[]'::jsonb),
    'suggestions', coalesce((select jsonb_agg(o.item order by o.created_at desc) from suggestion_outcomes o),
      '[]'::jsonb),
    'points', coalesce((select f.points from public.fan_points f where f.user_id = (select me.id from me)), 0),
    'rank', (select 1 + (select count(*) from public.fan_points o where o.points > 0 and o.points > f.points)
      from public.fan_points f where f.user_id = (select me.id from me) and f.points > 0))
$$;
comment on function public.my_theset() is
  'The caller''s own page (/me), all rows filtered to auth.uid(): upcoming and past shows they voted on or suggested for (their up/down votes and suggestions, and for past shows their points and the prediction''s score), '
  'points_series (each scored show: awarded_at, points, running total), suggestions with played true/false (null until the actual setlist is in), total points and all-time rank (null without points).';
revoke execute on function public.my_theset() from public;
grant execute on function public.my_theset() to authenticated, service_role;
