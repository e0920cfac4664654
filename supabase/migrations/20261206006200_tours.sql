-- tours: shows grouped by setlist.fm's tour name, the tour's setlist across
-- its nights, and its next date.
--
-- shows.tour_name is what setlist.fm calls the tour (the setlist writer sets
-- it, on setlist.fm-only shows and on Ticketmaster shows it links alike);
-- shows.tour_slug addresses it in /artists/:slug/tours/:tour. A tour also
-- takes the artist's Ticketmaster shows without a tour name between its first
-- and last dates: the same run of nights, listed by the other provider.

alter table public.shows add column tour_name text;
alter table public.shows
  add column tour_slug text generated always as (nullif(public.slugify(tour_name), '')) stored;
comment on column public.shows.tour_name is 'setlist.fm''s tour name for the show (setlist.tour.name), written by the setlist sync; null when setlist.fm names none.';
comment on column public.shows.tour_slug is 'slugify(tour_name): the :tour of /artists/:slug/tours/:tour.';
create index shows_artist_tour_idx on public.shows (artist_id, tour_slug, local_date) where tour_slug is not null;

-- shows written before this column: setlist.fm-only shows were named "<artist>: <tour>" by the writer
update public.shows s
set tour_name = substr(s.name, length(a.name) + 3)
from public.artists a
where a.id = s.artist_id and s.ticketmaster_id is null and s.setlistfm_id is not null and s.tour_name is null
  and left(s.name, length(a.name) + 2) = a.name || ': ' and length(s.name) > length(a.name) + 2;

create function public.artist_tours(artist_id uuid)
returns table (tour_name text, tour_slug text, first_date date, last_date date, shows integer)
language sql stable
set search_path = ''
as $$
  select min(s.tour_name), s.tour_slug, min(s.local_date), max(s.local_date), count(*)::int
  from public.shows s
  where s.artist_id = artist_tours.artist_id and s.tour_slug is not null
  group by s.tour_slug
  order by max(s.local_date) desc, s.tour_slug
$$;
comment on function public.artist_tours(uuid) is 'An artist''s tours by setlist.fm''s tour name, latest first: name, slug, first and last date, shows named with it.';
revoke execute on function public.artist_tours(uuid) from public;
grant execute on function public.artist_tours(uuid) to anon, authenticated, service_role;

create function public.tour_page(artist_slug text, tour_slug text) returns jsonb
language sql stable
set search_path = ''
as $$
  with artist as (select a.id, a.name, a.slug from public.artists a where a.slug = tour_page.artist_slug),
  named as (
    select s.* from artist a join public.shows s on s.artist_id = a.id and s.tour_slug = tour_page.tour_slug
  ),
  span as (select min(local_date) as first_date, max(local_date) as last_date, min(tour_name) as tour_name from named),
  nights as (
    select s.id, s.name, s.local_date, s.status, s.ticketmaster_id, s.setlistfm_id,
           v.name as venue_name, v.city as venue_city, v.slug as venue_slug,
           sl.id as setlist_id
    from artist a
    join public.shows s on s.artist_id = a.id
    cross join span
    left join public.venues v on v.id = s.venue_id
    left join public.setlists sl on sl.show_id = s.id and sl.kind = 'actual'
    where s.tour_slug = tour_page.tour_slug
       -- the artist's Ticketmaster shows inside the tour's dates belong to it too
       or (s.tour_slug is null and s.ticketmaster_id is not null and s.local_date between span.first_date and span.last_date
           and s.status <> 'cancelled')
  ),
  played as (
    select n.id as show_id, ss.song_id, min(ss.position) as position
    from nights n
    join public.setlist_songs ss on ss.setlist_id = n.setlist_id and not ss.is_tape and ss.song_id is not null
    group by n.id, ss.song_id
  ),
  songs as (
    select so.id, so.title, so.slug, count(*)::int as nights,
           jsonb_agg(p.show_id order by p.show_id) as show_ids
    from played p join public.songs so on so.id = p.song_id
    group by so.id, so.title, so.slug
  ),
  next_show as (
    -- the artist's next announced show, when this is the artist's latest tour: where it goes on
    select s.id, s.name, s.local_date, s.starts_at, v.name as venue_name, v.city as venue_city,
           (select jsonb_agg(ss.title order by ss.position)
              from public.setlists sl join public.setlist_songs ss on ss.setlist_id = sl.id
              where sl.show_id = s.id and sl.kind = 'predicted') as predicted
    from artist a
    join public.shows s on s.artist_id = a.id
    left join public.venues v on v.id = s.venue_id
    where s.status = 'scheduled' and not public.show_has_started(s.status, s.voting_closes_at)
      and (s.local_date is not null or s.date_tba)
      and not exists (
        select 1 from public.shows o
        where o.artist_id = a.id and o.tour_slug is not null and o.tour_slug <> tour_page.tour_slug
          and o.local_date > (select last_date from span))
    order by s.local_date, s.starts_at nulls last, s.id
    limit 1
  )
  select jsonb_build_object(
    'artist', jsonb_build_object('id', a.id, 'name', a.name, 'slug', a.slug),
    'tour', jsonb_build_object('name', span.tour_name, 'slug', tour_page.tour_slug, 'first_date', span.first_date,
                               'last_date', span.last_date),
    'nights', coalesce((select jsonb_agg(jsonb_build_object(
                 'id', n.id, 'name', n.name, 'local_date', n.local_date, 'status', n.status,
                 'venue_name', n.venue_name, 'venue_city', n.venue_city, 'venue_slug', n.venue_slug,
                 'has_setlist', n.setlist_id is not null, 'from_ticketmaster_only', n.setlistfm_id is null)
               order by n.local_date, n.id) from nights n), '[]'),
    'songs', coalesce((select jsonb_agg(to_jsonb(so) order by so.nights desc, so.title) from songs so), '[]'),
    'next_show', (select to_jsonb(ns) from next_show ns))
  from artist a cross join span
  where span.first_date is not null
$$;
comment on function public.tour_page(text, text) is
  'The tour page in one call: {artist, tour {name, slug, first_date, last_date}, nights (the shows setlist.fm names with the tour, and the artist''s Ticketmaster shows without a tour name between its first and last dates, by date), '
  'songs (each song played on the tour: nights it was played and which, most played first), next_show (the artist''s next scheduled show with its predicted songs, unless a later tour has begun; null otherwise)}; null for an unknown artist or tour.';
revoke execute on function public.tour_page(text, text) from public;
grant execute on function public.tour_page(text, text) to anon, authenticated, service_role;
