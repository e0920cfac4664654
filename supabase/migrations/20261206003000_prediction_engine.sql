-- prediction engine: predict_setlist(), one read-only, deterministic function
-- that predicts an artist's next setlist from its own history, as of a moment
-- (its stages, prediction_candidates and prediction_running_order, come just before it).
-- ensure_predicted_setlist (predictions migration) stores its answer for fans
-- and scripts/backtest measures it on real histories, so what fans see is
-- what was measured (PREDICTIONS.md).
--
-- How it predicts, learning every rule from the artist's own shows:
--   1. history: the artist's 60 most recent shows up to as_of that have an
--      actual setlist (older shows say little about the next one).
--   2. features of a song before a show: its rate in the 25 shows before
--      (bucketed), how recently it was played (played at all of the last 3,
--      gap of 1, 2, 3, 4-6, 7-12, 13+ shows), and whether it was already
--      played in the current run of shows in one city.
--   3. learning: for each of the 30 most recent shows, every song of its 25
--      shows before is an example, labelled played or not. The share played
--      per cell (rate x recency x run) is the probability, shrunk towards the
--      coarser cells when a cell has few examples, and recent examples weigh
--      more (half weight every 20 shows: the current tour counts most). A band
--      that never repeats a song on consecutive nights learns a near-zero
--      probability for "played last night"; a band that plays the same show
--      every night learns near one.
--   4. new releases (release_date in the 60 days up to as_of) that have not
--      entered the set get the probability the artist's songs that just
--      entered the set had of being played again.
--   5. length: the songs, by probability, that maximise the expected F1
--      against a show as long as the median of the last 10 (2 x sum p / (k + length)).
--   6. order: the usual opener first, the usual closer last before the
--      encore, the usual encore songs at the end (when most recent shows had
--      an encore), the rest by their usual place in the main set.

-- ---------------------------------------------------------------------------
-- likelihood words
-- ---------------------------------------------------------------------------

create function public.prediction_likelihood(probability numeric)
returns text
language sql immutable parallel safe
set search_path = ''
as $$
  select case
    when probability is null then null
    when probability >= 0.6 then 'likely'
    when probability >= 0.3 then 'possible'
    else 'long_shot'
  end
$$;
comment on function public.prediction_likelihood(numeric) is
  'The word fans see for an engine probability: likely (>= 0.6), possible (>= 0.3), long_shot (below); null for null. '
  'The probabilities are calibrated (PREDICTIONS.md), so "likely" songs are played most of the time.';
revoke execute on function public.prediction_likelihood(numeric) from public;
grant execute on function public.prediction_likelihood(numeric) to anon, authenticated, service_role;

alter table public.setlist_songs
  add column probability numeric(5, 4) check (probability between 0 and 1),
  add column reasons jsonb,
  add column likelihood text generated always as (public.prediction_likelihood(probability)) stored;
-- setlist_songs is readable column by column (rls migration: suggested_by is not); fans read these three
grant select (probability, reasons, likelihood) on public.setlist_songs to anon, authenticated;
comment on column public.setlist_songs.probability is
  'Predicted setlists: the engine''s probability (predict_setlist) that the song is played; null for suggestions and actual setlists.';
comment on column public.setlist_songs.reasons is
  'Predicted setlists: why the engine picked the song, [{code, text, ...}] from predict_setlist; null for suggestions and actual setlists.';
comment on column public.setlist_songs.likelihood is
  'prediction_likelihood(probability): likely, possible or long_shot, the word fans see; null without a probability.';

-- ---------------------------------------------------------------------------
-- the artist's recent history, one row per show and song
-- ---------------------------------------------------------------------------

create function public.prediction_history(p_artist_id uuid, p_as_of_date date)
returns table (
  idx integer, run_id bigint, local_date date, city text, country text, shows_known integer,
  song_id uuid, first_position integer, in_encore boolean, main_place numeric)
