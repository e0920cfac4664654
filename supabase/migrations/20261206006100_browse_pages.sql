-- browse pages: what the venue, song and history pages read, each one call
-- answered from indexes (tests/database/71-browse-pages-use-indexes.test.sql
-- checks the plans).
--
--   venue_page(slug, past_limit, past_offset)   a venue, its upcoming and past shows (with the songs
--                                              played), the songs most played there
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
-- venue page
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
  -- counted by song id alone, and only the songs that can make the ten (as many plays as the tenth, ties
  -- broken by title) joined to songs and artists: at 80 past shows a venue that is a few dozen lookups
  -- instead of one per song played (960)
  played as (
    select ss.song_id, count(distinct sl.id)::int as plays
    from venue v
    join public.shows s on s.venue_id = v.id
    join public.setlists sl on sl.show_id = s.id and sl.kind = 'actual'
    join public.setlist_songs ss on ss.setlist_id = sl.id and not ss.is_tape and ss.song_id is not null
    group by ss.song_id
  ),
  top_songs as (
    select so.id, so.title, a.slug as artist_slug, a.name as artist_name, so.slug, p.plays
    from played p
    join public.songs so on so.id = p.song_id
    join public.artists a on a.id = so.artist_id
    where p.plays >= coalesce((select q.plays from played q order by q.plays desc offset 9 limit 1), 0)
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
