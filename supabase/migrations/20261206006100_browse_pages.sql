-- browse pages: what the venue, song and history pages read, each one call
-- answered from indexes (tests/database/71-browse-pages-use-indexes.test.sql
-- checks the plans).
--
--   venue_page(slug, past_limit, past_offset)   in 20261208002000_venue_song_plays.sql, after the kept
--                                              count its "most played here" reads
--   song_page(artist_slug, song_slug)           one song of an artist: plays, first/last, gap, position,
--                                              openers/closers, plays per month, every show it was in
--   artist_show_years(artist_id)                the years of an artist's past shows, for the history filter
--
-- All security invoker over tables anon can read: they add no access, only shape.
-- venue_page's upcoming and past shows, and artist_show_years' past ones, are split by show_has_started, as
-- the SPA's artist lists split them (web/src/data/shows.ts upcomingFilter / startedFilter): past once
-- completed or voting_closes_at has passed, upcoming until then (a date-TBA show too).

-- a venue's shows by date (venue page), and by venue alone (the foreign key, venue merges: the catalog has no
-- index on venue_id by itself)
create index shows_venue_local_date_idx on public.shows (venue_id, local_date);

create function public.song_slug(normalized_title text) returns text
language sql immutable strict parallel safe
set search_path = ''
as $$
  select coalesce(nullif(public.slugify(normalized_title), ''), 'song')
$$;
comment on function public.song_slug(text) is 'The :song part of /artists/:slug/songs/:song: slugify(normalized_title), or "song" when nothing ASCII is left.';
revoke execute on function public.song_slug(text) from public;
grant execute on function public.song_slug(text) to anon, authenticated, service_role;

-- a song's address on its page: the slug of its normalized title (unique per artist but for
-- collisions slugify makes, which song_page breaks by age)
alter table public.songs add column slug text generated always as (public.song_slug(normalized_title)) stored;
comment on column public.songs.slug is 'song_slug(normalized_title): the :song of /artists/:slug/songs/:song.';
create index songs_artist_slug_idx on public.songs (artist_id, slug);

-- ---------------------------------------------------------------------------
-- song page
-- ---------------------------------------------------------------------------

create function public.song_page(artist_slug text, song_slug text) returns jsonb
language sql stable
set search_path = ''
as $$
  with song as (
    select so.id, so.title, so.slug, so.album, so.release_date, so.artist_id,
           a.name as artist_name, a.slug as artist_slug
    from public.artists a
    join public.songs so on so.artist_id = a.id and so.slug = song_page.song_slug
    where a.slug = song_page.artist_slug
    order by so.created_at, so.id
    limit 1
  ),
  -- the artist's shows with an actual setlist, newest first: what "a gap of N shows" counts
  history as (
    select s.id as show_id, s.local_date, sl.id as setlist_id, v.name as venue_name, v.city as venue_city,
           v.slug as venue_slug, row_number() over (order by s.local_date desc, s.id) as shows_ago
    from song
    join public.shows s on s.artist_id = song.artist_id
    join public.setlists sl on sl.show_id = s.id and sl.kind = 'actual'
    left join public.venues v on v.id = s.venue_id
    -- a setlist of tapes only says nothing about what the band played
    where exists (select 1 from public.setlist_songs t where t.setlist_id = sl.id and not t.is_tape)
  ),
  songs_of_history as (
    select h.setlist_id, ss.position, ss.song_id, ss.is_encore, ss.info, ss.guest_artist,
           row_number() over (partition by h.setlist_id order by ss.position) as song_number,
           count(*) over (partition by h.setlist_id) as set_length
    from history h
    join public.setlist_songs ss on ss.setlist_id = h.setlist_id and not ss.is_tape
  ),
  plays as (
    select distinct on (h.setlist_id) h.*, x.song_number, x.set_length, x.is_encore, x.info, x.guest_artist
    from history h
    join songs_of_history x on x.setlist_id = h.setlist_id
    where x.song_id = (select id from song)
    order by h.setlist_id, x.position
  ),
  months as (
    select to_char(m, 'YYYY-MM') as month,
           (select count(*)::int from plays p where date_trunc('month', p.local_date) = m) as plays
    from generate_series(
      (select date_trunc('month', min(local_date)) from plays),
      (select date_trunc('month', max(local_date)) from plays),
      interval '1 month') as m
  )
  select jsonb_build_object(
    'song', jsonb_build_object('id', song.id, 'title', song.title, 'slug', song.slug,
                               'album', song.album, 'release_date', song.release_date),
    'artist', jsonb_build_object('id', song.artist_id, 'name', song.artist_name, 'slug', song.artist_slug),
    'times_played', (select count(*)::int from plays),
    'shows_with_setlists', (select count(*)::int from history),
    'first_played', (select min(local_date) from plays),
    'last_played', (select max(local_date) from plays),
    'gap', (select min(shows_ago)::int - 1 from plays),
    'openers', (select count(*)::int from plays where song_number = 1),
    'closers', (select count(*)::int from plays where song_number = set_length and set_length > 1),
    'encores', (select count(*)::int from plays where is_encore),
    'median_position', (select percentile_cont(0.5) within group (order by song_number) from plays),
    'median_relative_position',
      (select round(percentile_cont(0.5) within group (
                      order by (song_number - 1)::double precision / greatest(set_length - 1, 1))::numeric, 2)
       from plays),
    'per_month', coalesce((select jsonb_agg(jsonb_build_object('month', month, 'plays', plays) order by month) from months), '[]'),
    'shows', coalesce((select jsonb_agg(jsonb_build_object(
               'show_id', p.show_id, 'local_date', p.local_date, 'venue_name', p.venue_name, 'venue_city', p.venue_city,
               'venue_slug', p.venue_slug, 'song_number', p.song_number, 'set_length', p.set_length,
               'is_encore', p.is_encore, 'info', p.info, 'guest_artist', p.guest_artist)
             order by p.local_date desc, p.show_id) from plays p), '[]'))
  from song
$$;
comment on function public.song_page(text, text) is
  'The song page in one call, from actual setlists only (tapes never count): {song, artist, times_played, shows_with_setlists, first_played, last_played, '
  'gap (the artist''s shows with a setlist since it was last played; null if never), openers, closers, encores, median_position (song number in the show, tapes skipped), '
  'median_relative_position (0 = opener, 1 = closer), per_month [{month, plays}] from the first month played to the last, zeros included, shows [...] newest first}; '
  'null when the artist or song slug is unknown. song_slug is song_slug(normalized_title).';
revoke execute on function public.song_page(text, text) from public;
grant execute on function public.song_page(text, text) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- artist history filter
-- ---------------------------------------------------------------------------

create function public.artist_show_years(artist_id uuid) returns table (year integer, shows integer)
language sql stable
set search_path = ''
as $$
  select extract(year from s.local_date)::int as year, count(*)::int as shows
  from public.shows s
  where s.artist_id = artist_show_years.artist_id and public.show_has_started(s.status, s.voting_closes_at)
  group by 1
  order by 1 desc
$$;
comment on function public.artist_show_years(uuid) is 'The years of an artist''s past shows (show_has_started, as the SPA''s history list splits them), newest first, with the shows in each: the artist page''s year filter.';
revoke execute on function public.artist_show_years(uuid) from public;
grant execute on function public.artist_show_years(uuid) to anon, authenticated, service_role;
