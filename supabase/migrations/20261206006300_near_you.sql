-- shows near you, the home page's markets, and the indexes for finding venues and cities by name.
--
--   upcoming_markets()         every city with upcoming shows, with the count of all of them (the home
--                              page read a capped list of shows and counted that: about 30 of 57), from
--                              a kept count while it is exact, else counted now
--   refresh_upcoming_markets() keeps the count (pg_cron refresh-upcoming-markets, every minute)
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
-- (venues.city_key, the market a venue is in, and venues_market_idx are the merged venues migration's)
-- folded (accents, case) so "montreal" finds "Montréal"; word similarity so a word finds a long name
create index venues_name_trgm_idx on public.venues using gin (public.fold_text(name) extensions.gin_trgm_ops);
create index venues_city_trgm_idx on public.venues using gin (public.fold_text(city) extensions.gin_trgm_ops);

-- Upcoming shows per market, counted now: the shows are counted per venue first (an index-only range of
-- shows_listed_venue_idx; 100,000 upcoming shows at the full scale dataset: 80 ms a call on a quiet machine),
-- so the market's key is read once per venue rather than once per show, then summed per city. The points are
-- kept as sums (each venue's point weighted by its shows) so that shows can be taken off a kept count.
create function public.count_upcoming_per_city()
returns table (country text, city_key text, city text, state text, shows bigint,
  latitude_sum double precision, latitude_shows bigint, longitude_sum double precision, longitude_shows bigint)
language plpgsql stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  -- plpgsql, so each connection plans this once and keeps the plan (a SQL function that is not inlined is
  -- planned on every call: at the full scale dataset, under load, planning took 75 ms beside 93 ms of running)
  return query
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
  select v.country, v.city_key, min(v.city), min(v.state), sum(pv.shows)::bigint,
    sum(v.latitude * pv.shows), (sum(pv.shows) filter (where v.latitude is not null))::bigint,
    sum(v.longitude * pv.shows), (sum(pv.shows) filter (where v.longitude is not null))::bigint
  from per_venue pv
  join public.venues v on v.id = pv.venue_id
  where v.city is not null
  group by v.country, v.city_key;
end
$$;
comment on function public.count_upcoming_per_city() is
  'Every market (country, venues.city_key) with upcoming shows (not cancelled, not show_has_started; date TBA too), counted now: its name and region (the least spelling among its venues with shows), how many shows, and the sums behind the mean of its venues'' points weighted by their shows. What refresh_upcoming_markets keeps and upcoming_markets falls back to.';
revoke execute on function public.count_upcoming_per_city() from public, anon, authenticated;
grant execute on function public.count_upcoming_per_city() to service_role;

-- The count, kept. Counting on every home page view is O(upcoming shows), and the count changes only when a
-- show or venue is written or a show's voting closes. So refresh_upcoming_markets() keeps it per market every
-- minute (upcoming_market_cities, as of upcoming_market_list.counted_at), and upcoming_markets() uses it
-- while no statement has written a show or venue in a way that could move a count since
-- (shows_listing_version(): a sequence the statement triggers below bump, so concurrent writers never wait
-- on each other), taking off the shows whose voting has closed since it was counted (a range of
-- shows_voting_closes_at_idx). That is exactly the count now; after a write it counts again until the next
-- refresh. Writers hold a shared advisory lock from their bump to their commit and the refresh takes it
-- exclusively (or skips a minute), so every bump the refresh reads belongs to a write its count sees.
create table public.upcoming_market_list (
  id boolean primary key default true check (id),
  counted_at timestamptz not null,
  listing_version bigint not null
);
comment on table public.upcoming_market_list is
  'When the kept per-market counts (upcoming_market_cities) were counted, and shows_listing_version() then. One row, written by refresh_upcoming_markets().';
create table public.upcoming_market_cities (
  country text not null,
  city_key text not null,
  city text not null,
  state text,
  shows bigint not null,
  latitude_sum double precision,
  latitude_shows bigint,
  longitude_sum double precision,
  longitude_shows bigint,
  primary key (country, city_key)
);
comment on table public.upcoming_market_cities is
  'count_upcoming_per_city() as of upcoming_market_list.counted_at: what upcoming_markets() reads while no show or venue has been written since.';
alter table public.upcoming_market_list enable row level security;
alter table public.upcoming_market_cities enable row level security;
revoke all on public.upcoming_market_list, public.upcoming_market_cities from public, anon, authenticated, service_role;
grant select on public.upcoming_market_list, public.upcoming_market_cities to service_role;

create sequence public.shows_listing_changes;
comment on sequence public.shows_listing_changes is
  'Bumped by every shows or venues statement that writes a row that could move upcoming_markets() (note_listing_change); read through shows_listing_version().';
revoke all on sequence public.shows_listing_changes from public, anon, authenticated, service_role;

create function public.shows_listing_version()
returns bigint
language sql stable security definer
set search_path = ''
as $$
  -- a sequence nobody has bumped says last_value 1 too: is_called tells the two apart
  select case when c.is_called then c.last_value else c.last_value - 1 end from public.shows_listing_changes c
$$;
comment on function public.shows_listing_version() is
  'How many shows or venues statements have written rows that could move upcoming_markets() (0 before the first).';
revoke execute on function public.shows_listing_version() from public, anon, authenticated;
grant execute on function public.shows_listing_version() to service_role;

create function public.note_listing_change()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  moved boolean;
begin
  -- (each branch's query is planned only when it runs: the transition tables' names differ per trigger)
  if tg_op in ('INSERT', 'DELETE') then
    -- a show added or removed; a venue is only inserted before its shows, and deleting one writes its shows
    moved := exists (select 1 from changed_rows);
  elsif tg_table_name = 'shows' then
    -- only what the count reads: a sync's refresh of names, prices or last_seen_at leaves the list exact
    moved := exists (select 1 from old_rows o join new_rows n on n.id = o.id
                     where (o.status, o.venue_id, o.local_date, o.voting_closes_at)
                           is distinct from (n.status, n.venue_id, n.local_date, n.voting_closes_at));
  else
    -- a venue's city or point moves its shows' market
    moved := exists (select 1 from old_rows o join new_rows n on n.id = o.id
                     where (o.city, o.state, o.country, o.latitude, o.longitude)
                           is distinct from (n.city, n.state, n.country, n.latitude, n.longitude));
  end if;
  if moved then
    perform pg_advisory_xact_lock_shared('public.upcoming_market_list'::regclass::oid::bigint);
    perform nextval('public.shows_listing_changes');
  end if;
  return null;
end
$$;
comment on function public.note_listing_change() is
  'Statement trigger on shows (insert, delete; updates of status, venue_id, local_date, voting_closes_at) and venues (updates of city, state, country, point): bumps shows_listing_version() under a shared advisory lock held to commit, so refresh_upcoming_markets() counts only once the write is visible.';
revoke execute on function public.note_listing_change() from public, anon, authenticated, service_role;

create trigger shows_listing_inserted after insert on public.shows
  referencing new table as changed_rows for each statement execute function public.note_listing_change();
create trigger shows_listing_deleted after delete on public.shows
  referencing old table as changed_rows for each statement execute function public.note_listing_change();
create trigger shows_listing_updated after update on public.shows
  referencing old table as old_rows new table as new_rows for each statement execute function public.note_listing_change();
create trigger venues_listing_updated after update on public.venues
  referencing old table as old_rows new table as new_rows for each statement execute function public.note_listing_change();

create function public.refresh_upcoming_markets()
returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  seen bigint;
begin
  -- exclusive against the writers' shared lock: every bump read below belongs to a committed write, which
  -- the count (a later statement, so a later snapshot) sees. A writer mid-transaction: skip this minute.
  if not pg_try_advisory_xact_lock('public.upcoming_market_list'::regclass::oid::bigint) then
    return false;
  end if;
  seen := public.shows_listing_version();
  -- nothing written since the last count: it is still exact (upcoming_markets takes off what closed since), so
  -- not counted again every minute; once an hour it is, so that what closed since stays a short range
  if exists (select 1 from public.upcoming_market_list l
             where l.listing_version = seen and l.counted_at > now() - interval '1 hour') then
    return true;
  end if;
  delete from public.upcoming_market_cities;
  insert into public.upcoming_market_cities select * from public.count_upcoming_per_city();
  insert into public.upcoming_market_list as l (id, counted_at, listing_version) values (true, now(), seen)
  on conflict (id) do update set counted_at = excluded.counted_at, listing_version = excluded.listing_version;
  return true;
end
$$;
comment on function public.refresh_upcoming_markets() is
  'Keeps count_upcoming_per_city() in upcoming_market_cities, as of now and shows_listing_version() (not again while that version is unchanged, for up to an hour); false when a shows or venues writer is mid-transaction (the kept count is left, and upcoming_markets() counts until the next refresh). pg_cron job refresh-upcoming-markets, every minute.';
revoke execute on function public.refresh_upcoming_markets() from public, anon, authenticated;
grant execute on function public.refresh_upcoming_markets() to service_role;

create function public.upcoming_markets()
returns table (city text, state text, country text, latitude double precision, longitude double precision, shows integer)
language plpgsql stable security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  kept public.upcoming_market_list;
  use_kept boolean;
begin
  select * into kept from public.upcoming_market_list;
  use_kept := found and kept.listing_version = public.shows_listing_version();
  return query
  with per_city as (
    -- the kept count, less the shows whose voting has closed since it was counted
    select k.city, k.state, k.country, k.shows - coalesce(closed.shows, 0) as shows,
      k.latitude_sum - coalesce(closed.latitude_sum, 0) as latitude_sum,
      k.latitude_shows - coalesce(closed.latitude_shows, 0) as latitude_shows,
      k.longitude_sum - coalesce(closed.longitude_sum, 0) as longitude_sum,
      k.longitude_shows - coalesce(closed.longitude_shows, 0) as longitude_shows
    from public.upcoming_market_cities k
    left join (
      select v.country, v.city_key, count(*) as shows,
        sum(v.latitude) as latitude_sum, count(v.latitude) as latitude_shows,
        sum(v.longitude) as longitude_sum, count(v.longitude) as longitude_shows
      from public.shows s
      join public.venues v on v.id = s.venue_id
      where s.voting_closes_at > kept.counted_at and s.voting_closes_at <= now()
        and s.status not in ('cancelled', 'completed')
      group by v.country, v.city_key
    ) closed on closed.country = k.country and closed.city_key = k.city_key
    where use_kept
    union all
    -- or, after a write, counted now (the branch not taken is not run)
    select c.city, c.state, c.country, c.shows, c.latitude_sum, c.latitude_shows, c.longitude_sum, c.longitude_shows
    from public.count_upcoming_per_city() c
    where not use_kept
  )
  -- a market's point: the mean of its venues' points, each weighted by its shows
  select pc.city, pc.state, pc.country, pc.latitude_sum / nullif(pc.latitude_shows, 0),
    pc.longitude_sum / nullif(pc.longitude_shows, 0), pc.shows::int
  from per_city pc
  where pc.shows > 0
  order by pc.shows desc, pc.city;
end
$$;
comment on function public.upcoming_markets() is
  'Every city (the venues'' city_key, venue_name_key of the city, per country) with upcoming shows (not cancelled, not show_has_started; date TBA too): name, region, country, the mean of its venues'' points, and how many shows. Most shows first. '
  'From the count refresh_upcoming_markets() keeps, less the shows closed since, while no show or venue was written since; else counted now (count_upcoming_per_city): the same rows either way (a market''s name is the spelling of its venues with shows at the last count).';
revoke execute on function public.upcoming_markets() from public;
grant execute on function public.upcoming_markets() to anon, authenticated, service_role;

select cron.schedule('refresh-upcoming-markets', '* * * * *', $$select public.refresh_upcoming_markets()$$);

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
