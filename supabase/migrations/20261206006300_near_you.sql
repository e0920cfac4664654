-- shows near you, the home page's markets, and the indexes for finding venues and cities by name.
--
--   upcoming_markets()         every city with upcoming shows, with the count of all of them (the home
--                              page read a capped list of shows and counted that: about 30 of 57)
--   shows_near(...)            upcoming shows within a radius of a point, in a date window, a page at a time
--
-- (search_places, the typo-tolerant search over the trigram indexes below, is the catalog search
-- migration's: it takes search_rules' shortest query.)
--
-- "Upcoming" is the database's rule, show_has_started's: not cancelled, not completed, and voting_closes_at
-- still ahead (or unknown: date TBA). It is spelled out on the columns (show_has_started is not inlined: a
-- call per row). Every show still ahead is dated yesterday (UTC) or later, the venue-local date of a moment
-- to come at UTC-12 at the earliest, so `local_date >= UTC yesterday` is kept beside it: a range of the
-- date indexes, and the exact rule filters that range.

create index venues_point_idx on public.venues (latitude, longitude) where latitude is not null;
-- a venue's market: its city as venue_name_key reduces it, stored, because upcoming_markets groups every
-- venue with upcoming shows by it (5,000 venues at the full scale dataset: computing the key per venue and
-- call took 170 ms of the home page's markets; stored, the grouping costs nothing extra)
alter table public.venues add column city_key text generated always as (public.venue_name_key(city)) stored;
comment on column public.venues.city_key is
  'venue_name_key(city): the market the venue is in (with country), as upcoming_markets and shows_near group and match cities.';
create index venues_market_idx on public.venues (country, city_key);
-- folded (accents, case) so "montreal" finds "Montréal"; word similarity so a word finds a long name
create index venues_name_trgm_idx on public.venues using gin (public.fold_text(name) extensions.gin_trgm_ops);
create index venues_city_trgm_idx on public.venues using gin (public.fold_text(city) extensions.gin_trgm_ops);

create function public.upcoming_markets()
returns table (city text, state text, country text, latitude double precision, longitude double precision, shows integer)
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  -- plpgsql, so each connection plans this once and keeps the plan (a SQL function that is not inlined is
  -- planned on every call: at the full scale dataset, under load, planning took 75 ms beside 93 ms of running)
  return query
  -- counted per venue first (an index-only range of shows_listed_venue_idx), so that the city's key is
  -- computed once per venue rather than once per show (100,000 upcoming shows: seconds against milliseconds);
  -- the points are the mean over the shows, as before: each venue's point weighted by its shows
  with per_venue as (
    select listed.venue_id, count(*) as shows
    from (
      -- dated: a range of the index, voting_closes_at read from it too
      select s.venue_id from public.shows s
      where s.status not in ('cancelled', 'completed') and s.venue_id is not null
        and s.local_date >= (now() at time zone 'utc')::date - 1 and s.voting_closes_at > now()
      union all
      -- date TBA: upcoming until a date comes (its voting_closes_at is null)
      select s.venue_id from public.shows s
      where s.status not in ('cancelled', 'completed') and s.venue_id is not null
        and s.local_date is null and s.voting_closes_at is null
    ) listed
    group by listed.venue_id
  )
  select min(v.city), min(v.state), v.country,
    sum(v.latitude * pv.shows) / nullif(sum(pv.shows) filter (where v.latitude is not null), 0),
    sum(v.longitude * pv.shows) / nullif(sum(pv.shows) filter (where v.longitude is not null), 0),
    sum(pv.shows)::int
  from per_venue pv
  join public.venues v on v.id = pv.venue_id
  where v.city is not null
  group by v.country, v.city_key
  order by sum(pv.shows) desc, min(v.city);
end
$$;
comment on function public.upcoming_markets() is
  'Every city (the venues'' city_key, venue_name_key of the city, per country) with upcoming shows (not cancelled, not show_has_started; date TBA too): name, region, country, the mean of its venues'' points, and how many shows. Most shows first.';
revoke execute on function public.upcoming_markets() from public;
grant execute on function public.upcoming_markets() to anon, authenticated, service_role;

create function public.shows_near(
  latitude double precision default null, longitude double precision default null, radius_km double precision default 50,
  from_date date default null, to_date date default null, page_size integer default 20, page_offset integer default 0,
  city text default null, country text default null)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  radius double precision := least(greatest(coalesce(radius_km, 50), 1), 500);
  -- a box around the point first (venues_point_idx), the exact distance after
  lat_span double precision := radius / 111.2;
  lon_span double precision := radius / (111.2 * greatest(cos(radians(latitude)), 0.01));
  first_day date := greatest(coalesce(from_date, (now() at time zone 'utc')::date - 1), (now() at time zone 'utc')::date - 1);
  result jsonb;
begin
  if city is null and (latitude is null or longitude is null or abs(latitude) > 90 or abs(longitude) > 180) then
    raise exception 'invalid_point' using errcode = 'P0001',
      detail = 'give a city, or a latitude within -90..90 and a longitude within -180..180';
  end if;
  if to_date is not null and to_date < first_day then
    raise exception 'invalid_date_range' using errcode = 'P0001', detail = 'to_date is before from_date';
  end if;
  with nearby as (
    -- a city: its venues, with or without a point (venues_market_idx)
    select v.id, v.slug, v.name, v.city, v.state, v.country, v.timezone, null::double precision as km
    from public.venues v
    where shows_near.city is not null and v.country = upper(btrim(shows_near.country))
      and v.city_key = public.venue_name_key(shows_near.city)
    union all
    -- a point: the venues within the radius (venues_point_idx)
    select v.id, v.slug, v.name, v.city, v.state, v.country, v.timezone,
           public.distance_km(shows_near.latitude, shows_near.longitude, v.latitude, v.longitude)
    from public.venues v
    where shows_near.city is null
      and v.latitude between shows_near.latitude - lat_span and shows_near.latitude + lat_span
      and v.longitude between shows_near.longitude - lon_span and shows_near.longitude + lon_span
  ),
  matching as (
    select s.id, s.name, s.starts_at, s.local_date, s.date_tba, s.time_tba, s.voting_closes_at, s.status, s.ticket_url, n.km,
           jsonb_build_object('id', n.id, 'slug', n.slug, 'name', n.name, 'city', n.city, 'state', n.state,
                              'country', n.country, 'timezone', n.timezone) as venue,
           jsonb_build_object('id', a.id, 'name', a.name, 'slug', a.slug, 'image_url', a.image_url,
                              'synthetic', a.synthetic) as artist
    from nearby n
    cross join lateral (
      -- dated, in the window: a range of shows_venue_local_date_idx
      select sh.* from public.shows sh
      where sh.venue_id = n.id and sh.local_date >= first_day and (to_date is null or sh.local_date <= to_date)
        and sh.voting_closes_at > now()
      union all
      -- date TBA: upcoming, but in no window, so only when none is asked for
      select sh.* from public.shows sh
      where sh.venue_id = n.id and sh.local_date is null and sh.voting_closes_at is null
        and from_date is null and to_date is null
      -- a fence: without it the status filter below is pushed into both arms, which then match
      -- shows_listed_venue_idx's predicate, and the planner read each venue's window through that index
      -- (every venue's shows in the date range, filtered by venue: 3.4 s for a city at the full scale
      -- dataset) instead of a short range of shows_venue_local_date_idx
      offset 0
    ) s
    join public.artists a on a.id = s.artist_id
    where (n.km is null or n.km <= radius)
      and s.status not in ('cancelled', 'completed')
  )
  select jsonb_build_object(
    'total', (select count(*)::int from matching),
    'shows', coalesce((
      select jsonb_agg(to_jsonb(p) - 'km' || jsonb_build_object('distance_km', round(p.km::numeric, 1))
                       order by p.local_date nulls last, p.starts_at nulls last, p.id)
      from (select * from matching order by local_date nulls last, starts_at nulls last, id
            limit least(greatest(coalesce(page_size, 20), 1), 100) offset greatest(coalesce(page_offset, 0), 0)) p),
      '[]'))
  into result;
  return result;
end
$$;
comment on function public.shows_near(double precision, double precision, double precision, date, date, integer, integer, text, text) is
  'Upcoming shows (not cancelled, not show_has_started; local date from from_date through to_date when given, date TBA only when neither is) at the venues of a city (city and country, as upcoming_markets groups them), '
  'or else within radius_km (1..500, default 50) of the point, soonest first: {total, shows [show card + venue + artist + distance_km (null for a city)]} for page_size (1..100) from page_offset. '
  'Refuses P0001 invalid_point (no city and no valid point) and invalid_date_range.';
revoke execute on function public.shows_near(double precision, double precision, double precision, date, date, integer, integer, text, text) from public;
grant execute on function public.shows_near(double precision, double precision, double precision, date, date, integer, integer, text, text)
  to anon, authenticated, service_role;
