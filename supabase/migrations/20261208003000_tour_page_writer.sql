-- tour page writer: one page of mapped Ticketmaster events (the tour sync's
-- mapEvents) written by one call, write_tour_page(page), in the caller's
-- transaction: artists, twin venues linked, venues, shows, billing, each
-- keyed by the provider's id and guarded so a row whose data did not change is
-- not rewritten (a re-run of an unchanged page changes no row).
--
-- Why in the database: the tour writer sent these as five statements per page
-- (plus begin, a setting and commit), each parsed and planned again because the
-- functions' pool cannot keep prepared statements (Supavisor's transaction
-- mode). As plpgsql they are planned once per connection, and a page is one
-- round trip. Every stored row is found by `join lateral (select ... where
-- key = i.key limit 1)`: the limit keeps the subquery from being flattened into
-- a join, so each page row is one probe of a unique index whatever the table's
-- size. As plain joins the planner hashed whole tables for every page, a cost
-- that grew with the catalog. The page arrives as jsonb; the estimate of
-- jsonb_to_recordset (100 rows) cannot change those probes.
--
-- The page: {artists: [{ticketmaster_id, name, spotify_id, mbid, image_url, genres, synthetic}],
--            venues: [{ticketmaster_id, name, city, state, country, latitude, longitude, timezone,
--                      street_address, postal_code}],
--            shows: [{ticketmaster_id, name, artist_ticketmaster_id, venue_ticketmaster_id, starts_at,
--                     local_date, date_tba, time_tba, status, ticket_url, billing: [ticketmaster ids]}]}

create function public.write_tour_artists(page_artists jsonb) returns jsonb
language plpgsql
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  counts jsonb;
begin
  with incoming as (
    select r.ticketmaster_id, r.name, r.spotify_id, r.mbid, r.image_url,
           array(select jsonb_array_elements_text(coalesce(r.genres, '[]'))) as genres, r.synthetic
    from jsonb_to_recordset(page_artists) as r(
      ticketmaster_id text, name text, spotify_id text, mbid uuid, image_url text, genres jsonb, synthetic boolean)
  ),
  changed as (
    -- only rows that are new or differ reach the insert: an unchanged row is not even locked
    select i.* from incoming i
    left join lateral (select a.* from public.artists a where a.ticketmaster_id = i.ticketmaster_id limit 1) a on true
    where a.id is null
       or (a.name, a.image_url, a.genres, a.synthetic) is distinct from (
            i.name, coalesce(i.image_url, a.image_url),
            case when cardinality(i.genres) > 0 then i.genres else a.genres end, i.synthetic)
       or (i.spotify_id is not null and a.spotify_id is distinct from i.spotify_id)
       or (i.mbid is not null and a.mbid is distinct from i.mbid)
  ),
  checked as (
    select
      i.*,
      -- the name's slug; a name with nothing ASCII in it takes the provider id
      coalesce(nullif(public.slugify(i.name), ''),
               'artist-' || lower(regexp_replace(i.ticketmaster_id, '[^A-Za-z0-9]+', '', 'g'))) as base_slug,
      -- a Spotify id or MBID another artist already holds stays with that artist
      case when exists (select 1 from public.artists o where o.spotify_id = i.spotify_id
                                                       and o.ticketmaster_id is distinct from i.ticketmaster_id)
             or count(*) over (partition by i.spotify_id) > 1
           then null else i.spotify_id end as own_spotify_id,
      case when exists (select 1 from public.artists o where o.mbid = i.mbid
                                                       and o.ticketmaster_id is distinct from i.ticketmaster_id)
             or count(*) over (partition by i.mbid) > 1
           then null else i.mbid end as own_mbid
    from changed i
  ),
  slugged as (
    select
      c.*,
      -- a name another artist already has gets the provider id appended, so slugs stay unique and stable
      case when exists (select 1 from public.artists o where o.slug = c.base_slug
                                                       and o.ticketmaster_id is distinct from c.ticketmaster_id)
             or row_number() over (partition by c.base_slug order by c.ticketmaster_id) > 1
           then c.base_slug || '-' || lower(regexp_replace(c.ticketmaster_id, '[^A-Za-z0-9]+', '', 'g'))
           else c.base_slug end as final_slug
    from checked c
  ),
  written as (
    insert into public.artists as a (ticketmaster_id, name, slug, spotify_id, mbid, image_url, genres, synthetic)
    select ticketmaster_id, name, final_slug, own_spotify_id, own_mbid, image_url, coalesce(genres, '{}'), synthetic
    from slugged
    on conflict (ticketmaster_id) do update set
      name = excluded.name,
      spotify_id = coalesce(excluded.spotify_id, a.spotify_id),
      mbid = coalesce(excluded.mbid, a.mbid),
      image_url = coalesce(excluded.image_url, a.image_url),
      genres = case when cardinality(excluded.genres) > 0 then excluded.genres else a.genres end,
      -- the flag follows the attraction: what Ticketmaster says on the latest write
      synthetic = excluded.synthetic,
      updated_at = now()
    where (a.name, a.spotify_id, a.mbid, a.image_url, a.genres, a.synthetic) is distinct from (
      excluded.name,
      coalesce(excluded.spotify_id, a.spotify_id),
      coalesce(excluded.mbid, a.mbid),
      coalesce(excluded.image_url, a.image_url),
      case when cardinality(excluded.genres) > 0 then excluded.genres else a.genres end,
      excluded.synthetic)
    returning (xmax = 0) as inserted
  )
  select jsonb_build_object('inserted', count(*) filter (where inserted), 'updated', count(*) filter (where not inserted))
  into counts from written;
  return counts;
