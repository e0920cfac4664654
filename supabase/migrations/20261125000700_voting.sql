-- voting: cast_vote and suggest_song, the only ways fans write, plus the
-- limits they enforce and the live messages they send.
--
-- The caller is always auth.uid(); a guest is a caller whose JWT has
-- is_anonymous = true (Supabase's anonymous sign-in). After a guest upgrades
-- to email and password the same user id carries on with is_anonymous false.
--
-- Live counts: every vote change sends realtime.send(payload, 'vote_counts',
-- 'show:<show id>', true) with payload {setlist_song_id, upvotes, downvotes};
-- every suggestion sends 'setlist_song_added' with {id, setlist_id, song_id,
-- title, position, suggested}. Both are private (Realtime Authorization): the
-- policies on realtime.messages (20261206001000_private_show_topics.sql) let
-- viewers receive on show:% and give clients no way to send there.
-- setlist_songs is also in the supabase_realtime publication for
-- postgres_changes subscribers.
--
-- Refusals. Every refusal in this schema is
--   perform public.refuse('<code>', detail, hint)   (20261125000110_refusals.sql)
-- (the caller's id is public.require_fan(detail), which refuses
-- not_authenticated) so PostgREST answers 400 {"code":"P0001","message":"<code>",...} and the SPA
-- switches on message. Every code, with its meaning, status and the SPA's
-- words, is a row of public.refusal_codes (20261206009000_refusal_codes.sql),
-- the one catalogue; this file raises not_authenticated, invalid_vote_value,
-- setlist_song_not_found, setlist_locked, show_not_found, show_cancelled,
-- voting_closed, guest_vote_limit, daily_vote_limit, guest_cannot_suggest,
-- song_not_found, song_not_by_artist, song_already_on_setlist and
-- suggestion_limit.
-- record_view never refuses a repeat: it is silently cheap (see trending).

-- ---------------------------------------------------------------------------
-- limits
-- ---------------------------------------------------------------------------

create table public.app_limits (
  id boolean primary key default true check (id),
  daily_vote_actions integer not null default 1000 check (daily_vote_actions > 0),
  guest_vote_actions integer not null default 1 check (guest_vote_actions >= 0),
  suggestions_per_show integer not null default 3 check (suggestions_per_show >= 0),
  view_count_interval interval not null default interval '30 minutes' check (view_count_interval > interval '0')
);
comment on table public.app_limits is
  'The single row of abuse limits: daily_vote_actions per user per UTC day, guest_vote_actions per guest ever, suggestions_per_show per user, and view_count_interval (record_view counts one view per caller and show per interval). Operators (service role) may tune them; benchmarks raise daily_vote_actions.';
insert into public.app_limits default values;

select public.protect_rows('public.app_limits', 'anon, authenticated', 'select, update');
create policy "limits are readable by anon" on public.app_limits for select to anon using (true);
create policy "limits are readable by authenticated" on public.app_limits for select to authenticated using (true);

create table public.vote_action_counts (
  user_id uuid primary key references auth.users (id) on delete cascade,
  day date not null,
  actions_today integer not null check (actions_today >= 0),
  actions_total integer not null check (actions_total >= 0)
);
comment on table public.vote_action_counts is
  'Per fan: state-changing vote actions on day (UTC) and ever. One row per user, updated in place by cast_vote (heap-only updates), so limits cost one index lookup.';

select public.protect_fan_rows('public.vote_action_counts', 'fans read their own vote action counts');

-- ---------------------------------------------------------------------------
-- cast_vote
-- ---------------------------------------------------------------------------

create function public.cast_vote(setlist_song_id uuid, value integer)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  voter uuid := public.require_fan('Voting needs a signed-in user or a guest session.');
  target record;
  previous integer;
  counted record;
  counts record;
begin
  if value is null or value not in (-1, 0, 1) then
    perform public.refuse('invalid_vote_value', format('%s is not a vote.', coalesce(value::text, 'null')),
      'Send 1 (up), -1 (down) or 0 (take the vote back).');
  end if;

  -- read without locking: the hot row is locked only by the counter update
  -- at the very end, so concurrent voters on one song wait as briefly as possible
  select ss.id, ss.upvotes, ss.downvotes, sl.kind, sl.locked_at, sh.id as show_id, sh.status, sh.voting_closes_at,
    lim.daily_vote_actions, lim.guest_vote_actions
  into target
  from public.setlist_songs ss
  join public.setlists sl on sl.id = ss.setlist_id
  join public.shows sh on sh.id = sl.show_id
  cross join public.app_limits lim
  where ss.id = cast_vote.setlist_song_id;
  if not found then
    perform public.refuse('setlist_song_not_found', 'There is no setlist song with that id.', 'Reload the setlist.');
  end if;
  if target.kind = 'actual' or target.locked_at is not null then
    perform public.refuse('setlist_locked', 'This setlist is final and takes no more votes.',
      'See how the prediction scored.');
  end if;
  perform public.require_open_show(target.status, target.voting_closes_at,
    'The show is cancelled, so voting is closed.', 'The show has started, so voting is closed.',
    'Wait for the actual setlist to see how the prediction did.');

  -- write the fan's own vote row first; the statement itself tells what the
  -- vote was before (and takes that row's lock, so two tabs of one fan queue up):
  -- a new row was 0, a changed row was the opposite, no row touched is a no-op
  if value = 0 then
    delete from public.votes v
    where v.user_id = voter and v.setlist_song_id = target.id
    returning v.value into previous;
  else
    insert into public.votes as v (user_id, setlist_song_id, show_id, value)
    values (voter, target.id, target.show_id, value)
    on conflict (user_id, setlist_song_id) do update
    set value = excluded.value, updated_at = now()
    where v.value <> excluded.value
    -- xmax is 0 only on a freshly inserted row version
    returning case when v.xmax = 0 then 0 else -v.value end into previous;
  end if;
  if not found then
    -- repeating the current vote changes nothing, counts as no action, sends nothing
    return jsonb_build_object('setlist_song_id', target.id, 'upvotes', target.upvotes,
      'downvotes', target.downvotes, 'my_vote', value);
  end if;

  -- count the action; a refusal below rolls everything back, the count included.
  -- The day is the UTC day, whatever time zone the caller set for the session
  -- (PostgREST takes it from Prefer: timezone=), and a count never moves back
  -- to an earlier day, so no clock or zone trick starts a fresh count
  insert into public.vote_action_counts as c (user_id, day, actions_today, actions_total)
  values (voter, (now() at time zone 'utc')::date, 1, 1)
  on conflict (user_id) do update
  set actions_today = case when c.day >= excluded.day then c.actions_today + 1 else 1 end,
      day = greatest(c.day, excluded.day),
      actions_total = c.actions_total + 1
  returning c.actions_today, c.actions_total into counted;

  if counted.actions_total > target.guest_vote_actions and coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false) then
    perform public.refuse('guest_vote_limit', 'Guests get one vote; this would be another.',
      'Sign up to keep voting: your guest vote stays yours.');
  end if;
  if counted.actions_today > target.daily_vote_actions then
    perform public.refuse('daily_vote_limit',
      format('You have used all %s vote actions for today.', target.daily_vote_actions),
      'Come back tomorrow (UTC).');
  end if;

  -- the one contended row: locked here, released at commit a moment later.
  -- Every voter locks in the same order (own vote row, own count row, this row),
  -- so concurrent voting cannot deadlock
  update public.setlist_songs ss
  set upvotes = ss.upvotes + (value = 1)::integer - (previous = 1)::integer,
      downvotes = ss.downvotes + (value = -1)::integer - (previous = -1)::integer
  where ss.id = target.id
  returning ss.upvotes, ss.downvotes into counts;

  perform realtime.send(
    jsonb_build_object('setlist_song_id', target.id, 'upvotes', counts.upvotes, 'downvotes', counts.downvotes),
    'vote_counts', 'show:' || target.show_id, true);

  return jsonb_build_object('setlist_song_id', target.id, 'upvotes', counts.upvotes,
    'downvotes', counts.downvotes, 'my_vote', value);
end
$$;
comment on function public.cast_vote(uuid, integer) is
  'The caller (auth.uid()) votes on a predicted setlist song: value 1 up, -1 down, 0 takes the vote back. Returns {setlist_song_id, upvotes, downvotes, my_vote} (my_vote 0 = no vote). '
  'Counters move by one atomic update of that setlist_songs row, its only lock on shared data, taken last so it is held briefly; counters stay exact under concurrency. Repeating the current vote is a no-op that counts as no action. '
  'Refuses not_authenticated, invalid_vote_value, setlist_song_not_found, setlist_locked, show_cancelled, voting_closed, guest_vote_limit (a guest''s second action), daily_vote_limit. '
  'Each change sends vote_counts {setlist_song_id, upvotes, downvotes} on topic show:<show id>.';
-- anon may call it to get the clear not_authenticated refusal rather than a bare 401
revoke execute on function public.cast_vote(uuid, integer) from public;
grant execute on function public.cast_vote(uuid, integer) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- suggest_song
-- ---------------------------------------------------------------------------

create function public.suggest_song(show_id uuid, song_id uuid)
returns public.setlist_songs
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  suggester uuid := public.require_fan('Suggesting a song needs a signed-in user.', 'Sign in or sign up.');
  target public.shows;
  suggested_song public.songs;
  prediction_id uuid;
  prediction public.setlists;
  suggestions_per_show integer;
  added public.setlist_songs;
begin
  if coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false) then
    perform public.refuse('guest_cannot_suggest', 'Guests can vote once but cannot suggest songs.',
      'Sign up to suggest songs.');
  end if;

  target := public.require_show(suggest_song.show_id);
  perform public.require_open_show(target.status, target.voting_closes_at,
    'The show is cancelled, so its setlist takes no suggestions.',
    'The show has started, so its setlist takes no suggestions.',
    'Wait for the actual setlist to see how the prediction did.');

  select * into suggested_song from public.songs so where so.id = suggest_song.song_id;
  if not found then
    perform public.refuse('song_not_found', 'There is no song with that id.',
      'Pick a song from the artist''s catalog.');
  end if;
  if suggested_song.artist_id <> target.artist_id then
    perform public.refuse('song_not_by_artist', 'That song belongs to another artist.',
      'Pick a song from this show''s artist.');
  end if;

  -- the artist has at least this song, so a prediction exists or is built now;
  -- its row lock serialises suggestions (positions, duplicates, limits) per show
  -- without blocking votes, which lock only their setlist_songs row
  prediction_id := public.ensure_predicted_setlist(target.id);
  select * into prediction from public.setlists s where s.id = prediction_id for no key update;
  if prediction.locked_at is not null then
    perform public.refuse('setlist_locked', 'This prediction is final and takes no more suggestions.',
      'See how the prediction scored.');
  end if;
  if exists (
    select 1 from public.setlist_songs ss where ss.setlist_id = prediction.id and ss.song_id = suggested_song.id
  ) then
    perform public.refuse('song_already_on_setlist', 'That song is already on the predicted setlist.',
      'Vote it up instead.');
  end if;

  select lim.suggestions_per_show into suggestions_per_show from public.app_limits lim;
  if (select count(*) from public.setlist_songs ss where ss.setlist_id = prediction.id and ss.suggested_by = suggester)
     >= suggestions_per_show then
    perform public.refuse('suggestion_limit',
      format('You have suggested %s songs for this show already.', suggestions_per_show),
      'Vote on the songs that are there.');
  end if;

  insert into public.setlist_songs (setlist_id, song_id, title, position, suggested, suggested_by)
  select prediction.id, suggested_song.id, suggested_song.title, coalesce(max(ss.position), 0) + 1, true, suggester
  from public.setlist_songs ss
  where ss.setlist_id = prediction.id
  returning * into added;

  perform realtime.send(
    jsonb_build_object('id', added.id, 'setlist_id', added.setlist_id, 'song_id', added.song_id,
      'title', added.title, 'position', added.position, 'suggested', added.suggested),
    'setlist_song_added', 'show:' || target.id, true);

  return added;
