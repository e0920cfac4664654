-- catalog: artists, venues, shows and songs, as the sync functions write them
-- from Ticketmaster (artists, venues, shows), Spotify (songs) and setlist.fm
-- (MBIDs, past shows). Every provider id is unique so each sync upserts on it.
-- Row level security and the write paths are added by later migrations.

create type public.show_status as enum ('scheduled', 'cancelled', 'postponed', 'rescheduled', 'completed');
comment on type public.show_status is 'Ticketmaster''s dates.status.code, plus completed once the show has happened.';

create table public.artists (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) > 0),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  ticketmaster_id text unique,
  spotify_id text unique,
  mbid uuid unique,
  image_url text,
  genres text[] not null default '{}',
  shows_synced_at timestamptz,
  songs_synced_at timestamptz,
  setlists_synced_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.artists is 'Performing artists. ticketmaster_id, spotify_id and mbid (MusicBrainz, for setlist.fm) are the provider keys the syncs upsert on; *_synced_at say when each provider last filled this artist.';
create index artists_name_trgm_idx on public.artists (lower(name) text_pattern_ops);
create index artists_songs_synced_at_idx on public.artists (songs_synced_at nulls first);

create table public.venues (
  id uuid primary key default gen_random_uuid(),
  ticketmaster_id text unique,
  setlistfm_id text unique,
  name text not null check (length(btrim(name)) > 0),
  city text,
  state text,
  country text,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  timezone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.venues is 'Concert venues; timezone is the IANA name used to show a show''s local date and time.';
comment on column public.venues.country is 'ISO 3166-1 alpha-2 country code.';
create index venues_city_idx on public.venues (country, city);

create table public.shows (
  id uuid primary key default gen_random_uuid(),
  ticketmaster_id text unique,
  setlistfm_id text unique,
  artist_id uuid not null references public.artists (id) on delete cascade,
  venue_id uuid references public.venues (id) on delete set null,
  name text not null,
  starts_at timestamptz,
  local_date date,
  date_tba boolean not null default false,
  time_tba boolean not null default false,
  status public.show_status not null default 'scheduled',
  ticket_url text,
  last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (date_tba or local_date is not null)
);
comment on table public.shows is 'One concert of one headlining artist. starts_at is null while the time is TBA; local_date is the venue-local calendar date (null only while the date is TBA). last_seen_at: when the tour sync last saw it upstream.';
create index shows_artist_starts_idx on public.shows (artist_id, starts_at);
create index shows_venue_idx on public.shows (venue_id);
create index shows_starts_at_idx on public.shows (starts_at);
create index shows_local_date_idx on public.shows (local_date);

create table public.show_artists (
  show_id uuid not null references public.shows (id) on delete cascade,
  artist_id uuid not null references public.artists (id) on delete cascade,
  billing_position integer not null check (billing_position >= 0),
  primary key (show_id, artist_id)
);
comment on table public.show_artists is 'Every billed artist of a show in Ticketmaster''s order; position 0 is the headliner (shows.artist_id), the others are support acts kept rather than dropped.';
create index show_artists_artist_idx on public.show_artists (artist_id);

create table public.songs (
  id uuid primary key default gen_random_uuid(),
  artist_id uuid not null references public.artists (id) on delete cascade,
  spotify_id text unique,
  title text not null check (length(btrim(title)) > 0),
  normalized_title text not null,
  album text,
  album_spotify_id text,
  release_date date,
  duration_ms integer check (duration_ms > 0),
  is_live boolean not null default false,
  is_remix boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (artist_id, normalized_title)
);
comment on table public.songs is 'An artist''s songs. normalized_title collapses remastered/live/deluxe/radio-edit copies into one song per artist; spotify_id is the track kept as the song''s representative.';

-- deny by default; the policies that open reads come with the RLS migration
alter table public.artists enable row level security;
alter table public.venues enable row level security;
alter table public.shows enable row level security;
alter table public.show_artists enable row level security;
alter table public.songs enable row level security;