end
$$;
comment on function public.write_tour_artists(jsonb) is
  'write_tour_page''s artists: upserts by ticketmaster_id, a new row''s slug from slugify(name) (the provider id appended when another artist has it), a Spotify id or MBID another artist holds left off, an unchanged row not touched. Returns {inserted, updated}.';

-- Ticketmaster's details win on its rows; a venue without a zone takes its city's (city_timezone).
-- A detail one event's embedded venue leaves out (a zone, an address) is never erased.
create function public.write_tour_venues(page_venues jsonb) returns jsonb
language plpgsql
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  counts jsonb;
begin
  with incoming as (
    select r.ticketmaster_id, r.name, r.city, r.state, r.country, r.latitude, r.longitude,
           coalesce(r.timezone, public.city_timezone(r.city, r.country)) as timezone, r.street_address, r.postal_code
    from jsonb_to_recordset(page_venues) as r(
      ticketmaster_id text, name text, city text, state text, country text, latitude double precision,
      longitude double precision, timezone text, street_address text, postal_code text)
  ),
  changed as (
    select i.* from incoming i
    left join lateral (select v.* from public.venues v where v.ticketmaster_id = i.ticketmaster_id limit 1) v on true
    where v.id is null
       or (v.name, v.city, v.state, v.country, v.latitude, v.longitude, v.timezone, v.street_address, v.postal_code)
          is distinct from
          (i.name, coalesce(i.city, v.city), coalesce(i.state, v.state), coalesce(i.country, v.country),
           coalesce(i.latitude, v.latitude), coalesce(i.longitude, v.longitude), coalesce(i.timezone, v.timezone),
           coalesce(i.street_address, v.street_address), coalesce(i.postal_code, v.postal_code))
  ),
  written as (
    insert into public.venues as v (
      ticketmaster_id, name, city, state, country, latitude, longitude, timezone, street_address, postal_code)
    select ticketmaster_id, name, city, state, country, latitude, longitude, timezone, street_address, postal_code
    from changed
    on conflict (ticketmaster_id) do update set
      name = excluded.name,
      city = coalesce(excluded.city, v.city),
      state = coalesce(excluded.state, v.state),
      country = coalesce(excluded.country, v.country),
      latitude = coalesce(excluded.latitude, v.latitude),
      longitude = coalesce(excluded.longitude, v.longitude),
      timezone = coalesce(excluded.timezone, v.timezone),
      street_address = coalesce(excluded.street_address, v.street_address),
      postal_code = coalesce(excluded.postal_code, v.postal_code),
      updated_at = now()
    where (v.name, v.city, v.state, v.country, v.latitude, v.longitude, v.timezone, v.street_address, v.postal_code)
          is distinct from
          (excluded.name, coalesce(excluded.city, v.city), coalesce(excluded.state, v.state),
           coalesce(excluded.country, v.country), coalesce(excluded.latitude, v.latitude),
           coalesce(excluded.longitude, v.longitude), coalesce(excluded.timezone, v.timezone),
           coalesce(excluded.street_address, v.street_address), coalesce(excluded.postal_code, v.postal_code))
    returning (xmax = 0) as inserted
  )
  select jsonb_build_object('inserted', count(*) filter (where inserted), 'updated', count(*) filter (where not inserted))
  into counts from written;
  return counts;
