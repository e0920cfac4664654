-- notifications: what happened that a fan cares about, written by the SQL that
-- saw it happen, once per event per fan (unique (user_id, kind, event_key)).
--
--   kind               written by                           to whom
--   show_announced     shows insert trigger (the tour sync) followers of the show's artist whose
--                                                           home city is the venue's city (fold_text
--                                                           equal) or whose home coordinates are
--                                                           within fan_rules.nearby_km of the venue
--   prediction_opened  setlists insert trigger (kind         every follower of the show's artist
--                      predicted, i.e. whoever builds it)
--   picks_scored       award_show_points (points migration) every fan who voted on or suggested for
--                                                           the scored show, with their points
-- Only upcoming, non-cancelled shows announce anything: the setlist sync also
-- inserts past shows, which are history, not news.
--
-- Live delivery: every inserted row is sent at once with
-- realtime.send(row, 'notification', 'user:<user id>', private => true); the
-- policy on realtime.messages below lets only that user join that private
-- topic. Email or push would be a sender that claims rows whose
-- delivery_status is 'pending' and marks them 'sent'/'failed'; none exists yet,
-- so every row stays 'pending' for it.
--
-- Kept fan_rules.notification_retention_days (90) days: prune_notifications,
-- daily through pg_cron.
--
-- Refusals: not_authenticated, notification_not_found.

create table public.notifications (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  kind text not null check (kind in ('show_announced', 'prediction_opened', 'picks_scored')),
  event_key text not null check (length(event_key) > 0),
  payload jsonb not null default '{}',
  created_at timestamptz not null default now(),
  read_at timestamptz,
  delivery_status text not null default 'pending' check (delivery_status in ('pending', 'sent', 'failed', 'skipped')),
  delivered_at timestamptz,
  unique (user_id, kind, event_key)
);
comment on table public.notifications is
  'One row per event per fan (unique user_id, kind, event_key; event_key is show:<show id> for every kind so far). payload carries what the SPA shows (show, artist, points...). '
  'read_at is set by mark_notification_read / mark_all_notifications_read. delivery_status/delivered_at are for an external sender (email, push) to claim pending rows; in-app live delivery is realtime.send at insert. '
  'Rows older than fan_rules.notification_retention_days are pruned daily.';
-- the bell: a fan's newest first, and the unread count
create index notifications_user_created_idx on public.notifications (user_id, created_at desc, id desc);
create index notifications_user_unread_idx on public.notifications (user_id) where read_at is null;
create index notifications_created_idx on public.notifications (created_at);

select public.protect_fan_rows('public.notifications', 'fans read their own notifications');

-- ---------------------------------------------------------------------------
-- live delivery on the private topic user:<user id>
-- ---------------------------------------------------------------------------

create function public.send_notification_live()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(
    jsonb_build_object('id', new.id, 'kind', new.kind, 'payload', new.payload, 'created_at', new.created_at,
      'read_at', new.read_at),
    'notification', 'user:' || new.user_id, true);
  return null;
end
$$;
comment on function public.send_notification_live() is
  'Trigger on notifications insert: sends the new notification {id, kind, payload, created_at, read_at} as event notification on the private topic user:<user id>.';
revoke execute on function public.send_notification_live() from public, anon, authenticated, service_role;

create trigger notifications_send_live
after insert on public.notifications
for each row execute function public.send_notification_live();

-- Realtime Authorization: only the user themself may receive on user:<their id>.
-- realtime.messages is Supabase's (and the local platform bootstrap's); guarded
-- so the migration also applies to a database that does not have it yet.
do $$
begin
  if to_regclass('realtime.messages') is not null then
    execute $policy$
      create policy "fans receive their own notifications" on realtime.messages
      for select to authenticated
      using (
        realtime.messages.extension = 'broadcast'
        and (select realtime.topic()) = 'user:' || (select auth.uid())::text
      )
    $policy$;
  end if;
end
$$;

-- ---------------------------------------------------------------------------
-- events
-- ---------------------------------------------------------------------------

create function public.great_circle_km(
  latitude_a double precision, longitude_a double precision,
  latitude_b double precision, longitude_b double precision)