language sql stable parallel safe
set search_path = ''
as $$
  with recent_shows as (
    -- the 60 most recent shows up to the date with at least one catalog song
    select sh.id as show_id, sl.id as setlist_id, sh.local_date, v.city, v.country
    from public.shows sh
    join public.setlists sl on sl.show_id = sh.id and sl.kind = 'actual'
    left join public.venues v on v.id = sh.venue_id
    where sh.artist_id = p_artist_id and sh.local_date <= p_as_of_date
      and exists (
        select 1 from public.setlist_songs e where e.setlist_id = sl.id and not e.is_tape and e.song_id is not null)
    order by sh.local_date desc, sh.id desc
    limit 60
  ),
  numbered as (
    select rs.*,
      row_number() over (order by rs.local_date desc, rs.show_id desc)::integer as idx,
      count(*) over ()::integer as shows_known
    from recent_shows rs
  ),
  run_starts as (
    -- a run is consecutive shows in one city, at most 4 days apart
    select n.*,
      case
        when n.city is not null
          and n.city = lag(n.city) over chronological
          and n.country is not distinct from lag(n.country) over chronological
          and n.local_date - lag(n.local_date) over chronological <= 4 then 0
        else 1
      end as starts_run
    from numbered n
    window chronological as (order by n.idx desc)
  ),
  runs as (
    select r.*, sum(r.starts_run) over (order by r.idx desc) as run_id from run_starts r
  ),
  songs as (
    select r.idx, r.run_id, r.local_date, r.city, r.country, r.shows_known, p.song_id, p.first_position, p.in_encore
    from runs r
    cross join lateral (
      -- one show's catalog songs through the (setlist_id, position) index
      select ss.song_id, min(ss.position)::integer as first_position, bool_or(ss.is_encore) as in_encore
      from public.setlist_songs ss
      where ss.setlist_id = r.setlist_id and not ss.is_tape and ss.song_id is not null
      group by ss.song_id
    ) p
  )
  select s.*,
    -- place in the main set, 0 = start .. 1 = end; null in the encore
    case when not s.in_encore then
      (row_number() over main_set - 0.5) / count(*) over (partition by s.idx, s.in_encore)
    end
  from songs s
  window main_set as (partition by s.idx, s.in_encore order by s.first_position)
$$;
comment on function public.prediction_history(uuid, date) is
  'predict_setlist''s input: the artist''s 60 most recent shows on or before the date that list a catalog song, one row per show and song '
  '(tapes left out, a song played twice counted once at its first position). idx 1 is the most recent show; run_id numbers runs of consecutive shows '
  'in one city at most 4 days apart; shows_known is how many shows were found; main_place is the song''s place in the main set (0 start .. 1 end, null in the encore).';
revoke execute on function public.prediction_history(uuid, date) from public;
grant execute on function public.prediction_history(uuid, date) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- what usually happens at this point of the tour
-- ---------------------------------------------------------------------------

create function public.habits_of(songs_per_show bigint[], encore_songs_per_show bigint[])
returns table (shows integer, set_length numeric, encore_share numeric, encore_length numeric)
language sql immutable parallel safe
set search_path = ''
as $$
  select count(*)::integer,
    coalesce(percentile_cont(0.5) within group (order by s.songs), 0)::numeric,
    coalesce(round(avg((s.encore_songs > 0)::integer), 4), 0),
    coalesce(percentile_cont(0.5) within group (order by s.encore_songs) filter (where s.encore_songs > 0), 0)::numeric
  from unnest(songs_per_show, encore_songs_per_show) as s (songs, encore_songs)
$$;
comment on function public.habits_of(bigint[], bigint[]) is
  'The rule for "what usually happens": given the catalog songs and encore songs of each recent show, shows counted, set_length (median songs), '
  'encore_share (share of shows with an encore) and encore_length (median encore songs of the shows with one). Used by predict_setlist and show_habits.';
revoke execute on function public.habits_of(bigint[], bigint[]) from public;
grant execute on function public.habits_of(bigint[], bigint[]) to anon, authenticated, service_role;

