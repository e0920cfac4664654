-- spotify catalog collapse: an artist's Spotify tracks become one songs row per
-- song. Spotify lists one song many times (album track, single, remaster,
-- deluxe bonus copy, live take); the songs writer (sync-artist-songs) and the
-- spotify function's artist_catalog keep the most original copy. Titles are
-- parsed by the catalog migration's parse_song_title, so the collapse, the
-- stored title and songs.normalized_title follow one rule.

create function public.collapse_spotify_tracks(tracks jsonb)
returns table (
  spotify_id text, title text, normalized_title text, album text, album_spotify_id text, release_date date,
  duration_ms integer, is_live boolean, is_remix boolean)
language sql immutable parallel safe
set search_path = ''
as $$
  with track as (
    select t.*
    from jsonb_to_recordset(tracks) as t(
      spotify_id text, name text, album text, album_spotify_id text, album_type text, release_date date,
      duration_ms integer, popularity integer)
  ),
  release as (
    -- JavaScript's ASCII \b, as the rule was first written: a reissue edition, or a concert recording
    -- ("Live in X", "X (Live)", "X - Live", "MTV Unplugged"; not "Live Forever")
    select a.album,
           a.album ~* '(^|[^A-Za-z0-9_])(deluxe|remaster(ed)?|anniversary|expanded|edition|live)($|[^A-Za-z0-9_])'
             as reissue,
           (select p.is_live from public.parse_song_title(a.album) as p)
             or a.album ~* ('(^|[^A-Za-z0-9_])(live (at|in|from|on)|unplugged)($|[^A-Za-z0-9_])'
                            '|[(\[]live($|[^A-Za-z0-9_])|-[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*live($|[^A-Za-z0-9_])')
             as live_album
    from (select distinct album from track) as a
  ),
  candidate as (
    select t.spotify_id, p.display, p.normalized, t.album, t.album_spotify_id, t.release_date, t.duration_ms,
           -- a live album makes its tracks live recordings even without "(Live)" on each title
           p.is_live or coalesce(r.live_album, false) as is_live, p.is_remix,
           -- the track title carried version qualifiers
           p.display <> btrim(t.name, e' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff')
             as qualified,
           coalesce(r.reissue, false) as reissue,
           case t.album_type when 'album' then 0 when 'single' then 1 when 'compilation' then 2 else 3 end as album_rank,
           t.popularity
    from track t
    cross join lateral public.parse_song_title(t.name) as p
    left join release r on r.album = t.album
  )
  -- lower is more original: studio before live, original before remix, plain title, album, earliest, most popular
  select distinct on (c.normalized)
         c.spotify_id, c.display, c.normalized, c.album, c.album_spotify_id, c.release_date, c.duration_ms, c.is_live,
         c.is_remix
  from candidate c
  order by c.normalized, c.is_live, c.is_remix, c.qualified, c.reissue, c.album_rank, c.release_date nulls last,
           c.popularity desc nulls last, c.spotify_id collate "und-x-icu"
$$;
comment on function public.collapse_spotify_tracks(jsonb) is
  'One row per song from an artist''s Spotify tracks (a jsonb array of {spotify_id, name, album, album_spotify_id, '
  'album_type, release_date, duration_ms, popularity}): titles parsed by parse_song_title, copies collapsed on the '
  'normalized title, the most original kept (not live: neither the title nor a live album says so; not a remix; a '
  'title without qualifiers; not a deluxe/remaster/anniversary/expanded/edition/live release; album before single '
  'before compilation; earliest release; most popular when Spotify sends it; then the track id). '
  'The songs writer upserts its rows; the spotify function''s artist_catalog returns them.';
revoke execute on function public.collapse_spotify_tracks(jsonb) from public;
grant execute on function public.collapse_spotify_tracks(jsonb) to service_role;
