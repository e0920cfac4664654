-- fan profiles and follows: a public handle and a home city per fan, and the
-- artists a fan follows, with a live follower count per artist.
--
-- The rules (one home each, read by the SPA):
--   fan_rules          handle length bounds, the follow cap, the point values
--                      (points migration), the "near you" radius and the
--                      notification retention (notifications migration)
--   reserved_handles   words no fan may take as a handle (case-insensitive)
--   handle_refusal()   the one check of a handle: length, characters
--                      (a letter, then letters, digits or _), reserved words
--   profiles_handle_key  case-insensitive uniqueness (lower(handle))
--
-- Writes go through set_profile, follow_artist and unfollow_artist, which take
-- the caller from auth.uid(). A guest (anonymous sign-in) may set a home city
-- and follow artists but may not claim a handle (handles are public names, and
-- anonymous sign-ins are free to repeat). When a guest upgrades to an account
-- GoTrue keeps the same user id, so the profile and follows simply stay theirs.
--
-- Visibility: a fan reads their own profile row and follows (RLS); others see
-- only the handle, the home city and public stats, through public_profile()
-- and the leaderboards (points migration), never the row, the coordinates or
-- the user id.
--
-- Account deletion: every row here references auth.users on delete cascade,
-- so deleting the account removes the profile and the follows (follower
-- counts drop with them, via the follows trigger). Votes do NOT keep counting
-- anonymously: the voting migration's retract_votes_before_user_delete trigger
-- takes them out of the counters and the rows go by cascade; a song the fan
-- suggested stays on the setlist with suggested_by null.
--
-- Refusals (P0001, message = code): not_authenticated, guest_cannot_claim_handle,
-- handle_length, handle_characters, handle_reserved, handle_taken,
-- invalid_home_city, invalid_home_location, artist_not_found, follow_limit.

-- ---------------------------------------------------------------------------
-- rules
-- ---------------------------------------------------------------------------

create table public.fan_rules (
  id boolean primary key default true check (id),
  handle_min_length integer not null default 3 check (handle_min_length >= 1),
  handle_max_length integer not null default 20 check (handle_max_length >= handle_min_length),
  home_city_max_length integer not null default 80 check (home_city_max_length >= 1),
  max_follows integer not null default 500 check (max_follows >= 0),
  upvote_played_points integer not null default 10 check (upvote_played_points >= 0),
  downvote_unplayed_points integer not null default 5 check (downvote_unplayed_points >= 0),
  suggestion_played_points integer not null default 25 check (suggestion_played_points >= 0),
  nearby_km numeric not null default 50 check (nearby_km >= 0),
  notification_retention_days integer not null default 90 check (notification_retention_days >= 1)
);
comment on table public.fan_rules is
  'The one row of fan-facing rules: handle length bounds, home city length, the follow cap per fan, the points per correct call (see award_show_points), '
  'the radius in km that counts as "near" a fan''s home coordinates, and how many days notifications are kept. Everyone may read it; the SPA shows it.';
insert into public.fan_rules default values;

select public.protect_rows('public.fan_rules', 'anon, authenticated', 'select, update');
create policy "fan rules are readable by anon" on public.fan_rules for select to anon using (true);
create policy "fan rules are readable by authenticated" on public.fan_rules for select to authenticated using (true);

create table public.reserved_handles (
  handle text primary key check (handle = lower(handle))
);
comment on table public.reserved_handles is
  'Handles nobody may take (stored lowercase, compared case-insensitively): names that would impersonate the service or collide with its routes.';
insert into public.reserved_handles (handle) values
  ('about'), ('account'), ('admin'), ('administrator'), ('anonymous'), ('api'), ('artist'), ('artists'), ('auth'),
  ('everyone'), ('guest'), ('help'), ('leaderboard'), ('leaderboards'), ('login'), ('logout'), ('me'), ('moderator'),
  ('notifications'), ('null'), ('official'), ('root'), ('search'), ('settings'), ('show'), ('shows'), ('signup'),
  ('staff'), ('support'), ('system'), ('theset'), ('undefined'), ('venue'), ('venues');