create function public.show_habits(p_artist_id uuid, p_as_of timestamptz)
returns table (shows integer, set_length numeric, encore_share numeric, encore_length numeric)
language sql stable parallel safe
set search_path = ''
as $$
  select hb.*
  from (
    select array_agg(s.songs) as songs, array_agg(s.encore_songs) as encore_songs
    from (
      select count(*) as songs, count(*) filter (where h.in_encore) as encore_songs
      from public.prediction_history(p_artist_id, (p_as_of at time zone 'utc')::date) h
      where h.idx <= 10
      group by h.idx
    ) s
  ) recent
  cross join lateral public.habits_of(recent.songs, recent.encore_songs) hb
$$;
comment on function public.show_habits(uuid, timestamptz) is
  'What the artist''s last 10 shows up to as_of looked like (prediction_history, habits_of): shows counted, set_length, encore_share, encore_length. '
  'predict_setlist sizes and shapes its prediction by the same rule; the show page shows them as "what usually happens at this point of the tour".';
revoke execute on function public.show_habits(uuid, timestamptz) from public;
grant execute on function public.show_habits(uuid, timestamptz) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- predict_setlist, in three stages: the history is read once and handed on as
-- arrays, since a relation cannot be passed between functions (and with
-- search_path set none of them would be inlined into one query anyway)
-- ---------------------------------------------------------------------------

create type public.prediction_show_song as (
  idx integer, run_id bigint, local_date date, city text, country text, shows_known integer,
  song_id uuid, first_position integer, in_encore boolean, main_place numeric);
comment on type public.prediction_show_song is
  'One row of prediction_history (a show of the artist''s recent history and one of its songs), as the prediction stages pass it on.';

create type public.prediction_candidate as (
  song_id uuid, plays_in_window bigint, window_shows integer, gap integer, played_this_run boolean,
  last_played_on date, probability numeric, new_release boolean, released_on date);
comment on type public.prediction_candidate is
  'A song that may be played at the predicted show (prediction_candidates): what the history says of it and its probability.';

create function public.prediction_candidates(
  p_history public.prediction_show_song[],
  p_artist_id uuid,
  p_as_of timestamptz,
  p_venue_id uuid,
  p_show_date date)
