// Writes one page of an artist's setlist.fm setlists in one transaction:
// venues (by setlist.fm id), shows (a Ticketmaster show of the artist on that
// date is linked, otherwise a past show is created from setlist.fm), the
// actual setlists, songs the artist played that the catalog lacks, and the
// setlist songs, replaced only for setlists whose content changed. Returns the
// shows whose actual setlist is new or changed, for scoring. Titles arrive as
// setlist.fm wrote them; the page's distinct titles are parsed once, by
// public.parse_song_title, before the statements that key songs by them.

import type { Sql, Tx } from "../db.ts";
import type { SetlistRow } from "../mappers/setlistfm.ts";
import { type CountRow, inTransaction, SYNCED_AT_REFRESH, type WriteCounts } from "./common.ts";

export interface SetlistsPageResult {
  counts: WriteCounts;
  /** shows whose actual setlist was created or changed by this page */
  changedShowIds: string[];
}

function pageVenues(setlists: SetlistRow[]) {
  return [...new Map(setlists.filter((s) => s.venue).map((s) => [s.venue!.setlistfm_id, s.venue!])).values()];
}

/** A venue setlist.fm names for the first time takes Ticketmaster's row of the same place (link_venue_twins). */
function linkVenueTwins(tx: Tx, setlists: SetlistRow[]) {
  const incoming = pageVenues(setlists).map((v) => ({ provider_id: v.setlistfm_id, ...v }));
  return tx<{ linked: number }[]>`select public.link_venue_twins('setlistfm', ${
    tx.json(incoming as never)
  }::jsonb) as linked`;
}

/**
 * Upserts the page's venues by setlist.fm id. On a row Ticketmaster also keeps (ticketmaster_id set),
 * Ticketmaster's details stay and setlist.fm only fills what is missing, so the two providers never
 * rewrite each other's spelling back and forth. A zone, once known, stays; a venue without one takes
 * the zone of its city's other venues (city_timezone).
 */
function upsertVenues(tx: Tx, setlists: SetlistRow[]) {
  return tx<CountRow[]>`
    with incoming as (
      select r.setlistfm_id, r.name, r.city, r.state, r.country, r.latitude, r.longitude,
             coalesce(r.timezone, public.city_timezone(r.city, r.country)) as timezone
      from jsonb_to_recordset(${tx.json(pageVenues(setlists) as never)}::jsonb) as r(
        setlistfm_id text, name text, city text, state text, country text,
        latitude double precision, longitude double precision, timezone text)
    ),
    merged as (
      -- what the row should become: Ticketmaster's row keeps its own details, a setlist.fm-only row follows setlist.fm
      select i.setlistfm_id, v.id,
             case when v.ticketmaster_id is null then i.name else v.name end as name,
             case when v.ticketmaster_id is null then coalesce(i.city, v.city) else coalesce(v.city, i.city) end as city,
             case when v.ticketmaster_id is null then coalesce(i.state, v.state) else coalesce(v.state, i.state) end as state,
             case when v.ticketmaster_id is null then coalesce(i.country, v.country) else coalesce(v.country, i.country) end
               as country,
             case when v.ticketmaster_id is null then coalesce(i.latitude, v.latitude)
                  else coalesce(v.latitude, i.latitude) end as latitude,
             case when v.ticketmaster_id is null then coalesce(i.longitude, v.longitude)
                  else coalesce(v.longitude, i.longitude) end as longitude,
             coalesce(v.timezone, i.timezone) as timezone,
             (v.name, v.city, v.state, v.country, v.latitude, v.longitude, v.timezone) as present
      from incoming i
      left join public.venues v on v.setlistfm_id = i.setlistfm_id
    ),
    changed as (
      select * from merged m
      where m.id is null
         or m.present is distinct from (m.name, m.city, m.state, m.country, m.latitude, m.longitude, m.timezone)
    ),
    written as (
      insert into public.venues as v (setlistfm_id, name, city, state, country, latitude, longitude, timezone)
      select setlistfm_id, name, city, state, country, latitude, longitude, timezone from changed
      on conflict (setlistfm_id) do update set
        name = excluded.name,
        city = excluded.city,
        state = excluded.state,
        country = excluded.country,
        latitude = excluded.latitude,
        longitude = excluded.longitude,
        timezone = excluded.timezone,
        updated_at = now()
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from written`;
}