alter table public.reserved_handles enable row level security;
revoke all on public.reserved_handles from anon, authenticated;
grant select, insert, delete on public.reserved_handles to service_role;

create function public.handle_refusal(handle text)
returns text
language sql
stable
set search_path = ''
as $$
  select case
    when handle is null
      or char_length(handle) < r.handle_min_length or char_length(handle) > r.handle_max_length then 'handle_length'
    when handle !~ '^[A-Za-z][A-Za-z0-9_]*$' then 'handle_characters'
    when exists (select 1 from public.reserved_handles rh where rh.handle = lower(handle_refusal.handle))
      then 'handle_reserved'
  end
  from public.fan_rules r
$$;
comment on function public.handle_refusal(text) is
  'The refusal code for a handle, or null when it is acceptable (uniqueness aside): handle_length (outside fan_rules.handle_min_length..handle_max_length characters), '
  'handle_characters (not an ASCII letter followed by ASCII letters, digits or _), handle_reserved (in reserved_handles, case-insensitively). Used by set_profile.';
revoke execute on function public.handle_refusal(text) from public;
grant execute on function public.handle_refusal(text) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- profiles
-- ---------------------------------------------------------------------------

create table public.profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  handle text,
  home_city text,
  home_latitude double precision check (home_latitude between -90 and 90),
  home_longitude double precision check (home_longitude between -180 and 180),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((home_latitude is null) = (home_longitude is null))
);
comment on table public.profiles is
  'A fan''s public name (handle, unique case-insensitively, checked by handle_refusal) and home city (matched against venues.city after fold_text for "a show in your city"), '
  'with optional home coordinates for "near you" (fan_rules.nearby_km). Written only by set_profile; a fan reads their own row; others see handle and city through public_profile and the leaderboards.';
create unique index profiles_handle_key on public.profiles (lower(handle)) where handle is not null;

select public.protect_fan_rows('public.profiles', 'fans read their own profile');

create function public.set_profile(
  handle text,
  home_city text,
  home_latitude double precision default null,
  home_longitude double precision default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  fan uuid := public.require_fan('A profile belongs to a signed-in user or a guest session.');
  rules public.fan_rules;
  wanted_handle text := nullif(btrim(handle), '');
  wanted_city text := nullif(btrim(regexp_replace(home_city, '\s+', ' ', 'g')), '');
  refusal text;
  saved public.profiles;
begin
  select * into rules from public.fan_rules;
  if wanted_handle is not null then
    if coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false) then
      perform public.refuse('guest_cannot_claim_handle', 'Guests cannot take a public handle.',
        'Create an account to choose a handle; your votes and follows stay yours.');
    end if;
    refusal := public.handle_refusal(wanted_handle);
    if refusal is not null then
      perform public.refuse(refusal, format('"%s" cannot be a handle.', wanted_handle),
        format('Use %s to %s characters: a letter, then letters, digits or _; not a reserved word.',
          rules.handle_min_length, rules.handle_max_length));
    end if;
  end if;
  if wanted_city is not null and char_length(wanted_city) > rules.home_city_max_length then
    perform public.refuse('invalid_home_city',
      format('A home city has at most %s characters.', rules.home_city_max_length),
      'Type just the city''s name.');
  end if;
  if (home_latitude is null) <> (home_longitude is null)
     or home_latitude not between -90 and 90 or home_longitude not between -180 and 180 then
    perform public.refuse('invalid_home_location',
      'Home coordinates need a latitude (-90..90) and a longitude (-180..180), or neither.',
      'Send both coordinates or none.');
  end if;

  begin
    insert into public.profiles as p (user_id, handle, home_city, home_latitude, home_longitude)
    values (fan, wanted_handle, wanted_city, home_latitude, home_longitude)
    on conflict (user_id) do update
    set handle = excluded.handle, home_city = excluded.home_city, home_latitude = excluded.home_latitude,
        home_longitude = excluded.home_longitude, updated_at = now()
    returning p.* into saved;
  exception when unique_violation then
    perform public.refuse('handle_taken',
      format('Another fan already uses the handle "%s" (case does not matter).', wanted_handle),
      'Pick another handle.');
  end;
  return jsonb_build_object('handle', saved.handle, 'home_city', saved.home_city,
    'home_latitude', saved.home_latitude, 'home_longitude', saved.home_longitude);
