-- venue song plays: how many actual setlists at each venue hold each song, kept exact by triggers, so
-- venue_page's "most played here" reads ten-odd rows of an index instead of counting every past show's
-- setlist at the venue (at a real catalog's size ~80 past shows a venue, ~3,000 buffers a call).
--
-- plays is exactly what venue_page counted before: distinct actual setlists (setlists.kind = 'actual') of
-- shows at the venue with a setlist_songs row of the song that is not a tape (song_id not null). Kept in the
-- writing transaction by triggers:
--   * setlist_songs insert / delete (the setlist writer's path): statement triggers with transition tables
--     add or take off a play per actual setlist that gained or lost the song (an exact delta: a recount
--     would read every play of each song, and doubled the writer's time on a page);
--   the rarer writes below recount the (venue, song) pairs they touched from the source rows:
--   * setlist_songs update of song_id, is_tape or setlist_id; setlists update of kind or show_id; shows
--     update of venue_id (venue merges, a setlist.fm show re-placed): row triggers whose WHEN clause
--     compares those columns, so the vote counters' updates (cast_vote, account deletion) never call a
--     function: UPDATE OF skips them (the columns are not set) and the WHEN clause would too;
--   * setlists delete / shows delete: their setlist songs are gone (cascade) before anything can map them
--     to a venue, so the venues of the deleted rows are recounted whole (rare: admin and test deletes);
--   * a venue or song deleted: its rows go by on delete cascade.
-- A setlist is always inserted before its songs (the foreign key), so inserting one changes no count.
-- Not covered: one statement that both inserts rows of a song into a setlist and updates or deletes other rows of
-- that song in the same setlist (an insert ... on conflict do update moving a song, a data-modifying CTE) would
-- count the inserted rows in the row trigger's recount and again in the insert's delta. No writer does that.
--
-- venue_page, whose top_songs reads the table, is defined at the end (moved from 20261206006100_browse_pages.sql:
-- a SQL function's body must name tables that exist when it is created).

create table public.venue_song_plays (
  -- the song first: the key serves the songs foreign key's cascade too; venue_song_plays_top_idx leads with
  -- the venue and serves the venue's (a third index only for the key's column order would only cost writes)
  song_id uuid not null references public.songs (id) on delete cascade,
  venue_id uuid not null references public.venues (id) on delete cascade,
  -- 0 only inside a delete's trigger, between taking a play off and deleting the pair
  plays integer not null check (plays >= 0),
  primary key (song_id, venue_id)
);
comment on table public.venue_song_plays is
  'Kept exact by triggers on setlist_songs, setlists and shows: for each venue and song, the number of distinct actual setlists of shows at the venue '
  'holding the song (not as a tape). A pair with no play has no row. Read by venue_page''s top_songs; nothing but the triggers writes it.';
comment on column public.venue_song_plays.plays is
  'Distinct actual setlists (setlists.kind = ''actual'') of shows at venue_id with a non-tape setlist_songs row of song_id.';
-- a venue's songs by plays: venue_page's ten, and the venue's rows for a recount or its cascade
create index venue_song_plays_top_idx on public.venue_song_plays (venue_id, plays desc, song_id);

-- derived from tables anon reads (shows, setlists, setlist_songs): readable the same; written only by the
-- triggers (security definer), so the service role reads it too and writes nothing
select public.protect_rows('public.venue_song_plays', 'anon, authenticated', 'select');
-- protect_rows revokes from public, anon and authenticated only; the schema's default privileges gave the service
-- role everything on a new table, so take the writes back here
revoke insert, update, delete, truncate, references, trigger on public.venue_song_plays from service_role;
create policy "venue song plays are readable by anon" on public.venue_song_plays for select to anon using (true);
create policy "venue song plays are readable by authenticated" on public.venue_song_plays for select
  to authenticated using (true);

-- ---------------------------------------------------------------------------
-- the count, in two shapes of one rule
-- ---------------------------------------------------------------------------

-- whole venues (null: every venue): the recount after deletes, and a bulk load's fill
create function public.count_venue_song_plays(venue_ids uuid[])
returns table (venue_id uuid, song_id uuid, plays integer)
language sql stable
set search_path = ''
as $$
  select s.venue_id, ss.song_id, count(distinct sl.id)::int
  from public.shows s
  join public.setlists sl on sl.show_id = s.id and sl.kind = 'actual'
  join public.setlist_songs ss on ss.setlist_id = sl.id and not ss.is_tape and ss.song_id is not null
  where s.venue_id is not null and (venue_ids is null or s.venue_id = any(venue_ids))
  group by s.venue_id, ss.song_id
$$;
comment on function public.count_venue_song_plays(uuid[]) is
  'The plays venue_song_plays keeps, counted from the source rows for the venues given (null: every venue): distinct actual setlists of the venue''s shows holding the song, tapes left out. '
  'For the whole-venue recount and a bulk load''s fill (scripts/bench/scale/dataset.ts).';
revoke execute on function public.count_venue_song_plays(uuid[]) from public, anon, authenticated;
grant execute on function public.count_venue_song_plays(uuid[]) to service_role;

-- The venue locks, transaction-level advisory locks taken in venue order within a statement. A recount takes
-- its venues' locks exclusively and counts in a later statement, so it sees everything a writer that held them
-- committed (read committed): without it, two writers of one venue could each count without the other's rows
-- and the later upsert would keep a short count. The insert / delete deltas, which add and take away and so
-- commute, take them shared: writers never wait for each other, only for a recount (and it for them).
create function public.lock_venue_song_plays(venue_ids uuid[], shared boolean default false)
returns void
language sql
set search_path = ''
as $$
  select case when shared then pg_advisory_xact_lock_shared(hashtextextended('public.venue_song_plays ' || v::text, 0))
              else pg_advisory_xact_lock(hashtextextended('public.venue_song_plays ' || v::text, 0)) end
  from (select distinct v from unnest(venue_ids) v where v is not null order by v) venues
$$;
comment on function public.lock_venue_song_plays(uuid[], boolean) is
  'Takes the transaction-level advisory lock of each venue given (in venue order), exclusive before a recount of its venue_song_plays rows, shared (shared = true) before an insert / delete delta, '
  'so a recount counts after every writer of the venue before it has committed and no delta lands on a count taken without it.';
revoke execute on function public.lock_venue_song_plays(uuid[], boolean) from public, anon, authenticated, service_role;

-- the pairs a write touched: each counted through setlist_songs_song_idx (the song's plays, filtered to the
-- venue), written only when it changed, removed when it dropped to 0
create function public.recount_venue_song_plays(venue_ids uuid[], song_ids uuid[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if venue_ids is null or cardinality(venue_ids) = 0 then
    return;
  end if;
  perform public.lock_venue_song_plays(venue_ids, false);
  with pair as (
    select distinct p.venue_id, p.song_id
    from unnest(venue_ids, song_ids) as p(venue_id, song_id)
    where p.venue_id is not null and p.song_id is not null
  ),
  counted as (
    select p.venue_id, p.song_id,
           (select count(distinct sl.id)
            from public.setlist_songs ss
            join public.setlists sl on sl.id = ss.setlist_id and sl.kind = 'actual'
            join public.shows s on s.id = sl.show_id
            where ss.song_id = p.song_id and not ss.is_tape and s.venue_id = p.venue_id)::int as plays
    from pair p
  ),
  dropped as (
    delete from public.venue_song_plays k
    using counted c
    where c.plays = 0 and k.song_id = c.song_id and k.venue_id = c.venue_id
  )
  insert into public.venue_song_plays as k (song_id, venue_id, plays)
  select c.song_id, c.venue_id, c.plays from counted c where c.plays > 0
  on conflict (song_id, venue_id) do update set plays = excluded.plays
  where k.plays <> excluded.plays;
end
$$;
comment on function public.recount_venue_song_plays(uuid[], uuid[]) is
  'Recounts the venue_song_plays pairs (venue_ids[i], song_ids[i]) from the source rows (under lock_venue_song_plays): upserts a changed count, deletes a pair whose count is 0. Called by the triggers that keep the table.';
revoke execute on function public.recount_venue_song_plays(uuid[], uuid[]) from public, anon, authenticated, service_role;

-- whole venues: every pair of theirs counted again (after a delete took the rows that named the songs)
create function public.recount_venue_song_plays_of_venues(venue_ids uuid[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if venue_ids is null or cardinality(venue_ids) = 0 then
    return;
  end if;
  perform public.lock_venue_song_plays(venue_ids, false);
  with counted as (
    select c.venue_id, c.song_id, c.plays from public.count_venue_song_plays(venue_ids) c
  ),
  dropped as (
    delete from public.venue_song_plays k
    where k.venue_id = any(venue_ids)
      and not exists (select 1 from counted c where c.venue_id = k.venue_id and c.song_id = k.song_id)
  )
  insert into public.venue_song_plays as k (song_id, venue_id, plays)
  select c.song_id, c.venue_id, c.plays from counted c
  on conflict (song_id, venue_id) do update set plays = excluded.plays
  where k.plays <> excluded.plays;
end
$$;
comment on function public.recount_venue_song_plays_of_venues(uuid[]) is
  'Recounts every venue_song_plays row of the venues given from count_venue_song_plays (under lock_venue_song_plays): after a setlist or show delete, whose setlist songs are gone before they can be mapped to a venue.';
revoke execute on function public.recount_venue_song_plays_of_venues(uuid[]) from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- the triggers
-- ---------------------------------------------------------------------------

-- setlist_songs inserted or deleted (the setlist writer's clear and fill, predictions, suggestions, cascades):
-- an exact delta, not a recount, because this is the writer's path and a recount costs every play of the song
-- (measured: it doubled the time of a page of 20 setlists). Per actual setlist and song the statement touched:
-- an insert gains a play when every row of the song in the setlist is one the statement inserted, a delete
-- loses one when no row of it is left. Checked after the setlists' locks, in a later statement, so two
-- writers of one setlist check one after the other, each seeing what the other committed; the venues' locks
-- are shared (see lock_venue_song_plays). A cascade from a deleted setlist or show finds no setlist here;
-- the setlists / shows delete trigger recounts those venues.
create function public.keep_venue_song_plays_of_rows()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  setlist_ids uuid[];
  song_ids uuid[];
  row_counts integer[];
  venue_ids uuid[];
  locked_venues uuid[] := '{}';
begin
  -- read the setlists' venues, lock them, and read again until every venue read is locked: a show moved to
  -- another venue meanwhile (its recount held the old venue exclusively until it committed) is seen at its
  -- new venue, since each read is a new statement and sees what committed before it
  loop
    select array_agg(r.setlist_id order by r.setlist_id, r.song_id), array_agg(r.song_id order by r.setlist_id, r.song_id),
           array_agg(r.n order by r.setlist_id, r.song_id), array_agg(s.venue_id order by r.setlist_id, r.song_id)
    into setlist_ids, song_ids, row_counts, venue_ids
    from (select c.setlist_id, c.song_id, count(*)::int as n from changed_rows c
          where c.song_id is not null and not c.is_tape group by c.setlist_id, c.song_id) r
    join public.setlists sl on sl.id = r.setlist_id and sl.kind = 'actual'
    join public.shows s on s.id = sl.show_id
    where s.venue_id is not null;
    if setlist_ids is null then
      return null;
    end if;
    exit when locked_venues @> venue_ids;
    perform public.lock_venue_song_plays(venue_ids, true);
    locked_venues := locked_venues || venue_ids;
  end loop;
  perform pg_advisory_xact_lock(hashtextextended('public.venue_song_plays setlist ' || x::text, 0))
  from (select distinct x from unnest(setlist_ids) x order by x) setlists;

  -- the setlists that gained (insert) or lost (delete) the song, summed per venue and song
  select array_agg(d.venue_id order by d.song_id, d.venue_id), array_agg(d.song_id order by d.song_id, d.venue_id),
         array_agg(d.setlists order by d.song_id, d.venue_id)
  into venue_ids, song_ids, row_counts
  from (
    select t.venue_id, t.song_id, count(*)::int as setlists
    from unnest(setlist_ids, song_ids, row_counts, venue_ids) as t(setlist_id, song_id, n, venue_id)
    cross join lateral (select count(*)::int as rows_now from public.setlist_songs x
                        where x.setlist_id = t.setlist_id and x.song_id = t.song_id and not x.is_tape) now
    where case when tg_op = 'INSERT' then now.rows_now = t.n else now.rows_now = 0 end
    group by t.venue_id, t.song_id
  ) d;
  if venue_ids is null then
    return null;
  end if;
  if tg_op = 'INSERT' then
    insert into public.venue_song_plays as k (song_id, venue_id, plays)
    select d.song_id, d.venue_id, d.setlists from unnest(song_ids, venue_ids, row_counts) as d(song_id, venue_id, setlists)
    on conflict (song_id, venue_id) do update set plays = k.plays + excluded.plays;
  else
    -- taken off, then the pairs left at 0 deleted: two statements, so a concurrent delta on the same pair (which
    -- waits for the row) takes off from the count this one left
    update public.venue_song_plays k set plays = k.plays - d.setlists
    from unnest(song_ids, venue_ids, row_counts) as d(song_id, venue_id, setlists)
    where k.song_id = d.song_id and k.venue_id = d.venue_id;
    delete from public.venue_song_plays k
    using unnest(song_ids, venue_ids) as d(song_id, venue_id)
    where k.song_id = d.song_id and k.venue_id = d.venue_id and k.plays = 0;
  end if;
  return null;
end
$$;
comment on function public.keep_venue_song_plays_of_rows() is
  'Statement trigger on setlist_songs insert and delete (transition table changed_rows): adds (insert) or takes off (delete) a play per actual setlist that gained or lost a non-tape row of a song, '
  'under the venues'' shared and the setlists'' locks; a pair left at 0 is deleted.';
revoke execute on function public.keep_venue_song_plays_of_rows() from public, anon, authenticated, service_role;

create trigger setlist_songs_venue_plays_inserted after insert on public.setlist_songs
  referencing new table as changed_rows for each statement execute function public.keep_venue_song_plays_of_rows();
create trigger setlist_songs_venue_plays_deleted after delete on public.setlist_songs
  referencing old table as changed_rows for each statement execute function public.keep_venue_song_plays_of_rows();

-- a row that changed song, tape flag or setlist (song merges move plays from one song to another): the old
-- pair and the new one. A row trigger: transition tables are not allowed on UPDATE OF, and the WHEN clause
-- keeps the vote counters' updates (which set none of these columns) from calling anything
create function public.keep_venue_song_plays_of_row()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform public.recount_venue_song_plays(array_agg(s.venue_id), array_agg(r.song_id))
  from (values (old.setlist_id, old.song_id), (new.setlist_id, new.song_id)) r(setlist_id, song_id)
  join public.setlists sl on sl.id = r.setlist_id and sl.kind = 'actual'
  join public.shows s on s.id = sl.show_id
  where r.song_id is not null and s.venue_id is not null;
  return null;
end
$$;
comment on function public.keep_venue_song_plays_of_row() is
  'Row trigger on setlist_songs updates of song_id, is_tape or setlist_id: recounts the venue_song_plays pairs of the old and the new row.';
revoke execute on function public.keep_venue_song_plays_of_row() from public, anon, authenticated, service_role;

create trigger setlist_songs_venue_plays_updated
after update of song_id, is_tape, setlist_id on public.setlist_songs
for each row
when (old.song_id is distinct from new.song_id or old.is_tape <> new.is_tape or old.setlist_id <> new.setlist_id)
execute function public.keep_venue_song_plays_of_row();

-- a setlist that changed kind or show, and a show that changed venue: their songs' pairs at the old venue
-- and the new one
create function public.keep_venue_song_plays_of_move()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- the venues locked before the songs are read: a setlist writer that was adding songs there has committed by
  -- then, and its songs are counted at the new venue (read in the same statement as the recount, they were not)
  if tg_table_name = 'setlists' then
    perform public.lock_venue_song_plays(
      array(select s.venue_id from public.shows s where s.id in (old.show_id, new.show_id)), false);
    perform public.recount_venue_song_plays(array_agg(m.venue_id), array_agg(ss.song_id))
    from (select s.venue_id from public.shows s where s.id in (old.show_id, new.show_id)) m
    cross join (select distinct x.song_id from public.setlist_songs x
                where x.setlist_id = new.id and x.song_id is not null and not x.is_tape) ss
    where m.venue_id is not null and 'actual' in (old.kind, new.kind);
  else
    perform public.lock_venue_song_plays(array[old.venue_id, new.venue_id], false);
    perform public.recount_venue_song_plays(array_agg(m.venue_id), array_agg(ss.song_id))
    from (values (old.venue_id), (new.venue_id)) m(venue_id)
    cross join (select distinct x.song_id from public.setlists sl
                join public.setlist_songs x on x.setlist_id = sl.id and x.song_id is not null and not x.is_tape
                where sl.show_id = new.id and sl.kind = 'actual') ss
    where m.venue_id is not null;
  end if;
  return null;
end
$$;
comment on function public.keep_venue_song_plays_of_move() is
  'Row trigger on setlists updates of kind or show_id and on shows updates of venue_id (venue merges): recounts the venue_song_plays pairs of the setlist''s (the show''s actual setlists'') songs at the old venue and the new one.';
revoke execute on function public.keep_venue_song_plays_of_move() from public, anon, authenticated, service_role;

create trigger setlists_venue_plays_moved
after update of kind, show_id on public.setlists
for each row when (old.kind <> new.kind or old.show_id <> new.show_id)
execute function public.keep_venue_song_plays_of_move();
create trigger shows_venue_plays_moved
after update of venue_id on public.shows
for each row when (old.venue_id is distinct from new.venue_id)
execute function public.keep_venue_song_plays_of_move();

-- setlists or shows deleted: the venues of the deleted rows (still there) recounted whole. A setlist deleted
-- with its show finds no show here; the shows trigger recounts that venue
create function public.keep_venue_song_plays_of_deleted()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'setlists' then
    perform public.recount_venue_song_plays_of_venues(array_agg(distinct s.venue_id))
    from changed_rows d
    join public.shows s on s.id = d.show_id
    where d.kind = 'actual' and s.venue_id is not null;
  else
    perform public.recount_venue_song_plays_of_venues(array_agg(distinct d.venue_id))
    from changed_rows d
    where d.venue_id is not null
      and exists (select 1 from public.venue_song_plays k where k.venue_id = d.venue_id);
  end if;
  return null;
end
$$;
comment on function public.keep_venue_song_plays_of_deleted() is
  'Statement trigger on setlists and shows deletes (transition table changed_rows): recounts whole the venue_song_plays rows of the venues of deleted actual setlists and shows.';
revoke execute on function public.keep_venue_song_plays_of_deleted() from public, anon, authenticated, service_role;

create trigger setlists_venue_plays_deleted after delete on public.setlists
  referencing old table as changed_rows for each statement execute function public.keep_venue_song_plays_of_deleted();
create trigger shows_venue_plays_deleted after delete on public.shows
  referencing old table as changed_rows for each statement execute function public.keep_venue_song_plays_of_deleted();

-- a truncate leaves no play of any venue (delete triggers do not fire on it)
create function public.clear_venue_song_plays()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.venue_song_plays;
  return null;
end
$$;
comment on function public.clear_venue_song_plays() is
  'Statement trigger on truncate of setlist_songs, setlists and shows: empties venue_song_plays, whose counts those rows were.';
revoke execute on function public.clear_venue_song_plays() from public, anon, authenticated, service_role;

create trigger setlist_songs_venue_plays_truncated after truncate on public.setlist_songs
  for each statement execute function public.clear_venue_song_plays();
create trigger setlists_venue_plays_truncated after truncate on public.setlists
  for each statement execute function public.clear_venue_song_plays();
create trigger shows_venue_plays_truncated after truncate on public.shows
  for each statement execute function public.clear_venue_song_plays();

-- the counts of whatever the database already holds
insert into public.venue_song_plays (song_id, venue_id, plays)
select c.song_id, c.venue_id, c.plays from public.count_venue_song_plays(null) c;

-- ---------------------------------------------------------------------------
-- venue page (here, not with the other browse pages, because it reads venue_song_plays)
-- ---------------------------------------------------------------------------

create function public.venue_page(venue_slug text, past_limit integer default 20, past_offset integer default 0)
returns jsonb
language sql stable
set search_path = ''
as $$
  with venue as (
    select v.id, v.slug, v.name, v.city, v.state, v.country, v.latitude, v.longitude, v.timezone,
           v.ticketmaster_id, v.setlistfm_id,
           -- the whole row, so details later migrations add (the street address) reach the page unnamed here
           to_jsonb(v) - array['match_key', 'created_at', 'updated_at'] as detail
    from public.venues v where v.slug = venue_slug
  ),
  upcoming as (
    select s.id, s.name, s.starts_at, s.local_date, s.date_tba, s.time_tba, s.voting_closes_at, s.status, s.ticket_url,
           jsonb_build_object('id', a.id, 'name', a.name, 'slug', a.slug, 'image_url', a.image_url,
                              'synthetic', a.synthetic) as artist
    from venue v
    join public.shows s on s.venue_id = v.id
    join public.artists a on a.id = s.artist_id
    -- not public.show_has_started(s.status, s.voting_closes_at), on the columns (a date-TBA show last)
    where s.status <> 'completed' and (s.voting_closes_at > now() or s.voting_closes_at is null)
    order by s.local_date nulls last, s.starts_at nulls last, s.id
    limit 50
  ),
  past as (
    select s.id, s.name, s.starts_at, s.local_date, s.date_tba, s.time_tba, s.voting_closes_at, s.status,
           jsonb_build_object('id', a.id, 'name', a.name, 'slug', a.slug, 'image_url', a.image_url,
                              'synthetic', a.synthetic) as artist,
           (select jsonb_agg(ss.title order by ss.position)
              from public.setlists sl
              join public.setlist_songs ss on ss.setlist_id = sl.id and not ss.is_tape
              where sl.show_id = s.id and sl.kind = 'actual') as songs
    from venue v
    join public.shows s on s.venue_id = v.id
    join public.artists a on a.id = s.artist_id
    -- public.show_has_started(s.status, s.voting_closes_at), on the columns
    where s.status = 'completed' or s.voting_closes_at <= now()
    order by s.local_date desc, s.id
    limit greatest(1, least(coalesce(past_limit, 20), 100)) offset greatest(0, coalesce(past_offset, 0))
  ),
  -- the kept count (venue_song_plays, exact by its triggers): the songs that can make the ten (as many plays as
  -- the tenth, ties broken by title) are one range of venue_song_plays_top_idx, joined to songs and artists
  top_songs as (
    select so.id, so.title, a.slug as artist_slug, a.name as artist_name, so.slug, p.plays
    from venue v
    join public.venue_song_plays p on p.venue_id = v.id
    join public.songs so on so.id = p.song_id
    join public.artists a on a.id = so.artist_id
    where p.plays >= coalesce((select q.plays from public.venue_song_plays q where q.venue_id = v.id
                               order by q.plays desc offset 9 limit 1), 0)
    order by p.plays desc, so.title, so.id
    limit 10
  )
  select jsonb_build_object(
    'venue', v.detail,
    'upcoming', coalesce((select jsonb_agg(to_jsonb(u)) from upcoming u), '[]'),
    'past', coalesce((select jsonb_agg(to_jsonb(p)) from past p), '[]'),
    'past_total', (select count(*)::int from public.shows s
                   where s.venue_id = v.id and (s.status = 'completed' or s.voting_closes_at <= now())),
    'top_songs', coalesce((select jsonb_agg(to_jsonb(t)) from top_songs t), '[]'))
  from venue v
$$;
comment on function public.venue_page(text, integer, integer) is
  'The venue page in one call: {venue (every column but match_key, created_at, updated_at), upcoming (not show_has_started: up to 50, soonest first, date TBA last), past (show_has_started: past_limit, 1..100, newest first, from past_offset; each with the songs played, tapes left out, or null without a setlist), '
  'past_total, top_songs (the 10 songs most played there, by actual setlists)}; null when no venue has this slug.';
revoke execute on function public.venue_page(text, integer, integer) from public;
grant execute on function public.venue_page(text, integer, integer) to anon, authenticated, service_role;
