-- catalog: artists, venues, shows and songs, as the sync functions write them
-- from Ticketmaster (artists, venues, shows), Spotify (songs) and setlist.fm
-- (MBIDs, past shows). Every provider id is unique so each sync upserts on it.
-- Row level security and the write paths are added by later migrations.
--
-- Also here: the text rules, normalize_song_title() (a song's identity),
-- parse_song_title() (a track or setlist title split into the song and its
-- version flags) and slugify(), which the sync functions call rather than
-- copy, and the triggers that apply them so a row can never disagree with its
-- own title or name. The refusal helpers every
-- later migration calls are the next migration's (20261125000110_refusals.sql).

-- trigram indexes for the SPA's substring search of artists and songs
create extension if not exists pg_trgm with schema extensions;

-- Least privilege: Supabase grants anon and authenticated everything on new
-- tables, sequences and functions in public (RLS alone guards rows) and every
-- function is executable by PUBLIC. From here on nothing is granted by
-- default: each migration writes out the grants its objects need, so a table
-- someone forgets to grant is unreadable rather than open. The service role
-- keeps its defaults (server code, which bypasses RLS anyway).
alter default privileges for role postgres in schema public revoke all on tables from anon, authenticated;
alter default privileges for role postgres in schema public revoke all on sequences from anon, authenticated;
alter default privileges for role postgres in schema public revoke all on functions from anon, authenticated;
alter default privileges for role postgres revoke execute on functions from public;

-- ---------------------------------------------------------------------------
-- text rules
-- ---------------------------------------------------------------------------

-- folds case, compatibility forms and accents; shared by both rules below
create function public.fold_text(input text) returns text
language sql immutable strict parallel safe
set search_path = ''
as $$
  select replace(replace(replace(replace(
    translate(
      regexp_replace(normalize(lower(input), nfkd), '[\u0300-\u036f]', '', 'g'),
      'øđðłħı', 'oddlhi'),
    'æ', 'ae'), 'œ', 'oe'), 'ß', 'ss'), 'þ', 'th')
$$;
comment on function public.fold_text(text) is
  'Lowercase, then Unicode NFKD, then drop combining diacritics (U+0300-U+036F), then ø đ ð ł ħ ı -> o d d l h i and æ œ ß þ -> ae oe ss th. '
  'Immutable: normalize() and translate() depend on no locale or dictionary, unlike the unaccent extension. '
  'The sync''s artist-name matching (mappers/artist_names.ts) folds names the same way in TypeScript; every stored key (song titles, slugs) is folded here.';

create function public.collapse_title_words(input text, apostrophes text, punctuation text) returns text
language sql immutable strict parallel safe
set search_path = ''
as $$
  select btrim(regexp_replace(
    regexp_replace(replace(regexp_replace(input, apostrophes, '', 'g'), '&', ' and '), punctuation, ' ', 'g'),
    '\s+', ' ', 'g'))
$$;
comment on function public.collapse_title_words(text, text, text) is
  'Step 4 of normalize_song_title: remove apostrophes, read & as " and ", turn punctuation into spaces, collapse whitespace, trim.';

-- one list for both title rules below
create function public.song_version_word() returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select '\m(remaster|remastered|live|deluxe|edit|version|mix|remix|feat|ft|featuring|mono|stereo|demo|acoustic'
         '|bonus|edition|anniversary|single|unplugged|session|sessions|recorded|soundtrack|explicit)\M'
$$;
comment on function public.song_version_word() is
  'The regular expression of the words that mark a recording''s version rather than a different song, as whole words '
  '(of fold_text''s output): normalize_song_title and parse_song_title both read it.';

create function public.normalize_song_title(title text) returns text
language plpgsql immutable strict parallel safe
set search_path = ''
as $$
declare
  -- words that mark a recording's version rather than a different song
  version_word constant text := public.song_version_word();
  -- ASCII punctuation and symbols, Latin-1 punctuation (incl. no-break space),
  -- general punctuation and CJK punctuation: all become word breaks
  punctuation constant text := '[!-/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u303f]';
  apostrophes constant text := '[''`\u00b4\u02bc\u2018\u2019]';
  folded text := public.fold_text(title);
  stripped text := folded;
begin
  -- 1. drop every (...) or [...] group that names a version, or a guest: "(with x)" is "(feat. x)"
  stripped := regexp_replace(stripped, '\s*[(\[][^()\[\]]*' || version_word || '[^()\[\]]*[)\]]', '', 'g');
  stripped := regexp_replace(stripped, '\s*[(\[]\s*with\s[^()\[\]]*[)\]]', '', 'g');
  -- 2. drop every " - " segment that names a version or starts with "with " (the first segment always stays)
  stripped := regexp_replace(stripped, '\s+[-\u2013\u2014]\s+', chr(1), 'g');
  stripped := regexp_replace(stripped, '\x01[^\x01]*' || version_word || '[^\x01]*', '', 'g');
  stripped := regexp_replace(stripped, '\x01\s*with\s[^\x01]*', '', 'g');
  stripped := replace(stripped, chr(1), ' - ');
  -- 3. drop an unbracketed "feat. x" / "ft. x" / "featuring x" to the end
  stripped := regexp_replace(stripped, '\s(feat\.?|ft\.|featuring)\s.*$', '');
  -- 4. apostrophes vanish (don't = dont), & reads as "and", other punctuation breaks words
  stripped := public.collapse_title_words(stripped, apostrophes, punctuation);
  if stripped = '' then
    -- the whole title was a version marker, e.g. "(Demo)": keep its words
    stripped := public.collapse_title_words(folded, apostrophes, punctuation);
  end if;
  if stripped = '' then
    -- nothing but punctuation, e.g. "?": the folded title is the best key there is
    stripped := btrim(folded);
  end if;
  return stripped;
end
$$;

comment on function public.normalize_song_title(text) is
  'The key that collapses copies of one song (remastered, live, deluxe, radio edit, featuring...) into songs.normalized_title. Steps: '
  '0. fold_text (lowercase, NFKD, strip diacritics U+0300-U+036F, ø đ ð ł ħ ı æ œ ß þ). '
  '1. remove every bracketed group "(...)" or "[...]" (with the whitespace before it) containing a version word as a whole word: '
  'remaster remastered live deluxe edit version mix remix feat ft featuring mono stereo demo acoustic bonus edition anniversary single unplugged session sessions recorded soundtrack explicit (song_version_word); '
  'then every group whose content starts with "with " (a guest, as Spotify names collaborations: "Song (with X)", "Song [with X]"). '
  '2. split on " - " (whitespace, hyphen / en dash / em dash, whitespace); drop every segment after the first that contains a version word or starts with "with "; rejoin with " - ". '
  '3. remove an unbracketed "\sfeat.?\s", "\sft.\s" or "\sfeaturing\s" and everything after it. '
  '4. delete apostrophes '' ` ´ ʼ ‘ ’; replace & with " and "; replace ASCII punctuation/symbols, U+00A0-U+00BF, U+2000-U+206F and U+3000-U+303F with a space; collapse whitespace; trim. '
  'If that leaves nothing, step 4 is applied to the folded title instead; if that is empty too, the trimmed folded title is returned. '
  'Examples: "Yesterday - Remastered 2009" -> "yesterday"; "Halo (Live at Wembley)" -> "halo"; "Song (with X)" and "Song - with X" -> "song"; "Don''t Stop Me Now - 2011 Mix" -> "dont stop me now"; "Café del Mar (feat. X)" -> "cafe del mar".';

create function public.parse_song_title(
  title text, out display text, out normalized text, out is_live boolean, out is_remix boolean)
language plpgsql immutable strict parallel safe
set search_path = ''
as $$
declare
  version_word constant text := public.song_version_word();
  -- JavaScript's \s (Spotify and setlist.fm titles carry no-break spaces), which Postgres' \s is not
  ws constant text := '[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]';
  bracket_group constant text := ws || '*[(\[][^()\[\]]*[)\]]';
  dash constant text := ws || '+[-\u2013\u2014]' || ws || '+';
  pieces text[];
  piece text;
  folded text;
  i integer := 1;
  -- what was removed as a version qualifier, folded: the live and remix flags come from it
  removed text := '';
begin
  -- 1. bracketed groups: a guest "(with x)" goes, a group naming a version goes, any other group stays
  pieces := regexp_split_to_array(title, bracket_group);
  display := pieces[1];
  for piece in select m[1] from regexp_matches(title, '(' || bracket_group || ')', 'g') as m loop
    folded := public.fold_text(piece);
    if folded ~ ('^' || ws || '*[(\[]' || ws || '*with' || ws) then
      null;
    elsif folded ~ version_word then
      removed := removed || chr(1) || folded;
    else
      display := display || piece;
    end if;
    i := i + 1;
    display := display || pieces[i];
  end loop;
  -- 2. " - " segments after the first: one starting with "with " goes, one naming a version goes
  pieces := regexp_split_to_array(display, dash);
  display := pieces[1];
  foreach piece in array pieces[2:] loop
    folded := public.fold_text(piece);
    if folded ~ ('^' || ws || '*with' || ws) then
      continue;
    elsif folded ~ version_word then
      removed := removed || chr(1) || folded;
    else
      display := display || ' - ' || piece;
    end if;
  end loop;
  -- 3. an unbracketed "feat. x" to the end, in any case; whitespace collapsed
  display := regexp_replace(display, ws || '(feat\.?|ft\.|featuring)' || ws || '.*$', '', 'i');
  display := btrim(regexp_replace(display, ws || '+', ' ', 'g'), ' ');
  if display = '' then
    -- the whole title was a qualifier, e.g. "(Demo)": keep it as written
    display := btrim(regexp_replace(title, ws || '+', ' ', 'g'), ' ');
  end if;
  normalized := public.normalize_song_title(display);
  is_live := removed ~ '\m(live|unplugged)\M';
  is_remix := removed ~ '\m(remix|mix)\M';
end
$$;
comment on function public.parse_song_title(text) is
  'Splits a track or setlist title into the song and its version: display is the title without the bracketed groups '
  'and " - " segments normalize_song_title removes (version words, "with" guests) and without an unbracketed feat. tail, '
  'in its own case and accents, whitespace collapsed (what songs.title stores; the title itself when nothing is left); '
  'normalized is normalize_song_title(display), which is normalize_song_title(title); is_live / is_remix say a removed '
  'qualifier named live or unplugged / remix or mix. "Slow Tide - Live at X" -> (Slow Tide, slow tide, true, false); '
  '"Live Forever" is not live. The sync writers, the Spotify catalog collapse and the spotify function call it.';

create function public.slugify(input text) returns text
language sql immutable strict parallel safe
set search_path = ''
as $$
  select btrim(
    regexp_replace(
      replace(regexp_replace(public.fold_text(input), '[''`\u00b4\u02bc\u2018\u2019]', '', 'g'), '&', ' and '),
      '[^a-z0-9]+', '-', 'g'),
    '-')
$$;
comment on function public.slugify(text) is
  'URL slug: fold_text, delete apostrophes, & -> " and ", every run of characters outside a-z0-9 -> "-", trim "-". '
  'Returns '''' when nothing ASCII is left (e.g. a name in a non-Latin script); artists_fill_slug and the tours writer fall back for that case. '
  'Example: "Beyoncé & Jay-Z" -> "beyonce-and-jay-z".';

revoke execute on function public.fold_text(text) from public;
revoke execute on function public.collapse_title_words(text, text, text) from public;
revoke execute on function public.song_version_word() from public;
revoke execute on function public.normalize_song_title(text) from public;
revoke execute on function public.parse_song_title(text) from public;
revoke execute on function public.slugify(text) from public;
grant execute on function public.fold_text(text) to anon, authenticated, service_role;
grant execute on function public.collapse_title_words(text, text, text) to anon, authenticated, service_role;
grant execute on function public.song_version_word() to anon, authenticated, service_role;
grant execute on function public.normalize_song_title(text) to anon, authenticated, service_role;
grant execute on function public.parse_song_title(text) to anon, authenticated, service_role;
grant execute on function public.slugify(text) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- catalog tables
-- ---------------------------------------------------------------------------

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
  updated_at timestamptz not null default now(),
  synthetic boolean not null default false
);
comment on table public.artists is 'Performing artists. ticketmaster_id, spotify_id and mbid (MusicBrainz, for setlist.fm) are the provider keys the syncs upsert on; *_synced_at say when each provider last filled this artist. slug is filled from the name when an insert leaves it null.';
comment on column public.artists.synthetic is
  'True when Ticketmaster''s attraction said "synthetic": true (the demo upstream''s invented artists); real data is always false. Set by the tour sync and the import on every write.';
create index artists_name_trgm_idx on public.artists using gin (name extensions.gin_trgm_ops);
create index artists_songs_synced_at_idx on public.artists (songs_synced_at nulls first);

-- a row inserted without a slug gets one from its name, made unique with a
-- short, stable suffix derived from its provider key when the name is taken
create function public.artists_fill_slug() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  base text := coalesce(nullif(public.slugify(new.name), ''), 'artist');
  candidate text := base;
  key text := coalesce(new.ticketmaster_id, new.spotify_id, new.mbid::text, new.id::text);
  attempt integer := 0;
begin
  if new.slug is not null then
    return new;
  end if;
  while exists (select 1 from public.artists a where a.slug = candidate) loop
    attempt := attempt + 1;
    candidate := base || '-' || substr(md5(key || ':' || attempt), 1, 6);
  end loop;
  new.slug := candidate;
  return new;
end
$$;
comment on function public.artists_fill_slug() is 'Trigger: fills artists.slug from the name (slugify) when an insert leaves it null; a taken slug gets a 6-character suffix from the provider key.';
revoke execute on function public.artists_fill_slug() from public, anon, authenticated, service_role;

create trigger artists_fill_slug before insert on public.artists
for each row when (new.slug is null) execute function public.artists_fill_slug();

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
-- no (country, city) index: nothing looks venues up that way

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
  voting_closes_at timestamptz,
  last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (date_tba or local_date is not null)
);
comment on table public.shows is 'One concert of one headlining artist. starts_at is null while the time is TBA; local_date is the venue-local calendar date (null only while the date is TBA). last_seen_at: when the tour sync last saw it upstream.';
comment on column public.shows.voting_closes_at is 'When voting, suggestions and new predictions close (show_voting_closes_at: the start time, or with the time TBA the start of the venue-local date; null while the date is TBA). Set by a trigger; the SPA reads it and never re-derives it.';
create index shows_artist_starts_idx on public.shows (artist_id, starts_at);
-- a venue's shows (the foreign key, venue merges): shows_venue_local_date_idx (venue_id, local_date), made with the
-- browse pages, leads with venue_id and serves them; a second index on venue_id alone only cost writes
create index shows_starts_at_idx on public.shows (starts_at);
create index shows_voting_closes_at_idx on public.shows (voting_closes_at);
create index shows_local_date_idx on public.shows (local_date);
-- no index on last_seen_at: nothing filters or sorts by it, and an indexed
-- column would make the tour writer's 12-hourly refresh a non-HOT update
-- touching every index of shows, the trigram one included
-- partial: only search_catalog reads it, for upcoming shows; at a real catalog's size four shows in five are
-- completed, and a common word's completed matches were most of what a search fetched and threw away
create index shows_name_trgm_idx on public.shows using gin (name extensions.gin_trgm_ops)
  where status <> 'completed';

-- When voting closes, defined once: every rule that closes something when a
-- show starts (predictions, votes, suggestions, "upcoming" lists) and the SPA
-- read shows.voting_closes_at, which a trigger keeps equal to this function.
--   * a known start time: that instant;
--   * time TBA, date known: the START of the venue-local date (the show may be
--     a matinee; a prediction is made before any part of the day it happens),
--     in the venue's IANA zone; with no zone, or one Postgres does not know,
--     the earliest start of that date anywhere (UTC+14), so voting never stays
--     open after the day has begun somewhere;
--   * date TBA: null, voting stays open.
-- It depends on no session setting: local_date::timestamp is a plain calendar
-- midnight and "at time zone <name>" resolves it in the named zone.
create function public.show_voting_closes_at(
  starts_at timestamptz, local_date date, date_tba boolean, time_tba boolean, venue_timezone text)
returns timestamptz
language plpgsql
immutable
set search_path = ''
as $$
begin
  if starts_at is not null and not coalesce(time_tba, false) then
    return starts_at;
  end if;
  if local_date is null or coalesce(date_tba, false) then
    return null;
  end if;
  if venue_timezone is not null then
    begin
      return local_date::timestamp at time zone venue_timezone;
    exception when invalid_parameter_value then
      null; -- an unknown zone name falls through to the earliest start below
    end;
  end if;
  return (local_date::timestamp - interval '14 hours') at time zone 'UTC';
end
$$;
comment on function public.show_voting_closes_at(timestamptz, date, boolean, boolean, text) is
  'The moment voting on a show closes: starts_at when the time is known; with the time TBA, the start (00:00) of local_date in the venue''s IANA zone (an unknown or missing zone: 00:00 at UTC+14, the earliest that date begins anywhere); null while the date is TBA. '
  'Independent of the session time zone. shows.voting_closes_at holds its value (trigger shows_fill_voting_closes_at).';
revoke execute on function public.show_voting_closes_at(timestamptz, date, boolean, boolean, text) from public;
grant execute on function public.show_voting_closes_at(timestamptz, date, boolean, boolean, text) to anon, authenticated, service_role;

-- "Has the show started?" asked one way by every rule that closes something
-- when it has: it is completed, or its voting_closes_at is now or past.
-- A show whose date is TBA (voting_closes_at null) has not started.
-- The tour writer refreshes shows.last_seen_at at most this often, so a re-run
-- inside the interval writes no row; sync_health counts a show as seen by the
-- last tour sync when its last_seen_at is within the interval before that run
-- started. Both read it here, so the two cannot drift apart.
create function public.show_last_seen_refresh()
returns interval
language sql
immutable
set search_path = ''
as $$
  select interval '12 hours'
$$;
comment on function public.show_last_seen_refresh() is
  'How often the tour writer refreshes shows.last_seen_at (12 hours): re-runs inside it leave a show untouched, and sync_health counts a show as seen by the last tour sync when last_seen_at is within it. The one home of the value.';
revoke execute on function public.show_last_seen_refresh() from public, anon, authenticated;
grant execute on function public.show_last_seen_refresh() to service_role;

create function public.show_has_started(status public.show_status, voting_closes_at timestamptz)
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(status = 'completed' or voting_closes_at <= now(), false)
$$;
comment on function public.show_has_started(public.show_status, timestamptz) is
  'True once a show is completed or its voting_closes_at (see show_voting_closes_at) has passed; false while the date is TBA. The one definition used by ensure_predicted_setlist, cast_vote, suggest_song and the upcoming-show filters; the SPA reads shows.voting_closes_at.';
revoke execute on function public.show_has_started(public.show_status, timestamptz) from public;
grant execute on function public.show_has_started(public.show_status, timestamptz) to anon, authenticated, service_role;

-- shows.voting_closes_at follows its inputs: the show's own timing columns and
-- its venue's zone; whatever an insert or update supplies for it is replaced
create function public.shows_fill_voting_closes_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.starts_at is not null and not coalesce(new.time_tba, false) then
    -- a known start closes voting whatever the venue's zone (show_voting_closes_at returns it), and most shows
    -- have one: no lookup of the venue per row (the tour writer inserts 200 a page)
    new.voting_closes_at := public.show_voting_closes_at(new.starts_at, new.local_date, new.date_tba, new.time_tba, null);
  else
    new.voting_closes_at := public.show_voting_closes_at(new.starts_at, new.local_date, new.date_tba, new.time_tba,
      (select v.timezone from public.venues v where v.id = new.venue_id));
  end if;
  return new;
end
$$;
comment on function public.shows_fill_voting_closes_at() is 'Trigger: keeps shows.voting_closes_at equal to show_voting_closes_at() of the row and its venue''s timezone.';
revoke execute on function public.shows_fill_voting_closes_at() from public, anon, authenticated, service_role;

create trigger shows_fill_voting_closes_at
before insert or update of starts_at, local_date, date_tba, time_tba, venue_id, voting_closes_at on public.shows
for each row execute function public.shows_fill_voting_closes_at();

create function public.venues_refresh_voting_closes_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- touching the column re-runs shows_fill_voting_closes_at with the new zone
  update public.shows sh set voting_closes_at = null where sh.venue_id = new.id;
  return null;
end
$$;
comment on function public.venues_refresh_voting_closes_at() is 'Trigger: a venue''s new timezone moves the voting_closes_at of its shows.';
revoke execute on function public.venues_refresh_voting_closes_at() from public, anon, authenticated, service_role;

create trigger venues_refresh_voting_closes_at
after update of timezone on public.venues
for each row when (old.timezone is distinct from new.timezone)
execute function public.venues_refresh_voting_closes_at();

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
comment on table public.songs is 'An artist''s songs. normalized_title = normalize_song_title(title), set by a trigger, collapses remastered/live/deluxe/radio-edit copies into one song per artist (upsert on (artist_id, normalized_title)); spotify_id is the track kept as the song''s representative.';
comment on column public.songs.normalized_title is 'Always normalize_song_title(title): the songs_normalize_title trigger overwrites whatever an insert or update supplies.';
create index songs_title_trgm_idx on public.songs using gin (title extensions.gin_trgm_ops);

create function public.songs_normalize_title() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.normalized_title := public.normalize_song_title(new.title);
  return new;
end
$$;
comment on function public.songs_normalize_title() is 'Trigger: keeps songs.normalized_title equal to normalize_song_title(title), so the unique key cannot drift from the rule.';
revoke execute on function public.songs_normalize_title() from public, anon, authenticated, service_role;

create trigger songs_normalize_title before insert or update of title, normalized_title on public.songs
for each row execute function public.songs_normalize_title();

-- deny by default; the policies that open reads come with the RLS migration
alter table public.artists enable row level security;
alter table public.venues enable row level security;
alter table public.shows enable row level security;
alter table public.show_artists enable row level security;
alter table public.songs enable row level security;