end
$$;
comment on function public.set_profile(text, text, double precision, double precision) is
  'Sets the caller''s (auth.uid()) whole profile: handle (null or blank = none), home city (whitespace collapsed; blank = none) and optional home coordinates. Returns {handle, home_city, home_latitude, home_longitude}. '
  'Refuses not_authenticated, guest_cannot_claim_handle, handle_length, handle_characters, handle_reserved, handle_taken (case-insensitive), invalid_home_city (longer than fan_rules.home_city_max_length), invalid_home_location.';
revoke execute on function public.set_profile(text, text, double precision, double precision) from public;
grant execute on function public.set_profile(text, text, double precision, double precision) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- follow_artist / unfollow_artist (the follows table and its counter are the
-- follows migration's, which comes before trending: follows are a trending signal)
-- ---------------------------------------------------------------------------

create function public.follow_artist(artist_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  fan uuid := public.require_fan('Following needs a signed-in user or a guest session.');
  cap integer;
begin
  perform public.require_artist(follow_artist.artist_id);
  if not exists (select 1 from public.follows f where f.user_id = fan and f.artist_id = follow_artist.artist_id) then
    select r.max_follows into cap from public.fan_rules r;
    if (select count(*) from public.follows f where f.user_id = fan) >= cap then
      perform public.refuse('follow_limit', format('You follow %s artists already, the most allowed.', cap),
        'Unfollow an artist first.');
    end if;
    insert into public.follows (user_id, artist_id) values (fan, follow_artist.artist_id)
    on conflict do nothing;
  end if;
  return jsonb_build_object('artist_id', follow_artist.artist_id, 'following', true,
    'followers', coalesce((select c.followers from public.artist_follower_counts c
      where c.artist_id = follow_artist.artist_id), 0));
end
$$;
comment on function public.follow_artist(uuid) is
  'The caller (auth.uid(); guests too) follows an artist; following again changes nothing. Returns {artist_id, following: true, followers}. '
  'Refuses not_authenticated, artist_not_found, follow_limit (fan_rules.max_follows).';
revoke execute on function public.follow_artist(uuid) from public;
grant execute on function public.follow_artist(uuid) to anon, authenticated, service_role;

create function public.unfollow_artist(artist_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  fan uuid := public.require_fan('Unfollowing needs a signed-in user or a guest session.');
begin
  perform public.require_artist(unfollow_artist.artist_id);
  delete from public.follows f where f.user_id = fan and f.artist_id = unfollow_artist.artist_id;
  return jsonb_build_object('artist_id', unfollow_artist.artist_id, 'following', false,
    'followers', coalesce((select c.followers from public.artist_follower_counts c
      where c.artist_id = unfollow_artist.artist_id), 0));
end
$$;
comment on function public.unfollow_artist(uuid) is
  'The caller (auth.uid()) stops following an artist; unfollowing an artist not followed changes nothing. Returns {artist_id, following: false, followers}. Refuses not_authenticated, artist_not_found.';
revoke execute on function public.unfollow_artist(uuid) from public;
grant execute on function public.unfollow_artist(uuid) to anon, authenticated, service_role;

create function public.my_followed_artists()
returns setof public.artists
language sql
stable
security invoker
set search_path = ''
as $$
  select a.*
  from public.follows f
  join public.artists a on a.id = f.artist_id
  where f.user_id = (select auth.uid())
  order by a.name, a.id
$$;
comment on function public.my_followed_artists() is
  'The artists the caller follows, by name ("my artists"). Security invoker: follows'' RLS limits it to the caller''s rows; empty without a session.';
revoke execute on function public.my_followed_artists() from public;
grant execute on function public.my_followed_artists() to authenticated, service_role;