returns double precision
language sql
immutable
parallel safe
set search_path = ''
as $$
  select 2 * 6371.0088 * asin(sqrt(
    power(sin(radians(latitude_b - latitude_a) / 2), 2)
    + cos(radians(latitude_a)) * cos(radians(latitude_b)) * power(sin(radians(longitude_b - longitude_a) / 2), 2)))
$$;
comment on function public.great_circle_km(double precision, double precision, double precision, double precision) is
  'Haversine distance in km (mean Earth radius 6371.0088 km) between two points; null when any coordinate is null.';
revoke execute on function public.great_circle_km(double precision, double precision, double precision, double precision)
  from public;
grant execute on function public.great_circle_km(double precision, double precision, double precision, double precision)
  to anon, authenticated, service_role;

create function public.show_notification_payload(show_id uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object('show_id', sh.id, 'show_name', sh.name, 'starts_at', sh.starts_at,
    'local_date', sh.local_date, 'artist_id', a.id, 'artist_name', a.name, 'artist_slug', a.slug,
    'venue_name', v.name, 'city', v.city)
  from public.shows sh
  join public.artists a on a.id = sh.artist_id
  left join public.venues v on v.id = sh.venue_id
  where sh.id = show_notification_payload.show_id
$$;
comment on function public.show_notification_payload(uuid) is
  'What every notification about a show carries: {show_id, show_name, starts_at, local_date, artist_id, artist_name, artist_slug, venue_name, city}.';
revoke execute on function public.show_notification_payload(uuid) from public, anon, authenticated;
grant execute on function public.show_notification_payload(uuid) to service_role;

create function public.notify_show_announced()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  radius_km numeric := (select r.nearby_km from public.fan_rules r);
begin
  -- once per statement over the rows it inserted: the tour writer inserts a page of 200 shows in one
  -- statement, and a row trigger ran this lookup 200 times (most of a page's write time)
  with announced as (
    select s.id, s.artist_id, v.city, v.latitude, v.longitude,
           radius_km / 111.2 as lat_span,
           radius_km / (111.2 * greatest(cos(radians(v.latitude)), 0.01)) as lon_span
    from added_shows s
    -- a probe per show (as a join, a page of 200 shows hashed the whole venues table)
    join lateral (select v.* from public.venues v where v.id = s.venue_id limit 1) v on true
    where s.status <> 'cancelled' and not public.show_has_started(s.status, s.voting_closes_at)
  )
  -- two branches, so the planner can start from whichever side is smaller (the
  -- artist's followers, or the fans of that city / that box) using the indexes
  -- below; the box is the radius in degrees (longitude widened by latitude)
  insert into public.notifications (user_id, kind, event_key, payload)
  select nearby.user_id, 'show_announced', 'show:' || nearby.show_id, public.show_notification_payload(nearby.show_id)
  from (
    select f.user_id, a.id as show_id
    from announced a
    join public.follows f on f.artist_id = a.artist_id
    join public.profiles p on p.user_id = f.user_id
    where public.fold_text(p.home_city) = public.fold_text(a.city)
    union
    select f.user_id, a.id
    from announced a
    join public.follows f on f.artist_id = a.artist_id
    join public.profiles p on p.user_id = f.user_id
    where p.home_latitude between a.latitude - a.lat_span and a.latitude + a.lat_span
      and p.home_longitude between a.longitude - a.lon_span and a.longitude + a.lon_span
      and public.great_circle_km(p.home_latitude, p.home_longitude, a.latitude, a.longitude) <= radius_km
  ) nearby
  on conflict (user_id, kind, event_key) do nothing;
  return null;
end
$$;
comment on function public.notify_show_announced() is
  'Statement trigger on shows insert (the inserted rows as added_shows): each upcoming, non-cancelled show with a venue notifies (show_announced, event_key show:<id>) each follower of its artist whose home city equals the venue''s city '
  '(fold_text: case and accents ignored) or whose home coordinates lie within fan_rules.nearby_km of the venue''s (great circle; the search box does not wrap at longitude 180).';
revoke execute on function public.notify_show_announced() from public, anon, authenticated, service_role;

-- "fans of this city" and "fans in this box", for show_announced
create index profiles_home_city_idx on public.profiles (public.fold_text(home_city)) where home_city is not null;
create index profiles_home_location_idx on public.profiles (home_latitude, home_longitude)
  where home_latitude is not null;

create trigger shows_notify_announced
after insert on public.shows
referencing new table as added_shows
for each statement execute function public.notify_show_announced();

create function public.notify_prediction_opened()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  target public.shows;
begin
  select * into target from public.shows sh where sh.id = new.show_id;
  if target.status = 'cancelled' or public.show_has_started(target.status, target.voting_closes_at) then
    return null;
  end if;
  insert into public.notifications (user_id, kind, event_key, payload)
  select f.user_id, 'prediction_opened', 'show:' || target.id, public.show_notification_payload(target.id)
  from public.follows f
  where f.artist_id = target.artist_id
  on conflict (user_id, kind, event_key) do nothing;
  return null;
end
$$;
comment on function public.notify_prediction_opened() is
  'Trigger on setlists insert of a predicted setlist: for an upcoming, non-cancelled show, notifies every follower of the show''s artist (prediction_opened, event_key show:<id>).';
revoke execute on function public.notify_prediction_opened() from public, anon, authenticated, service_role;

create trigger setlists_notify_prediction_opened
after insert on public.setlists
for each row when (new.kind = 'predicted') execute function public.notify_prediction_opened();

-- ---------------------------------------------------------------------------
-- reading state
-- ---------------------------------------------------------------------------

create function public.mark_notification_read(notification_id bigint)
returns public.notifications
language plpgsql
security definer
set search_path = ''
as $$
declare
  fan uuid := public.require_fan('Notifications belong to a signed-in user or a guest session.');
  marked public.notifications;
begin
  update public.notifications n set read_at = coalesce(n.read_at, now())
  where n.id = notification_id and n.user_id = fan
  returning n.* into marked;
  if not found then
    perform public.refuse('notification_not_found', 'You have no notification with that id.',
      'Reload your notifications.');
  end if;
  return marked;
end
$$;
comment on function public.mark_notification_read(bigint) is
  'Marks one of the caller''s notifications read (the first read time stays) and returns it. Refuses not_authenticated, notification_not_found (none with that id, or another fan''s).';
revoke execute on function public.mark_notification_read(bigint) from public;
grant execute on function public.mark_notification_read(bigint) to anon, authenticated, service_role;

create function public.mark_all_notifications_read()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  fan uuid := public.require_fan('Notifications belong to a signed-in user or a guest session.');
  marked integer;
begin
  update public.notifications n set read_at = now() where n.user_id = fan and n.read_at is null;
  get diagnostics marked = row_count;
  return marked;
end
$$;
comment on function public.mark_all_notifications_read() is
  'Marks every unread notification of the caller read; returns how many it marked. Refuses not_authenticated.';
revoke execute on function public.mark_all_notifications_read() from public;
grant execute on function public.mark_all_notifications_read() to anon, authenticated, service_role;

create function public.unread_notification_count()
returns integer
language sql
stable
security invoker
set search_path = ''
as $$
  select count(*)::integer from public.notifications n where n.user_id = (select auth.uid()) and n.read_at is null
$$;
comment on function public.unread_notification_count() is
  'The caller''s unread notifications (the bell''s number); 0 without a session. Security invoker under notifications'' RLS, served by the partial unread index.';
revoke execute on function public.unread_notification_count() from public;
grant execute on function public.unread_notification_count() to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- retention
-- ---------------------------------------------------------------------------

create function public.prune_notifications()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  pruned integer;
begin
  delete from public.notifications n
  where n.created_at < now() - make_interval(days => (select r.notification_retention_days from public.fan_rules r));
  get diagnostics pruned = row_count;
  return pruned;
end
$$;
comment on function public.prune_notifications() is
  'Deletes notifications older than fan_rules.notification_retention_days (90) and returns how many. Scheduled daily by pg_cron (prune-notifications).';
revoke execute on function public.prune_notifications() from public, anon, authenticated;
grant execute on function public.prune_notifications() to service_role;

create extension if not exists pg_cron;
select cron.schedule('prune-notifications', '41 3 * * *', $$select public.prune_notifications()$$);