returns setof public.prediction_candidate
language plpgsql stable parallel safe
set search_path = ''
-- one plan for every call: planning this query costs about as much as running it
set plan_cache_mode = force_generic_plan
as $$
begin
  return query
  with history as (
    select * from unnest(p_history)
  ),
  shows as (
    select distinct on (h.idx) h.idx, h.run_id, h.local_date, h.city, h.country, h.shows_known
    from history h order by h.idx
  ),
  target as (
    -- the predicted show continues the latest run when it is in the same city within 4 days
    select coalesce((
      select s.run_id from shows s
      join public.venues v on v.id = p_venue_id
      where s.idx = 1 and v.city = s.city and v.country is not distinct from s.country
        and coalesce(p_show_date, (p_as_of at time zone 'utc')::date + 1) - s.local_date between 0 and 4), -1) as run_id
  ),
  targets as (
    -- idx 0 is the show to predict; 1..30 are the recent shows the artist's habits are learned from
    select 0 as idx, t.run_id, coalesce((select max(s.shows_known) from shows s), 0) as shows_known, 1.0 as weight
    from target t
    union all
    select s.idx, s.run_id, s.shows_known, power(0.5, (s.idx - 1) / 20.0)
    from shows s where s.idx <= 30 and s.idx + 5 <= s.shows_known
  ),
  examples as (
    -- every song of the 25 shows before a target, with what was known of it then, and whether the target played it
    select w.*, w.plays_in_window::numeric / w.window_shows as rate
    from (
      select t.idx as target_idx, min(t.weight) as weight, h.song_id,
        count(*) filter (where h.idx > t.idx) as plays_in_window,
        least(25, min(t.shows_known) - t.idx) as window_shows,
        min(h.idx) filter (where h.idx > t.idx) - t.idx as gap,
        count(*) filter (where h.idx > t.idx and h.idx <= t.idx + 3) as plays_in_last_3,
        bool_or(h.idx > t.idx and h.run_id = t.run_id) as played_this_run,
        max(h.local_date) filter (where h.idx > t.idx) as last_played_on,
        bool_or(h.idx = t.idx) as played
      from history h
      -- a show is the target itself or in the 25-show window of the targets 1 to 25 shows after it
      join targets t on t.idx between h.idx - 25 and h.idx
      group by t.idx, t.run_id, h.song_id
    ) w
    where w.plays_in_window > 0
  ),
  features as (
    select e.*,
      case
        when e.rate > 0.9 then 7 when e.rate > 0.7 then 6 when e.rate > 0.5 then 5 when e.rate > 0.35 then 4
        when e.rate > 0.2 then 3 when e.rate > 0.1 then 2 when e.rate > 0.05 then 1 else 0
      end as rate_cell,
      case
        when e.plays_in_last_3 = 3 then 0 when e.gap = 1 and e.plays_in_last_3 = 2 then 1 when e.gap = 1 then 2
        when e.gap = 2 then 3 when e.gap = 3 then 4 when e.gap <= 6 then 5 when e.gap <= 12 then 6 else 7
      end as recency_cell
    from examples e
  ),
  learned as (
    -- weighted examples and plays per cell, at three levels of detail
    select f.rate_cell, f.recency_cell, f.played_this_run,
      sum(f.weight) as examples, sum(f.weight) filter (where f.played) as plays
    from features f where f.target_idx > 0
    group by grouping sets ((f.rate_cell), (f.rate_cell, f.recency_cell), (f.rate_cell, f.recency_cell, f.played_this_run))
  )
  select f.song_id, f.plays_in_window, f.window_shows, f.gap, f.played_this_run, f.last_played_on,
    -- shrink each cell towards the coarser one: 5 examples' worth of prior, 2 for the song's own rate
    (coalesce(c3.plays, 0) + 5 * ((coalesce(c2.plays, 0) + 5 * ((coalesce(c1.plays, 0) + 2 * f.rate)
      / (coalesce(c1.examples, 0) + 2))) / (coalesce(c2.examples, 0) + 5)))
      / (coalesce(c3.examples, 0) + 5) as probability,
    false as new_release, null::date as released_on
  from features f
  left join learned c1 on c1.rate_cell = f.rate_cell and c1.recency_cell is null
  left join learned c2 on c2.rate_cell = f.rate_cell and c2.recency_cell = f.recency_cell
    and c2.played_this_run is null
  left join learned c3 on c3.rate_cell = f.rate_cell and c3.recency_cell = f.recency_cell
    and c3.played_this_run = f.played_this_run
  where f.target_idx = 0
  union all
  -- a new release that has not entered the set yet: as likely as a song that has just entered it
  select so.id, 0, 0, null, false, null,
    (select (coalesce(l.plays, 0) + 0.5) / (coalesce(l.examples, 0) + 1)
     from (select 1) one
     left join learned l on l.rate_cell = 0 and l.recency_cell = 2 and l.played_this_run is null),
    true, so.release_date
  from public.songs so
  where so.artist_id = p_artist_id and not so.is_live and not so.is_remix
    and so.release_date between (p_as_of at time zone 'utc')::date - 60 and (p_as_of at time zone 'utc')::date
    and exists (select 1 from shows)
    and not exists (select 1 from features f where f.target_idx = 0 and f.song_id = so.id);
end
$$;
comment on function public.prediction_candidates(public.prediction_show_song[], uuid, timestamptz, uuid, date) is
  'predict_setlist''s first stage (steps 2 to 4 of the prediction_engine migration): from the artist''s history (prediction_history''s rows), '
  'every song that may be played at a show at p_venue_id on p_show_date as of p_as_of, with its probability learned from the artist''s own recent shows '
  'and what the reasons cite (plays in the window, gap, played this run, last played; new releases flagged).';
revoke execute on function public.prediction_candidates(public.prediction_show_song[], uuid, timestamptz, uuid, date) from public;
grant execute on function public.prediction_candidates(public.prediction_show_song[], uuid, timestamptz, uuid, date)
  to anon, authenticated, service_role;

create function public.prediction_running_order(
  p_history public.prediction_show_song[],
  p_candidates public.prediction_candidate[])
returns table (
  song_id uuid, predicted_position integer, is_encore boolean, is_opener boolean, is_closer boolean,
  plays bigint, opened bigint, closed bigint, encored bigint)
