-- points and leaderboards: once a show is scored (a prediction_scores row is
-- written or rewritten, whoever writes it), every fan who voted on or suggested
-- for its prediction gets points for the calls that came true.
--
-- The formula (points_for_calls, values in fan_rules):
--   points = upvote_played_points      (10) x songs the fan voted up that were played
--          + downvote_unplayed_points   (5) x songs the fan voted down that were not played
--          + suggestion_played_points  (25) x songs the fan suggested that were played
-- "Played" = the song is on the show's actual setlist (catalog songs, tapes
-- excluded), the same set score_prediction compares with. Wrong calls cost
-- nothing. Guests (auth.users.is_anonymous) earn 0 but their calls are
-- recorded; when a guest upgrades to an account (same user id) their recorded
-- calls are re-priced by the same formula, so the account keeps everything.
--
-- Once per show per fan: show_points is keyed (show_id, user_id); scoring a
-- show again (a corrected setlist) recomputes the row in place, and the
-- totals move by the difference, never twice. The picks_scored notification is
-- written with the first award only (unique per show and fan).
--
-- Leaderboards read running totals kept by a trigger on show_points, not a
-- materialized view: fan_points (all time) and fan_artist_points (per artist)
-- are exact the moment scoring commits and cost one index range per page at
-- any number of fans ((points desc, user_id) indexes; rank = 1 + the number of
-- fans with more points, an index-only count). Boards list fans with points > 0
-- (guests hold 0); only handles are shown, never user ids.
--
-- Refusals: not_authenticated, invalid_page, fan_not_found.

