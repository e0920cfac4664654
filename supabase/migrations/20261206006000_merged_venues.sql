-- merged venues: one row per place, whichever provider named it first.
--
-- setlist.fm and Ticketmaster name the same hall independently, and until now
-- each provider's writer inserted a row of its own, so one place could have two
-- pages and its history split between them. Here:
--   * venue_match_key(name, city, country) is the one definition of "the same
--     place by name" (folded, punctuation and a leading "the" dropped), kept in
--     the generated column venues.match_key with an index;
--   * venues_may_be_one() adds the distance rule where both rows have a point;
--   * link_venue_twins() is what the writers call before their upsert: a venue
--     a provider has not seen takes the row the other provider already wrote;
--   * merge_venue_twins() folds pairs that already exist into one row, moving
--     every show, and this migration runs it once;
--   * city_timezone() fills a venue's time zone from another venue of the same
--     city (the writers also look zones up from coordinates, in TypeScript);
--   * venues.slug for the venue pages; distance_km() for "near you" as well.

-- ---------------------------------------------------------------------------
-- matching rules
-- ---------------------------------------------------------------------------

create function public.venue_name_key(input text) returns text
language sql immutable strict parallel safe
set search_path = ''
as $$
  select regexp_replace(
    btrim(regexp_replace(replace(public.fold_text(input), '&', ' and '), '[^a-z0-9]+', ' ', 'g')),
    '^the ', '')
$$;
comment on function public.venue_name_key(text) is
  'A venue or city name reduced for matching: fold_text, & -> and, every run outside a-z0-9 -> one space, trimmed, a leading "the " dropped. '
  'Example: "The Théâtre  Synthétique" -> "theatre synthetique".';

create function public.venue_match_key(name text, city text, country text) returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select coalesce(public.venue_name_key(name), '') || '|' || coalesce(public.venue_name_key(city), '') || '|'
    || coalesce(upper(btrim(country)), '')
$$;
comment on function public.venue_match_key(text, text, text) is
  'The one definition of "the same place by name": venue_name_key(name) | venue_name_key(city) | upper(country). '
  'Two venues are one place when their keys are equal and venues_may_be_one() holds for their points.';

create function public.distance_km(lat1 double precision, lon1 double precision, lat2 double precision,
  lon2 double precision) returns double precision
language sql immutable strict parallel safe
set search_path = ''
as $$
  select 2 * 6371.0088 * asin(least(1, sqrt(
    power(sin(radians(lat2 - lat1) / 2), 2)
    + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2))))
$$;
comment on function public.distance_km(double precision, double precision, double precision, double precision) is
  'Great-circle (haversine) distance in km between two points in degrees, on the mean Earth radius 6371.0088 km.';

create function public.venues_may_be_one(lat1 double precision, lon1 double precision, lat2 double precision,
  lon2 double precision) returns boolean
language sql immutable parallel safe
set search_path = ''
as $$
  select lat1 is null or lon1 is null or lat2 is null or lon2 is null
    or public.distance_km(lat1, lon1, lat2, lon2) <= 50
$$;
comment on function public.venues_may_be_one(double precision, double precision, double precision, double precision) is
  'Distance rule of venue matching: true when either side has no point, else when the points are at most 50 km apart. '
  'Generous on purpose: setlist.fm places a venue at its city''s coordinates, not the hall''s, so a twin can be a '
  'metropolitan area away; two halls of one name in one city and country but in different places are still told apart.';

revoke execute on function public.venue_name_key(text) from public;
revoke execute on function public.venue_match_key(text, text, text) from public;
revoke execute on function public.distance_km(double precision, double precision, double precision, double precision) from public;
revoke execute on function public.venues_may_be_one(double precision, double precision, double precision, double precision) from public;
grant execute on function public.venue_name_key(text) to anon, authenticated, service_role;
grant execute on function public.venue_match_key(text, text, text) to anon, authenticated, service_role;
grant execute on function public.distance_km(double precision, double precision, double precision, double precision)
  to anon, authenticated, service_role;
grant execute on function public.venues_may_be_one(double precision, double precision, double precision, double precision)
  to anon, authenticated, service_role;

alter table public.venues
  add column match_key text generated always as (public.venue_match_key(name, city, country)) stored;