end
$$;
comment on function public.write_tour_venues(jsonb) is
  'write_tour_page''s venues: upserts by ticketmaster_id; Ticketmaster''s details win, a detail the page leaves out is kept, a venue without a zone takes city_timezone, an unchanged row is not touched. Returns {inserted, updated}.';

create function public.write_tour_shows(page_shows jsonb) returns jsonb
language plpgsql
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  counts jsonb;
begin
  with incoming as (
    select * from jsonb_to_recordset(page_shows) as r(
      ticketmaster_id text, name text, artist_ticketmaster_id text, venue_ticketmaster_id text,
      starts_at timestamptz, local_date date, date_tba boolean, time_tba boolean, status public.show_status,
      ticket_url text)
  ),
  resolved as (
    select i.*, a.id as artist_id, v.id as venue_id
    from incoming i
    join lateral (select a.id from public.artists a where a.ticketmaster_id = i.artist_ticketmaster_id limit 1) a
      on true
    left join lateral (select v.id from public.venues v where v.ticketmaster_id = i.venue_ticketmaster_id limit 1) v
      on true
    left join lateral (select s.* from public.shows s where s.ticketmaster_id = i.ticketmaster_id limit 1) s on true
    -- only new or changed shows, and ones whose last_seen_at is due (the database's
    -- show_last_seen_refresh(), which sync_health reads too), reach the insert
    where s.id is null
       or (s.artist_id, s.venue_id, s.name, s.starts_at, s.local_date, s.date_tba, s.time_tba, s.ticket_url)
          is distinct from (a.id, v.id, i.name, i.starts_at, i.local_date, i.date_tba, i.time_tba, i.ticket_url)
       or (s.status <> 'completed' and s.status is distinct from i.status)
       or s.last_seen_at is null
       or s.last_seen_at < now() - public.show_last_seen_refresh()
  ),
  written as (
    insert into public.shows as s (
      ticketmaster_id, artist_id, venue_id, name, starts_at, local_date, date_tba, time_tba, status, ticket_url,
      last_seen_at)
    select ticketmaster_id, artist_id, venue_id, name, starts_at, local_date, date_tba, time_tba, status, ticket_url,
           now()
    from resolved
    on conflict (ticketmaster_id) do update set
      artist_id = excluded.artist_id,
      venue_id = excluded.venue_id,
      name = excluded.name,
      starts_at = excluded.starts_at,
      local_date = excluded.local_date,
      date_tba = excluded.date_tba,
      time_tba = excluded.time_tba,
      -- once setlist.fm has the actual setlist the show stays completed
      status = case when s.status = 'completed' then s.status else excluded.status end,
      ticket_url = excluded.ticket_url,
      last_seen_at = excluded.last_seen_at,
      updated_at = case
        when (s.artist_id, s.venue_id, s.name, s.starts_at, s.local_date, s.date_tba, s.time_tba, s.status,
              s.ticket_url)
             is distinct from
             (excluded.artist_id, excluded.venue_id, excluded.name, excluded.starts_at, excluded.local_date,
              excluded.date_tba, excluded.time_tba,
              case when s.status = 'completed' then s.status else excluded.status end, excluded.ticket_url)
        then now() else s.updated_at end
    where (s.artist_id, s.venue_id, s.name, s.starts_at, s.local_date, s.date_tba, s.time_tba, s.status, s.ticket_url)
          is distinct from
          (excluded.artist_id, excluded.venue_id, excluded.name, excluded.starts_at, excluded.local_date,
           excluded.date_tba, excluded.time_tba,
           case when s.status = 'completed' then s.status else excluded.status end, excluded.ticket_url)
       or s.last_seen_at is null
       or s.last_seen_at < now() - public.show_last_seen_refresh()
    returning (xmax = 0) as inserted
  )
  select jsonb_build_object('inserted', count(*) filter (where inserted), 'updated', count(*) filter (where not inserted))
  into counts from written;
  return counts;
end
$$;
comment on function public.write_tour_shows(jsonb) is
  'write_tour_page''s shows: upserts by ticketmaster_id with artist and venue resolved by their provider ids; a completed show stays completed; a row is rewritten only when it changed or its last_seen_at is older than show_last_seen_refresh(). Returns {inserted, updated}.';