end
$$;
comment on function public.suggest_song(uuid, uuid) is
  'The caller (auth.uid(), not a guest) adds a song of the show''s artist to the end of the show''s predicted setlist (building the prediction if needed). Returns the new setlist_songs row (suggested = true, no votes). '
  'Refuses not_authenticated, guest_cannot_suggest, show_not_found, show_cancelled, voting_closed, song_not_found, song_not_by_artist, setlist_locked, song_already_on_setlist, suggestion_limit (app_limits.suggestions_per_show per user and show). '
  'Sends setlist_song_added {id, setlist_id, song_id, title, position, suggested} on topic show:<show id>.';
revoke execute on function public.suggest_song(uuid, uuid) from public;
grant execute on function public.suggest_song(uuid, uuid) to anon, authenticated, service_role;

-- postgres_changes subscribers see setlist rows change too (broadcast is the
-- cheap path for hot counts; this keeps other columns and inserts visible)
-- ---------------------------------------------------------------------------
-- vote counters on account deletion
-- ---------------------------------------------------------------------------

-- cast_vote keeps setlist_songs' upvotes and
-- downvotes equal to the votes rows, but deleting a user (GoTrue's admin API,
-- an account deletion) removes that fan's votes by foreign-key cascade, behind
-- cast_vote's back. This trigger takes the fan's votes back out of the
-- counters first, and tells every viewer of the shows concerned, so counters
-- stay exact whichever way a vote disappears.