function showRows(setlists: SetlistRow[], artistName: string) {
  return setlists.map((s) => ({
    setlistfm_id: s.setlistfm_id,
    event_date: s.event_date,
    venue_setlistfm_id: s.venue?.setlistfm_id ?? null,
    tour_name: s.tour_name,
    name: s.tour_name ? `${artistName}: ${s.tour_name}` : s.venue ? `${artistName} at ${s.venue.name}` : artistName,
  }));
}

/** Links each setlist to the artist's Ticketmaster show on that date, when there is one and it has happened. */
function linkTicketmasterShows(tx: Tx, artistId: string, rows: ReturnType<typeof showRows>) {
  return tx<CountRow[]>`
    with incoming as (
      select * from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as r(
        setlistfm_id text, event_date date, tour_name text)
    ),
    candidates as (
      select distinct on (i.setlistfm_id) i.setlistfm_id, i.tour_name, s.id as show_id
      from incoming i
      join public.shows s on s.artist_id = ${artistId}::uuid and s.local_date = i.event_date
      where s.setlistfm_id is null
        and s.ticketmaster_id is not null
        and s.local_date <= (now() at time zone 'utc')::date
        and not exists (select 1 from public.shows o where o.setlistfm_id = i.setlistfm_id)
      order by i.setlistfm_id, s.starts_at nulls last, s.id
    ),
    written as (
      update public.shows s
      set setlistfm_id = c.setlistfm_id, tour_name = c.tour_name, status = 'completed', updated_at = now()
      from candidates c
      where s.id = c.show_id
      returning 1
    )
    select 0 as inserted, count(*)::int as updated from written`;
}

function upsertPastShows(tx: Tx, artistId: string, rows: ReturnType<typeof showRows>) {
  return tx<CountRow[]>`
    with incoming as (
      select * from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as r(
        setlistfm_id text, event_date date, venue_setlistfm_id text, name text, tour_name text)
    ),
    resolved as (
      select i.*, v.id as venue_id
      from incoming i
      left join public.venues v on v.setlistfm_id = i.venue_setlistfm_id
      left join public.shows s on s.setlistfm_id = i.setlistfm_id
      -- new shows, and setlist.fm-only shows whose details changed; a Ticketmaster show keeps its own
      where s.id is null
         or s.status <> 'completed'
         or s.tour_name is distinct from i.tour_name
         or (s.ticketmaster_id is null and (s.venue_id, s.name, s.local_date) is distinct from (v.id, i.name, i.event_date))
    ),
    written as (
      insert into public.shows as s (
        setlistfm_id, artist_id, venue_id, name, local_date, date_tba, time_tba, status, tour_name)
      select setlistfm_id, ${artistId}::uuid, venue_id, name, event_date, false, true, 'completed', tour_name
      from resolved
      -- a show Ticketmaster listed keeps Ticketmaster's name, venue and date
      on conflict (setlistfm_id) do update set
        venue_id = case when s.ticketmaster_id is null then excluded.venue_id else s.venue_id end,
        name = case when s.ticketmaster_id is null then excluded.name else s.name end,
        local_date = case when s.ticketmaster_id is null then excluded.local_date else s.local_date end,
        status = 'completed',
        -- setlist.fm's tour name, whichever provider listed the show
        tour_name = excluded.tour_name,
        updated_at = now()
      where (s.venue_id, s.name, s.local_date, s.status, s.tour_name) is distinct from (
        case when s.ticketmaster_id is null then excluded.venue_id else s.venue_id end,
        case when s.ticketmaster_id is null then excluded.name else s.name end,
        case when s.ticketmaster_id is null then excluded.local_date else s.local_date end,
        'completed'::public.show_status,
        excluded.tour_name)
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from written`;
}

function upsertActualSetlists(tx: Tx, setlists: SetlistRow[]) {
  const ids = setlists.map((s) => s.setlistfm_id);
  return tx<CountRow[]>`
    with written as (
      insert into public.setlists as sl (show_id, kind, setlistfm_id)
      select s.id, 'actual', s.setlistfm_id
      from public.shows s
      where s.setlistfm_id = any(${ids}::text[])
        and not exists (
          select 1 from public.setlists e where e.show_id = s.id and e.kind = 'actual' and e.setlistfm_id = s.setlistfm_id)
      on conflict (show_id, kind) do update set setlistfm_id = excluded.setlistfm_id, updated_at = now()
      where sl.setlistfm_id is distinct from excluded.setlistfm_id
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from written`;
}

