// Writes one mapped page of Ticketmaster events in one transaction: four
// set-based statements (artists, venues, shows, billing), pipelined, each
// keyed by the provider's id and guarded so a row whose data did not change
// is not rewritten. A re-run of an unchanged page changes no row.
//
// A page's rows find their stored rows through `join lateral (select ... where
// key = i.key limit 1)`: the limit keeps the subquery from being flattened into
// a join, so each row is one probe of the provider id's unique index whatever
// the table's size. As plain joins the planner hashed the whole table for every
// page, a cost that grew with the catalog (the sync benchmark's 100,000 shows).

import type { Sql, Tx } from "../db.ts";
import type { MappedEvents } from "../mappers/ticketmaster.ts";
import { arrayLiteral, column, type CountRow, inTransaction, type WriteCounts } from "./common.ts";

export function upsertArtists(tx: Tx, artists: MappedEvents["artists"]) {
  return tx<CountRow[]>`
    with incoming as (
      select r.ticketmaster_id, r.name, r.spotify_id, r.mbid, r.image_url, r.genres::text[] as genres,
             r.synthetic
      from unnest(
        ${column(artists, "ticketmaster_id")}::text[], ${column(artists, "name")}::text[],
        ${column(artists, "spotify_id")}::text[], ${column(artists, "mbid")}::uuid[],
        ${column(artists, "image_url")}::text[],
        ${arrayLiteral(artists.map((a) => arrayLiteral(a.genres ?? [])))}::text[],
        ${column(artists, "synthetic")}::boolean[]
      ) as r(ticketmaster_id, name, spotify_id, mbid, image_url, genres, synthetic)
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
      select ticketmaster_id, name, final_slug, own_spotify_id, own_mbid, image_url, coalesce(genres, '{}'),
             synthetic
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
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from written`;
}

/** A venue Ticketmaster lists for the first time takes setlist.fm's row of the same place (link_venue_twins). */
export function linkVenueTwins(tx: Tx, venues: MappedEvents["venues"]) {
  const incoming = venues.map((v) => ({ provider_id: v.ticketmaster_id, ...v }));
  return tx<{ linked: number }[]>`select public.link_venue_twins('ticketmaster', ${
    tx.json(incoming as never)
  }::jsonb) as linked`;
}

/**
 * Ticketmaster's details win on its rows; a venue without a zone takes its city's (city_timezone).
 * A detail one event's embedded venue leaves out (a zone, an address) is never erased.
 */
export function upsertVenues(tx: Tx, venues: MappedEvents["venues"]) {
  return tx<CountRow[]>`
    with incoming as (
      select r.ticketmaster_id, r.name, r.city, r.state, r.country, r.latitude, r.longitude,
             coalesce(r.timezone, public.city_timezone(r.city, r.country)) as timezone, r.street_address, r.postal_code
      from unnest(
        ${column(venues, "ticketmaster_id")}::text[], ${column(venues, "name")}::text[],
        ${column(venues, "city")}::text[], ${column(venues, "state")}::text[], ${column(venues, "country")}::text[],
        ${column(venues, "latitude")}::double precision[], ${column(venues, "longitude")}::double precision[],
        ${column(venues, "timezone")}::text[], ${column(venues, "street_address")}::text[],
        ${column(venues, "postal_code")}::text[]
      ) as r(ticketmaster_id, name, city, state, country, latitude, longitude, timezone, street_address, postal_code)
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
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from written`;
}

export function upsertShows(tx: Tx, shows: MappedEvents["shows"]) {
  return tx<CountRow[]>`
    with incoming as (
      select * from unnest(
        ${column(shows, "ticketmaster_id")}::text[], ${column(shows, "name")}::text[],
        ${column(shows, "artist_ticketmaster_id")}::text[], ${column(shows, "venue_ticketmaster_id")}::text[],
        ${column(shows, "starts_at")}::timestamptz[], ${column(shows, "local_date")}::date[],
        ${column(shows, "date_tba")}::boolean[], ${column(shows, "time_tba")}::boolean[],
        ${column(shows, "status")}::public.show_status[], ${column(shows, "ticket_url")}::text[]
      ) as r(ticketmaster_id, name, artist_ticketmaster_id, venue_ticketmaster_id, starts_at, local_date, date_tba,
             time_tba, status, ticket_url)
    ),
    resolved as (
      select i.*, a.id as artist_id, v.id as venue_id
      from incoming i
      join lateral (select a.* from public.artists a where a.ticketmaster_id = i.artist_ticketmaster_id limit 1) a on true
      left join lateral (select v.* from public.venues v where v.ticketmaster_id = i.venue_ticketmaster_id limit 1) v on true
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
          when (s.artist_id, s.venue_id, s.name, s.starts_at, s.local_date, s.date_tba, s.time_tba, s.status, s.ticket_url)
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
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from written`;
}

export function replaceBilling(tx: Tx, shows: MappedEvents["shows"]) {
  const billing = shows.flatMap((s) =>
    s.billing.map((artist, position) => ({ show: s.ticketmaster_id, artist, position }))
  );
  return tx<{ inserted: number; updated: number; deleted: number }[]>`
    with incoming as (
      select * from unnest(${column(billing, "show")}::text[], ${column(billing, "artist")}::text[],
                           ${column(billing, "position")}::integer[]) as r(show, artist, position)
    ),
    resolved as (
      select s.id as show_id, a.id as artist_id, i.position
      from incoming i
      join lateral (select s.* from public.shows s where s.ticketmaster_id = i.show limit 1) s on true
      join lateral (select a.* from public.artists a where a.ticketmaster_id = i.artist limit 1) a on true
    ),
    removed as (
      -- the page's shows as an array: one probe of the primary key per show, where a join to the CTE was
      -- planned as a scan of the whole table
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
    select
      (select count(*) from written where inserted)::int as inserted,
      (select count(*) from written where not inserted)::int as updated,
      (select count(*) from removed)::int as deleted`;
}

/**
 * Writes one page of mapped events in one transaction and returns the rows
 * inserted/updated per table. Exported for the benchmark, which pushes pages
 * through it and compares with COPY.
 */
export async function writeEventsPage(
  sql: Sql,
  page: MappedEvents,
  options: { dryRun?: boolean } = {},
): Promise<WriteCounts> {
  if (page.shows.length === 0 && page.artists.length === 0 && page.venues.length === 0) return {};
  return await inTransaction(sql, options.dryRun ?? false, async (tx) => {
    // issued together: postgres.js pipelines them on the transaction's connection, the server runs them in order
    const [artists, twins, venues, shows, billing] = await Promise.all([
      upsertArtists(tx, page.artists),
      linkVenueTwins(tx, page.venues),
      upsertVenues(tx, page.venues),
      upsertShows(tx, page.shows),
      replaceBilling(tx, page.shows),
    ]);
    return {
      artists: artists[0],
      venues: { inserted: venues[0].inserted, updated: venues[0].updated + twins[0].linked },
      shows: shows[0],
      show_artists: billing[0],
    };
  });
}