create table public.show_points (
  show_id uuid not null references public.shows (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  artist_id uuid not null references public.artists (id) on delete cascade,
  upvotes_played integer not null check (upvotes_played >= 0),
  downvotes_unplayed integer not null check (downvotes_unplayed >= 0),
  suggestions_played integer not null check (suggestions_played >= 0),
  calls integer not null check (calls >= 0),
  guest boolean not null,
  points integer not null check (points >= 0),
  awarded_at timestamptz not null default now(),
  primary key (show_id, user_id)
);
comment on table public.show_points is
  'A fan''s points for one scored show (formula: points_for_calls): correct calls by kind, calls made (votes + suggestions), whether the fan was a guest then (0 points). '
  'Written only by award_show_points when the show''s prediction_scores row appears or changes. A fan reads their own rows; others see handles and points through the leaderboards.';
create index show_points_user_awarded_idx on public.show_points (user_id, awarded_at);
create index show_points_board_idx on public.show_points (show_id, points desc, user_id) where points > 0;

select public.protect_fan_rows('public.show_points', 'fans read their own show points');

create table public.fan_points (
  user_id uuid primary key references auth.users (id) on delete cascade,
  points integer not null default 0 check (points >= 0),
  shows integer not null default 0 check (shows >= 0)
);
comment on table public.fan_points is
  'All-time totals per fan (sum of show_points.points, number of scored shows), kept by the show_points trigger. Read through global_leaderboard and public_profile.';
create index fan_points_board_idx on public.fan_points (points desc, user_id) where points > 0;

create table public.fan_artist_points (
  artist_id uuid not null references public.artists (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  points integer not null default 0 check (points >= 0),
  shows integer not null default 0 check (shows >= 0),
  primary key (artist_id, user_id)
);
comment on table public.fan_artist_points is
  'Totals per artist and fan over that artist''s scored shows, kept by the show_points trigger. Read through artist_leaderboard.';
create index fan_artist_points_board_idx on public.fan_artist_points (artist_id, points desc, user_id) where points > 0;
create index fan_artist_points_user_idx on public.fan_artist_points (user_id);

alter table public.fan_points enable row level security;
alter table public.fan_artist_points enable row level security;
revoke all on public.fan_points, public.fan_artist_points from anon, authenticated;
grant select, insert, update, delete on public.fan_points, public.fan_artist_points to service_role;

-- ---------------------------------------------------------------------------
-- the formula
-- ---------------------------------------------------------------------------

create function public.points_for_calls(upvotes_played integer, downvotes_unplayed integer,
  suggestions_played integer, guest boolean)
returns integer
language sql
stable
set search_path = ''
as $$
  select case when guest then 0 else
    upvotes_played * r.upvote_played_points
    + downvotes_unplayed * r.downvote_unplayed_points
    + suggestions_played * r.suggestion_played_points
  end
  from public.fan_rules r
$$;
comment on function public.points_for_calls(integer, integer, integer, boolean) is
  'The points formula, the only copy: 0 for a guest, else upvotes_played x fan_rules.upvote_played_points + downvotes_unplayed x downvote_unplayed_points + suggestions_played x suggestion_played_points.';
revoke execute on function public.points_for_calls(integer, integer, integer, boolean) from public;
grant execute on function public.points_for_calls(integer, integer, integer, boolean) to anon, authenticated, service_role;

create function public.award_show_points(show_id uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  target public.shows;
  predicted_id uuid;
  actual_id uuid;
  awarded integer;
begin
  select * into target from public.shows sh where sh.id = award_show_points.show_id;
  select s.id into predicted_id from public.setlists s where s.show_id = target.id and s.kind = 'predicted';
  select s.id into actual_id from public.setlists s where s.show_id = target.id and s.kind = 'actual';
  if predicted_id is null or actual_id is null then
    return 0;
  end if;

  with played as (
    select distinct ss.song_id from public.setlist_songs ss
    where ss.setlist_id = actual_id and ss.song_id is not null and not ss.is_tape
  ),
  vote_calls as (
    select v.user_id,
      count(*) filter (where v.value = 1 and p.song_id is not null)::integer as upvotes_played,
      count(*) filter (where v.value = -1 and p.song_id is null)::integer as downvotes_unplayed,
      count(*)::integer as calls
    from public.votes v
    join public.setlist_songs ss on ss.id = v.setlist_song_id and ss.setlist_id = predicted_id
    left join played p on p.song_id = ss.song_id
    where v.show_id = target.id
    group by v.user_id
  ),
  suggestion_calls as (
    select ss.suggested_by as user_id,
      count(p.song_id)::integer as suggestions_played,
      count(*)::integer as calls
    from public.setlist_songs ss
    left join played p on p.song_id = ss.song_id
    where ss.setlist_id = predicted_id and ss.suggested_by is not null
    group by ss.suggested_by
  ),
  fans as (
    select coalesce(vc.user_id, sc.user_id) as user_id,
      coalesce(vc.upvotes_played, 0) as upvotes_played,
      coalesce(vc.downvotes_unplayed, 0) as downvotes_unplayed,
      coalesce(sc.suggestions_played, 0) as suggestions_played,
      coalesce(vc.calls, 0) + coalesce(sc.calls, 0) as calls
    from vote_calls vc
    full join suggestion_calls sc on sc.user_id = vc.user_id
  ),
  written as (
    insert into public.show_points as sp (show_id, user_id, artist_id, upvotes_played, downvotes_unplayed,
      suggestions_played, calls, guest, points)
    select target.id, f.user_id, target.artist_id, f.upvotes_played, f.downvotes_unplayed, f.suggestions_played,
      f.calls, u.is_anonymous,
      public.points_for_calls(f.upvotes_played, f.downvotes_unplayed, f.suggestions_played, u.is_anonymous)
    from fans f
    join auth.users u on u.id = f.user_id
    order by f.user_id
    on conflict (show_id, user_id) do update
    set upvotes_played = excluded.upvotes_played, downvotes_unplayed = excluded.downvotes_unplayed,
        suggestions_played = excluded.suggestions_played, calls = excluded.calls, guest = excluded.guest,
        points = excluded.points
    where (sp.upvotes_played, sp.downvotes_unplayed, sp.suggestions_played, sp.calls, sp.guest, sp.points)
      is distinct from (excluded.upvotes_played, excluded.downvotes_unplayed, excluded.suggestions_played,
        excluded.calls, excluded.guest, excluded.points)
    returning sp.*
  )
  insert into public.notifications (user_id, kind, event_key, payload)
  select w.user_id, 'picks_scored', 'show:' || w.show_id,
    public.show_notification_payload(w.show_id) || jsonb_build_object('points', w.points,
      'upvotes_played', w.upvotes_played, 'downvotes_unplayed', w.downvotes_unplayed,
      'suggestions_played', w.suggestions_played, 'calls', w.calls, 'guest', w.guest,
      'score', (select ps.score from public.prediction_scores ps where ps.show_id = w.show_id))
  from written w
  on conflict (user_id, kind, event_key) do nothing;

  select count(*)::integer into awarded from public.show_points sp where sp.show_id = target.id;
  return awarded;
end
$$;
comment on function public.award_show_points(uuid) is
  'Gives every fan who voted on or suggested for the show''s prediction their points (points_for_calls) against its actual setlist: upserts show_points (a re-score recomputes in place) '
  'and writes one picks_scored notification per fan with the points. Returns how many fans hold points for the show; 0 when the show lacks a prediction or an actual setlist. '
  'Called by the prediction_scores trigger, so it runs whenever a show is scored.';
revoke execute on function public.award_show_points(uuid) from public, anon, authenticated;
grant execute on function public.award_show_points(uuid) to service_role;

create function public.award_points_after_scoring()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform public.award_show_points(new.show_id);
  return null;
end
$$;
comment on function public.award_points_after_scoring() is
  'Trigger on prediction_scores insert or update: the show was (re)scored, so award its fans'' points (award_show_points).';
revoke execute on function public.award_points_after_scoring() from public, anon, authenticated, service_role;

create trigger prediction_scores_award_points
after insert or update on public.prediction_scores
for each row execute function public.award_points_after_scoring();

-- ---------------------------------------------------------------------------
-- running totals
-- ---------------------------------------------------------------------------

create function public.total_show_points()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  gained integer := coalesce(new.points, 0) - coalesce(old.points, 0);
  shows_delta integer := case tg_op when 'INSERT' then 1 when 'DELETE' then -1 else 0 end;
  fan uuid := coalesce(new.user_id, old.user_id);
  artist uuid := coalesce(new.artist_id, old.artist_id);
begin
  if gained = 0 and shows_delta = 0 then
    return null;
  end if;
  -- an account or artist being deleted takes its totals by cascade; nothing to add to
  if not exists (select 1 from auth.users u where u.id = fan)
     or not exists (select 1 from public.artists a where a.id = artist) then
    return null;
  end if;
  -- make sure the rows exist, then move them (a negative change cannot go through an insert's checks)
  insert into public.fan_points (user_id) values (fan) on conflict (user_id) do nothing;
  update public.fan_points t set points = t.points + gained, shows = t.shows + shows_delta where t.user_id = fan;
  insert into public.fan_artist_points (artist_id, user_id) values (artist, fan) on conflict (artist_id, user_id) do nothing;
  update public.fan_artist_points t set points = t.points + gained, shows = t.shows + shows_delta
  where t.artist_id = artist and t.user_id = fan;
  return null;
end
$$;
comment on function public.total_show_points() is
  'Trigger on show_points: moves fan_points and fan_artist_points by the row''s change in points (and scored shows), so the totals always equal the sum of show_points.';
revoke execute on function public.total_show_points() from public, anon, authenticated, service_role;

create trigger show_points_totals
after insert or update or delete on public.show_points
for each row execute function public.total_show_points();

-- a guest who upgrades keeps their calls: re-price them now that they may earn
create function public.reprice_points_of_upgraded_guest()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.show_points sp
  set guest = false,
      points = public.points_for_calls(sp.upvotes_played, sp.downvotes_unplayed, sp.suggestions_played, false)
  where sp.user_id = new.id and sp.guest;
  return null;
end
$$;
comment on function public.reprice_points_of_upgraded_guest() is
  'Trigger on auth.users when is_anonymous turns false (a guest created an account, same id): the guest''s recorded calls on scored shows earn their points now.';
revoke execute on function public.reprice_points_of_upgraded_guest() from public, anon, authenticated, service_role;

create trigger reprice_points_after_guest_upgrade
after update of is_anonymous on auth.users
for each row when (old.is_anonymous and not new.is_anonymous)
execute function public.reprice_points_of_upgraded_guest();