/** A title split by public.parse_song_title: the song's name as written, and its key. */
interface ParsedTitle {
  display: string;
  normalized: string;
}

/**
 * public.parse_song_title of each distinct title of the page, in one statement: a page repeats the artist's
 * songs night after night, and the statements below key songs by it (one parse per title, not one per statement).
 */
async function parsePageTitles(tx: Tx, setlists: SetlistRow[]): Promise<Map<string, ParsedTitle>> {
  const titles = [...new Set(setlists.flatMap((s) => s.songs.map((song) => song.title)))];
  const rows = await tx<(ParsedTitle & { title: string })[]>`
    select t.title, p.display, p.normalized
    from unnest(${titles}::text[]) as t(title)
    cross join lateral public.parse_song_title(t.title) as p`;
  return new Map(rows.map((r) => [r.title, { display: r.display, normalized: r.normalized }]));
}

/** Songs the artist played that its catalog does not have yet: real songs, named as setlist.fm names them. */
function addPlayedSongs(tx: Tx, artistId: string, setlists: SetlistRow[], parsed: Map<string, ParsedTitle>) {
  const played = new Map<string, string>();
  for (const setlist of setlists) {
    for (const song of setlist.songs) {
      const { display, normalized } = parsed.get(song.title)!;
      if (song.is_tape || song.is_cover || normalized === "") continue;
      if (!played.has(normalized)) played.set(normalized, display);
    }
  }
  const rows = [...played].map(([normalized_title, title]) => ({ normalized_title, title }));
  return tx<CountRow[]>`
    with incoming as (
      select * from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as r(normalized_title text, title text)
    ),
    written as (
      insert into public.songs (artist_id, title, normalized_title)
      select ${artistId}::uuid, title, normalized_title from incoming
      on conflict (artist_id, normalized_title) do nothing
      returning 1
    )
    select count(*)::int as inserted, 0 as updated from written`;
}

/** The page's setlist songs, each with the key its title parses to (what the catalog's songs are matched on). */
function setlistSongRows(setlists: SetlistRow[], parsed: Map<string, ParsedTitle>) {
  return setlists.flatMap((s) =>
    s.songs.map((song) => ({
      setlistfm_id: s.setlistfm_id,
      ...song,
      normalized_title: parsed.get(song.title)!.normalized,
    }))
  );
}

/**
 * Empties the setlists whose songs differ from setlist.fm's (new setlists have
 * none yet) and returns their shows. Its own statement, before the insert:
 * (setlist_id, position) is unique, and one statement cannot both free and
 * reuse a position.
 */
function clearChangedSetlists(tx: Tx, artistId: string, songs: ReturnType<typeof setlistSongRows>) {
  return tx<{ deleted: number; changed_show_ids: string[] }[]>`
    with incoming as (
      select * from jsonb_to_recordset(${tx.json(songs as never)}::jsonb) as r(
        setlistfm_id text, position integer, set_number integer, is_encore boolean, title text,
        normalized_title text, is_tape boolean, is_cover boolean, cover_artist text, guest_artist text, info text)
    ),
    target as (
      select sl.id as setlist_id, sl.show_id, sl.setlistfm_id
      from public.setlists sl
      where sl.kind = 'actual' and sl.setlistfm_id in (select distinct setlistfm_id from incoming)
    ),
    resolved as (
      -- a tape is never the artist's song; a cover links only a recording already in the catalog
      select t.setlist_id, i.*, case when i.is_tape then null else so.id end as song_id
      from incoming i
      join target t using (setlistfm_id)
      left join public.songs so on so.artist_id = ${artistId}::uuid and so.normalized_title = i.normalized_title
    ),
    wanted as (
      select setlist_id,
             jsonb_agg(jsonb_build_array(position, set_number, is_encore, title, song_id, is_tape, is_cover,
                                         cover_artist, guest_artist, info) order by position) as content
      from resolved group by setlist_id
    ),
    present as (
      select ss.setlist_id,
             jsonb_agg(jsonb_build_array(ss.position, ss.set_number, ss.is_encore, ss.title, ss.song_id, ss.is_tape,
                                         ss.is_cover, ss.cover_artist, ss.guest_artist, ss.info) order by ss.position)
               as content
      from public.setlist_songs ss
      where ss.setlist_id in (select setlist_id from target)
      group by ss.setlist_id
    ),
    changed as (
      select w.setlist_id from wanted w left join present p using (setlist_id)
      where p.content is distinct from w.content
    ),
    removed as (
      delete from public.setlist_songs ss using changed c where ss.setlist_id = c.setlist_id returning 1
    )
    select
      (select count(*) from removed)::int as deleted,
      coalesce((select array_agg(distinct t.show_id::text) from target t join changed c using (setlist_id)), '{}')
        as changed_show_ids`;
}