create function public.write_tour_billing(page_shows jsonb) returns jsonb
language plpgsql
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  counts jsonb;
begin
  with incoming as (
    select r.ticketmaster_id as show, b.artist, (b.ordinality - 1)::integer as position
    from jsonb_to_recordset(page_shows) as r(ticketmaster_id text, billing jsonb)
    cross join lateral jsonb_array_elements_text(r.billing) with ordinality as b(artist, ordinality)
  ),
  resolved as (
    select s.id as show_id, a.id as artist_id, i.position
    from incoming i
    join lateral (select s.id from public.shows s where s.ticketmaster_id = i.show limit 1) s on true
    join lateral (select a.id from public.artists a where a.ticketmaster_id = i.artist limit 1) a on true
  ),
  removed as (
    -- the page's shows as an array: one probe of the primary key per show
    delete from public.show_artists sa
    where sa.show_id = any (array(select distinct show_id from resolved))
      and not exists (select 1 from resolved r where r.show_id = sa.show_id and r.artist_id = sa.artist_id)
    returning 1
  ),
  written as (
    insert into public.show_artists as sa (show_id, artist_id, billing_position)
    select r.show_id, r.artist_id, r.position from resolved r
    left join lateral (
      select e.billing_position from public.show_artists e
      where e.show_id = r.show_id and e.artist_id = r.artist_id limit 1) e on true
    where e.billing_position is distinct from r.position
    on conflict (show_id, artist_id) do update set billing_position = excluded.billing_position
    where sa.billing_position is distinct from excluded.billing_position
    returning (xmax = 0) as inserted
  )
  select jsonb_build_object(
    'inserted', (select count(*) from written where inserted),
    'updated', (select count(*) from written where not inserted),
    'deleted', (select count(*) from removed))
  into counts;
  return counts;
end
$$;
comment on function public.write_tour_billing(jsonb) is
  'write_tour_page''s billing: each show''s show_artists become its billing in Ticketmaster''s order (billing_position 0 is the headliner); acts no longer billed are removed, an unchanged row is not touched. Returns {inserted, updated, deleted}.';

create function public.write_tour_page(page jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  artists jsonb;
  linked integer;
  venues jsonb;
  shows jsonb;
  billing jsonb;
begin
  -- a page lost to a crash before the WAL reaches disk is written again by the next run (every write is an
  -- idempotent upsert), so the commit need not wait for the flush. Local: it ends with the caller's transaction
  set local synchronous_commit to off;
  artists := public.write_tour_artists(coalesce(page -> 'artists', '[]'));
  -- a venue Ticketmaster lists for the first time takes setlist.fm's row of the same place
  linked := public.link_venue_twins('ticketmaster', (
    select coalesce(jsonb_agg(v || jsonb_build_object('provider_id', v -> 'ticketmaster_id')), '[]')
    from jsonb_array_elements(coalesce(page -> 'venues', '[]')) as v));
  venues := public.write_tour_venues(coalesce(page -> 'venues', '[]'));
  shows := public.write_tour_shows(coalesce(page -> 'shows', '[]'));
  billing := public.write_tour_billing(coalesce(page -> 'shows', '[]'));
  return jsonb_build_object(
    'artists', artists,
    'venues', jsonb_build_object('inserted', (venues ->> 'inserted')::integer,
                                 'updated', (venues ->> 'updated')::integer + linked),
    'shows', shows,
    'show_artists', billing);
end
$$;
comment on function public.write_tour_page(jsonb) is
  'The tour sync''s writer: one page of mapped Ticketmaster events ({artists, venues, shows}; see the migration''s header) written in the caller''s transaction: artists, link_venue_twins, venues, shows, billing. '
  'Returns the rows written per table: {artists, venues (twins linked count as updated), shows: {inserted, updated}, show_artists: {inserted, updated, deleted}}. A re-run of an unchanged page changes no row.';

revoke execute on function public.write_tour_artists(jsonb) from public, anon, authenticated;
revoke execute on function public.write_tour_venues(jsonb) from public, anon, authenticated;
revoke execute on function public.write_tour_shows(jsonb) from public, anon, authenticated;
revoke execute on function public.write_tour_billing(jsonb) from public, anon, authenticated;
revoke execute on function public.write_tour_page(jsonb) from public, anon, authenticated;
grant execute on function public.write_tour_artists(jsonb) to service_role;
grant execute on function public.write_tour_venues(jsonb) to service_role;
grant execute on function public.write_tour_shows(jsonb) to service_role;
grant execute on function public.write_tour_billing(jsonb) to service_role;
grant execute on function public.write_tour_page(jsonb) to service_role;