create function public.retract_votes_of_deleted_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  changed record;
begin
  -- one song at a time in id order: concurrent voters lock songs one by one too,
  -- so this cannot deadlock with them
  for changed in
    select v.setlist_song_id, v.show_id,
      count(*) filter (where v.value = 1)::integer as ups,
      count(*) filter (where v.value = -1)::integer as downs
    from public.votes v
    where v.user_id = old.id
    group by v.setlist_song_id, v.show_id
    order by v.setlist_song_id
  loop
    update public.setlist_songs ss
    set upvotes = ss.upvotes - changed.ups, downvotes = ss.downvotes - changed.downs
    where ss.id = changed.setlist_song_id;
    perform realtime.send(
      (select jsonb_build_object('setlist_song_id', ss.id, 'upvotes', ss.upvotes, 'downvotes', ss.downvotes)
       from public.setlist_songs ss where ss.id = changed.setlist_song_id),
      'vote_counts', 'show:' || changed.show_id, true);
  end loop;
  return old;
end
$$;
comment on function public.retract_votes_of_deleted_user() is
  'Trigger on auth.users before delete: subtracts the departing fan''s votes from setlist_songs'' counters (the votes rows then go by cascade) and broadcasts the new counts, so counters always equal the vote rows.';
revoke execute on function public.retract_votes_of_deleted_user() from public, anon, authenticated, service_role;

create trigger retract_votes_before_user_delete
before delete on auth.users
for each row execute function public.retract_votes_of_deleted_user();

alter publication supabase_realtime add table public.setlist_songs;