language plpgsql stable parallel safe
set search_path = ''
-- one plan for every call, as predict_setlist
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
begin
  return query
  with history as (
    select * from unnest(p_history)
  ),
  ranked as (
    select c.song_id, c.probability,
      row_number() over by_probability as rank,
      sum(c.probability) over by_probability as expected_matches
    from unnest(p_candidates) c
    window by_probability as (order by c.probability desc, c.song_id rows unbounded preceding)
  ),
  shape as (
    -- per recent show: length, opener, closer (last song before any encore), encore length
    select h.idx, count(*) as songs,
      (array_agg(h.song_id order by h.first_position))[1] as opener,
      (array_agg(h.song_id order by h.first_position desc) filter (where not h.in_encore))[1] as closer,
      count(*) filter (where h.in_encore) as encore_songs
    from history h group by h.idx
  ),
  habits as (
    select hb.set_length, hb.encore_share, hb.encore_length
    from (select array_agg(s.songs) as songs, array_agg(s.encore_songs) as encore_songs from shape s where s.idx <= 10) recent
    cross join lateral public.habits_of(recent.songs, recent.encore_songs) hb
  ),
  chosen_count as (
    -- the k that maximises the expected F1 against a show of the usual length
    select coalesce((
      select r.rank from ranked r, habits h
      order by 2 * r.expected_matches / (r.rank + h.set_length) desc, r.rank limit 1), 0) as k
  ),
  chosen as (
    select r.* from ranked r, chosen_count k where r.rank <= k.k
  ),
  places as (
    -- where each chosen song usually sits: opener, closer, encore, place in the main set (0 start .. 1 end)
    select h.song_id, count(*) as plays,
      count(*) filter (where s.opener = h.song_id) as opened,
      count(*) filter (where s.closer = h.song_id) as closed,
      count(*) filter (where h.in_encore) as encored,
      avg(h.main_place) as usual_place
    from history h
    join shape s on s.idx = h.idx
    where h.song_id in (select c.song_id from chosen c)
    group by h.song_id
  ),
  encore as (
    select c.song_id, row_number() over (order by c.probability * p.encored / p.plays desc, c.song_id) as encore_rank
    from chosen c join places p using (song_id), habits h
    where h.encore_share >= 0.5 and p.encored * 2 >= p.plays
  ),
  encore_kept as (
    select e.* from encore e, habits h where e.encore_rank <= greatest(h.encore_length, 1)
  ),
  opener as (
    select c.song_id from chosen c join places p using (song_id)
    where p.opened > 0 and c.song_id not in (select e.song_id from encore_kept e)
    order by c.probability * p.opened / p.plays desc, c.song_id limit 1
  ),
  closer as (
    select c.song_id from chosen c join places p using (song_id)
    where p.closed > 0 and c.song_id not in (select e.song_id from encore_kept e)
      and c.song_id not in (select o.song_id from opener o)
    order by c.probability * p.closed / p.plays desc, c.song_id limit 1
  )
  select c.song_id,
    row_number() over (order by
      case when o.song_id is not null then 0 when e.song_id is not null then 3 when cl.song_id is not null then 2 else 1 end,
      e.encore_rank, coalesce(p.usual_place, 0.5), c.probability desc, c.song_id)::integer,
    e.song_id is not null, o.song_id is not null, cl.song_id is not null,
    p.plays, p.opened, p.closed, p.encored
  from chosen c
  left join places p using (song_id)
  left join encore_kept e using (song_id)
  left join opener o using (song_id)
  left join closer cl using (song_id);
end
$$;
comment on function public.prediction_running_order(public.prediction_show_song[], public.prediction_candidate[]) is
  'predict_setlist''s second stage (steps 5 and 6 of the prediction_engine migration): of the candidates, the songs that maximise the expected F1 against '
  'a show of the usual length (habits_of the last 10 shows), in predicted order, with how often each opened, closed and was in the encore of the history''s shows.';