comment on column public.venues.match_key is 'venue_match_key(name, city, country): how the writers find the other provider''s row of the same place.';
create index venues_match_key_idx on public.venues (match_key);
-- a venue's market: its city as venue_name_key reduces it, stored, because city_timezone matches venues by it
-- and upcoming_markets (near you) groups every venue with upcoming shows by it (5,000 venues at the full scale
-- dataset: computing the key per venue and call took 170 ms of the home page's markets; stored, nothing)
alter table public.venues add column city_key text generated always as (public.venue_name_key(city)) stored;
comment on column public.venues.city_key is
  'venue_name_key(city): the market the venue is in (with country), as city_timezone, upcoming_markets and shows_near match and group cities.';
create index venues_market_idx on public.venues (country, city_key);

-- ---------------------------------------------------------------------------
-- linking at write time
-- ---------------------------------------------------------------------------

create function public.link_venue_twins(provider text, incoming jsonb) returns integer
language plpgsql
set search_path = ''
as $$
declare
  linked integer;
begin
  if provider is null or provider not in ('ticketmaster', 'setlistfm') then
    perform public.refuse('unknown_provider', format('provider %s is not ticketmaster or setlistfm', provider));
  end if;
  with fresh as materialized (
    -- a provider id already on a row stays where it is. Filtered before any key is made: a page mostly names
    -- venues the table already has, and the match key costs a text fold per venue (most of this call's time)
    select i.*
    from jsonb_to_recordset(incoming) as i(
      provider_id text, name text, city text, country text, latitude double precision, longitude double precision)
    -- one probe of the provider's unique index per venue (lateral with a limit: an exists here was planned as a
    -- hash of the whole table; a case over both columns would be a plan with neither index)
    left join lateral (select o.id from public.venues o
                       where provider = 'ticketmaster' and o.ticketmaster_id = i.provider_id limit 1) tm on true
    left join lateral (select o.id from public.venues o
                       where provider = 'setlistfm' and o.setlistfm_id = i.provider_id limit 1) sf on true
    where i.provider_id is not null and tm.id is null and sf.id is null
  ),
  candidate as (
    select i.provider_id, v.id as venue_id,
           row_number() over (
             partition by i.provider_id
             order by public.distance_km(i.latitude, i.longitude, v.latitude, v.longitude) nulls last, v.created_at, v.id
           ) as rank_for_incoming
    from fresh i
    join public.venues v on v.match_key = public.venue_match_key(i.name, i.city, i.country)
    where case provider
            when 'ticketmaster' then v.ticketmaster_id is null and v.setlistfm_id is not null
            else v.setlistfm_id is null and v.ticketmaster_id is not null
          end
      and public.venues_may_be_one(i.latitude, i.longitude, v.latitude, v.longitude)
  ),
  -- one row per incoming venue, and one incoming venue per row
  picked as (
    select distinct on (venue_id) provider_id, venue_id
    from candidate where rank_for_incoming = 1
    order by venue_id, provider_id
  ),
  written as (
    update public.venues v
    set ticketmaster_id = case when provider = 'ticketmaster' then p.provider_id else v.ticketmaster_id end,
        setlistfm_id = case when provider = 'setlistfm' then p.provider_id else v.setlistfm_id end,
        updated_at = now()
    from picked p
    where v.id = p.venue_id
    returning 1
  )
  select count(*)::int into linked from written;
  return linked;
end
$$;
comment on function public.link_venue_twins(text, jsonb) is
  'Called by the sync writers before they upsert a page of venues: each incoming venue (jsonb array of {provider_id, name, city, country, latitude, longitude}) '
  'whose provider id is new takes the row the other provider wrote for the same place (equal match_key, venues_may_be_one, nearest first), '
  'so the upsert that follows updates that row instead of inserting a twin. Returns the rows linked. provider: ticketmaster or setlistfm, else P0001 unknown_provider.';
revoke execute on function public.link_venue_twins(text, jsonb) from public, anon, authenticated;
grant execute on function public.link_venue_twins(text, jsonb) to service_role;

-- ---------------------------------------------------------------------------
-- merging twins that already exist
-- ---------------------------------------------------------------------------

create function public.merge_venue_twins() returns integer
language plpgsql
set search_path = ''
as $$
declare
  pair record;
  merged integer := 0;
begin
  for pair in
    with candidate as (
      select t.id as keep_id, s.id as drop_id,
             row_number() over (
               partition by s.id
               order by public.distance_km(s.latitude, s.longitude, t.latitude, t.longitude) nulls last, t.created_at, t.id
             ) as rank_for_drop
      from public.venues t
      join public.venues s on s.match_key = t.match_key and s.id <> t.id
      where t.ticketmaster_id is not null and t.setlistfm_id is null
        and s.setlistfm_id is not null and s.ticketmaster_id is null
        and public.venues_may_be_one(s.latitude, s.longitude, t.latitude, t.longitude)
    )
    select distinct on (keep_id) keep_id, drop_id from candidate where rank_for_drop = 1 order by keep_id, drop_id
  loop
    -- every show moves first, so deleting the setlist.fm row loses nothing
    update public.shows set venue_id = pair.keep_id, updated_at = now() where venue_id = pair.drop_id;
    with dropped as (
      delete from public.venues where id = pair.drop_id
      returning setlistfm_id, state, latitude, longitude, timezone
    )
    update public.venues k
    set setlistfm_id = d.setlistfm_id,
        state = coalesce(k.state, d.state),
        latitude = coalesce(k.latitude, d.latitude),
        longitude = case when k.latitude is null then d.longitude else k.longitude end,
        timezone = coalesce(k.timezone, d.timezone),
        updated_at = now()
    from dropped d
    where k.id = pair.keep_id;
    merged := merged + 1;
  end loop;
  return merged;
end
$$;
comment on function public.merge_venue_twins() is
  'Folds each setlist.fm-only venue into the Ticketmaster-only venue of the same place (match_key, venues_may_be_one, nearest first): '
  'its shows move to the kept row, which takes its setlist.fm id and any detail it lacked; the setlist.fm row is deleted. Returns the pairs merged. '
  'Ticketmaster''s name, city and country stay (the kept row is the one Ticketmaster keeps updating).';
revoke execute on function public.merge_venue_twins() from public, anon, authenticated;
grant execute on function public.merge_venue_twins() to service_role;

-- ---------------------------------------------------------------------------
-- time zones and region names
-- ---------------------------------------------------------------------------

create function public.city_timezone(city text, country text) returns text
language sql stable parallel safe
set search_path = ''
as $$
  select v.timezone
  from public.venues v
  where v.country = upper(btrim(city_timezone.country))
    and v.city_key = public.venue_name_key(city_timezone.city)
    and v.timezone is not null
  group by v.timezone
  order by count(*) desc, v.timezone
  limit 1
$$;
comment on function public.city_timezone(text, text) is
  'The IANA time zone most venues of this city (venue_name_key) and country already have, or null. '
  'The writers'' last resort for a venue that came with no zone and no point.';
revoke execute on function public.city_timezone(text, text) from public;
grant execute on function public.city_timezone(text, text) to anon, authenticated, service_role;

select public.merge_venue_twins();

update public.venues v set timezone = public.city_timezone(v.city, v.country), updated_at = now()
where v.timezone is null and public.city_timezone(v.city, v.country) is not null;

-- setlist.fm's numeric region codes ("Tokyo, 13") mean nothing to a fan; the writer now stores region names and
-- the next sync of each venue brings them; until then no region is better than a number
update public.venues set state = null, updated_at = now() where state ~ '^[0-9]+$';

-- ---------------------------------------------------------------------------
-- slugs for the venue pages
-- ---------------------------------------------------------------------------

alter table public.venues add column slug text unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
comment on column public.venues.slug is '/venues/:slug: slugify(name), with the city added when the name does not say it, with a 6-character suffix from the id when taken. Filled on insert, never changed after.';

create function public.venues_fill_slug() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  -- "Synthetic Hall Chicago" in Chicago is already placed; "Synthetic Hall" in Chicago gets the city
  base text := coalesce(nullif(public.slugify(
    case when new.city is null or position(public.venue_name_key(new.city) in public.venue_name_key(new.name)) > 0
         then new.name else new.name || ' ' || new.city end), ''), 'venue');
  candidate text := base;
  attempt integer := 0;
begin
  if new.slug is not null then
    return new;
  end if;
  while exists (select 1 from public.venues v where v.slug = candidate and v.id <> new.id) loop
    attempt := attempt + 1;
    candidate := base || '-' || substr(md5(new.id::text || ':' || attempt), 1, 6);
  end loop;
  new.slug := candidate;
  return new;
end
$$;
comment on function public.venues_fill_slug() is 'Trigger: fills venues.slug from the name (slugify), plus the city when the name lacks it, when a write leaves it null; a taken slug gets a 6-character suffix from the id.';
revoke execute on function public.venues_fill_slug() from public, anon, authenticated, service_role;

create trigger venues_fill_slug before insert or update on public.venues
for each row when (new.slug is null) execute function public.venues_fill_slug();

-- existing rows one at a time (oldest first keeps the plain slug), each seeing the ones before
do $$
declare
  venue_id uuid;
begin
  for venue_id in select id from public.venues where slug is null order by created_at, id loop
    update public.venues set slug = null where id = venue_id;
  end loop;
end
$$;
alter table public.venues alter column slug set not null;