/** Fills every actual setlist of the page that has no songs (new, or just cleared as changed). */
function fillEmptySetlists(tx: Tx, artistId: string, songs: ReturnType<typeof setlistSongRows>) {
  return tx<CountRow[]>`
    with incoming as (
      select * from jsonb_to_recordset(${tx.json(songs as never)}::jsonb) as r(
        setlistfm_id text, position integer, set_number integer, is_encore boolean, title text,
        normalized_title text, is_tape boolean, is_cover boolean, cover_artist text, guest_artist text, info text)
    ),
    empty as (
      select sl.id as setlist_id, sl.setlistfm_id
      from public.setlists sl
      where sl.kind = 'actual' and sl.setlistfm_id in (select distinct setlistfm_id from incoming)
        and not exists (select 1 from public.setlist_songs e where e.setlist_id = sl.id)
    ),
    written as (
      insert into public.setlist_songs (
        setlist_id, song_id, title, position, set_number, is_encore, is_tape, is_cover, cover_artist, guest_artist, info)
      select e.setlist_id, case when i.is_tape then null else so.id end, i.title, i.position, i.set_number,
             i.is_encore, i.is_tape, i.is_cover, i.cover_artist, i.guest_artist, i.info
      from incoming i
      join empty e using (setlistfm_id)
      left join public.songs so on so.artist_id = ${artistId}::uuid and so.normalized_title = i.normalized_title
      returning 1
    )
    select count(*)::int as inserted, 0 as updated from written`;
}

/** Records that the artist's setlists were synced (at most every SYNCED_AT_REFRESH, like the catalog's timestamp). */
export async function markSetlistsSynced(sql: Sql, artistId: string): Promise<number> {
  const [row] = await sql<CountRow[]>`
    with written as (
      update public.artists set setlists_synced_at = now()
      where id = ${artistId}::uuid and (setlists_synced_at is null or setlists_synced_at < now() - ${SYNCED_AT_REFRESH}::interval)
      returning 1
    )
    select 0 as inserted, count(*)::int as updated from written`;
  return row.updated;
}

export async function writeSetlistsPage(
  sql: Sql,
  artist: { id: string; name: string },
  setlists: SetlistRow[],
  options: { dryRun?: boolean } = {},
): Promise<SetlistsPageResult> {
  return await inTransaction(sql, options.dryRun ?? false, async (tx) => {
    const shows = showRows(setlists, artist.name);
    // issued together and pipelined; the server runs them in this order, each seeing the ones before. The song
    // statements wait for the page's parsed titles, which travel with the five statements before them
    const [parsed, twins, venues, linked, pastShows, actual] = await Promise.all([
      parsePageTitles(tx, setlists),
      linkVenueTwins(tx, setlists),
      upsertVenues(tx, setlists),
      linkTicketmasterShows(tx, artist.id, shows),
      upsertPastShows(tx, artist.id, shows),
      upsertActualSetlists(tx, setlists),
    ]);
    const songs = setlistSongRows(setlists, parsed);
    const [played, cleared, filled] = await Promise.all([
      addPlayedSongs(tx, artist.id, setlists, parsed),
      clearChangedSetlists(tx, artist.id, songs),
      fillEmptySetlists(tx, artist.id, songs),
    ]);
    return {
      counts: {
        venues: { inserted: venues[0].inserted, updated: venues[0].updated + twins[0].linked },
        shows: { inserted: pastShows[0].inserted, updated: pastShows[0].updated + linked[0].updated },
        setlists: actual[0],
        songs: played[0],
        setlist_songs: { inserted: filled[0].inserted, updated: 0, deleted: cleared[0].deleted },
      },
      changedShowIds: cleared[0].changed_show_ids,
    };
  });
}