revoke execute on function public.prediction_running_order(public.prediction_show_song[], public.prediction_candidate[]) from public;
grant execute on function public.prediction_running_order(public.prediction_show_song[], public.prediction_candidate[])
  to anon, authenticated, service_role;

create function public.predict_setlist(
  p_artist_id uuid,
  p_as_of timestamptz,
  p_venue_id uuid default null,
  p_show_date date default null)
returns table (
  song_id uuid, title text, predicted_position integer, probability numeric, is_encore boolean,
  likelihood text, reasons jsonb)
language plpgsql stable parallel safe
set search_path = ''
-- one plan for every call: planning this query costs about as much as running it
set plan_cache_mode = force_generic_plan
as $$
#variable_conflict use_column
declare
  history public.prediction_show_song[] := array(
    select row(h.*)::public.prediction_show_song
    from public.prediction_history(p_artist_id, (p_as_of at time zone 'utc')::date) h);
  candidates public.prediction_candidate[] := array(
    select c from public.prediction_candidates(history, p_artist_id, p_as_of, p_venue_id, p_show_date) c);
begin
  return query
  select o.song_id, so.title, o.predicted_position, round(c.probability, 4), o.is_encore,
    public.prediction_likelihood(round(c.probability, 4)),
    jsonb_path_query_array(jsonb_build_array(
      case when c.new_release then jsonb_build_object('code', 'new_release', 'released_on', c.released_on,
        'text', 'New release (' || to_char(c.released_on, 'FMMonth FMDD, YYYY') || ')') end,
      case when not c.new_release then jsonb_build_object('code', 'played_recently',
        'played', c.plays_in_window, 'of', c.window_shows,
        'text', 'Played at ' || c.plays_in_window || ' of the last ' || c.window_shows || ' shows') end,
      case when not c.new_release then jsonb_build_object('code', 'last_played', 'shows_ago', c.gap,
        'played_on', c.last_played_on,
        'text', case when c.gap = 1 then 'Played at the last show' else 'Last played ' || c.gap || ' shows ago' end) end,
      case when c.played_this_run then jsonb_build_object('code', 'played_this_run',
        'text', 'Already played earlier in this run of shows in the same city') end,
      case when o.is_opener then jsonb_build_object('code', 'usual_opener', 'times', o.opened, 'of', o.plays,
        'text', 'Opened ' || o.opened || ' of the ' || o.plays || ' recent shows it was played at') end,
      case when o.is_closer then jsonb_build_object('code', 'usual_closer', 'times', o.closed, 'of', o.plays,
        'text', 'Closed the set ' || o.closed || ' of the ' || o.plays || ' times it was played') end,
      case when o.is_encore then jsonb_build_object('code', 'usual_encore', 'times', o.encored, 'of', o.plays,
        'text', 'In the encore ' || o.encored || ' of the ' || o.plays || ' times it was played') end
    ), '$[*] ? (@ != null)') as reasons
  from public.prediction_running_order(history, candidates) o
  join unnest(candidates) c on c.song_id = o.song_id
  join public.songs so on so.id = o.song_id
  order by o.predicted_position;
end
$$;
comment on function public.predict_setlist(uuid, timestamptz, uuid, date) is
  'The prediction engine (steps in the prediction_engine migration): the artist''s predicted setlist as of p_as_of, from its actual setlists on or before that '
  'UTC date only, for a show at p_venue_id on p_show_date (both optional; they tell whether the show continues a run in one city). '
  'Rows in predicted order: song_id, title, predicted_position (1..k), probability (calibrated share of such songs that were played), is_encore, '
  'likelihood (prediction_likelihood) and reasons [{code, text, ...}] with codes played_recently, last_played, played_this_run, usual_opener, usual_closer, '
  'usual_encore, new_release. Read-only and deterministic (ties by song id); no rows when the artist has no setlist history. Measured by npm run backtest. '
  'Reads prediction_history once and hands it to its stages, prediction_candidates (steps 2-4) and prediction_running_order (steps 5-6).';
revoke execute on function public.predict_setlist(uuid, timestamptz, uuid, date) from public;
grant execute on function public.predict_setlist(uuid, timestamptz, uuid, date) to anon, authenticated, service_role;
