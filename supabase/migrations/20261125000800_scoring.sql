-- scoring: once setlist.fm's actual setlist of a show has arrived,
-- score_prediction compares it with the fans' prediction, stores the result in
-- prediction_scores and locks the prediction (no more votes or suggestions).
--
-- The score, 0 to 100:
--   predicted = catalog songs on the predicted setlist that fans did not vote
--               out (upvotes >= downvotes), in setlist order
--   played    = catalog songs of the actual setlist, tapes excluded, in the
--               order first played
--   matched   = songs in both
--   precision = matched / predicted, recall = matched / played (0 when empty)
--   f1        = 2 * precision * recall / (precision + recall), 0 when both are 0
--   position_agreement: rank the matched songs 1..m by predicted order and by
--               played order; with D = sum of |predicted rank - played rank|
--               (Spearman's footrule) and its maximum floor(m^2 / 2),
--               agreement = 1 - D / floor(m^2 / 2); 1 when m = 1, 0 when m = 0
--   score     = round(100 * (0.8 * f1 + 0.2 * position_agreement))
-- Worked example: predicted a b c d, played b a c e f: matched 3, precision
-- 0.75, recall 0.6, f1 0.667, D = 2 of at most 4 so agreement 0.5, score 63.

create table public.prediction_scores (
  show_id uuid primary key references public.shows (id) on delete cascade,
  predicted_setlist_id uuid not null references public.setlists (id) on delete cascade,
  actual_setlist_id uuid not null references public.setlists (id) on delete cascade,
  predicted_songs integer not null check (predicted_songs >= 0),
  played_songs integer not null check (played_songs >= 0),
  matched_songs integer not null check (matched_songs >= 0),
  precision numeric(5, 4) not null check (precision between 0 and 1),
  recall numeric(5, 4) not null check (recall between 0 and 1),
  position_agreement numeric(5, 4) not null check (position_agreement between 0 and 1),
  score integer not null check (score between 0 and 100),
  matches jsonb not null default '[]',
  scored_at timestamptz not null default now()
);
comment on table public.prediction_scores is
  'How good each show''s prediction was, written by score_prediction (formula in its migration). matches: [{song_id, title, predicted_position, played_position}] for the songs both predicted and played.';
create index prediction_scores_predicted_idx on public.prediction_scores (predicted_setlist_id);
create index prediction_scores_actual_idx on public.prediction_scores (actual_setlist_id);

select public.protect_rows('public.prediction_scores', 'anon, authenticated');
create policy "prediction scores are readable by anon" on public.prediction_scores for select to anon using (true);
create policy "prediction scores are readable by authenticated" on public.prediction_scores for select to authenticated
  using (true);

-- The crowd against the model (crowd_vs_model migration) for a scored show: the
-- engine's own songs and the fans' top songs by net votes, each against what
-- was played. Called by score_prediction (as its owner) once the score's row is
-- written; returns that row.
create function public.score_crowd_vs_model(show_id uuid, predicted_id uuid, actual_id uuid)
returns public.prediction_scores
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  result public.prediction_scores;
begin
  with played as (
    select distinct ss.song_id from public.setlist_songs ss
    where ss.setlist_id = actual_id and ss.song_id is not null and not ss.is_tape
  ),
  engine as (
    -- the engine's picks: rows it placed (with a probability), or every non-suggested row of a catalog-only prediction
    select distinct ss.song_id from public.setlist_songs ss
    where ss.setlist_id = predicted_id and ss.song_id is not null and not ss.suggested
      and (ss.probability is not null or not exists (
        select 1 from public.setlist_songs p where p.setlist_id = predicted_id and p.probability is not null))
  ),
  crowd as (
    select ranked.song_id from (
      select ss.song_id, min(ss.upvotes - ss.downvotes) as net, min(ss.position) as position
      from public.setlist_songs ss where ss.setlist_id = predicted_id and ss.song_id is not null
      group by ss.song_id
    ) ranked
    order by ranked.net desc, ranked.position, ranked.song_id
    limit (select count(*) from engine)
  ),
  counts as (
    select
      (select count(*) from engine) as engine_songs,
      (select count(*) from engine e join played p using (song_id)) as engine_matched,
      (select count(*) from crowd) as crowd_songs,
      (select count(*) from crowd c join played p using (song_id)) as crowd_matched,
      (select count(*) from played) as played_songs,
      (select count(*) from public.votes v join public.setlist_songs ss on ss.id = v.setlist_song_id
       where ss.setlist_id = predicted_id) as crowd_votes
  )
  update public.prediction_scores ps
  set engine_songs = c.engine_songs, engine_matched = c.engine_matched,
      engine_f1 = round(2.0 * c.engine_matched / nullif(c.engine_songs + c.played_songs, 0), 4),
      crowd_votes = c.crowd_votes,
      -- no votes, no crowd: its ranking would only repeat the setlist's order
      crowd_songs = case when c.crowd_votes > 0 then c.crowd_songs end,
      crowd_matched = case when c.crowd_votes > 0 then c.crowd_matched end,
      crowd_f1 = case when c.crowd_votes > 0 then
        round(2.0 * c.crowd_matched / nullif(c.crowd_songs + c.played_songs, 0), 4) end
  from counts c
  where ps.show_id = score_crowd_vs_model.show_id
  returning ps.* into result;

  return result;
end
$$;
comment on function public.score_crowd_vs_model(uuid, uuid, uuid) is
  'Fills a scored show''s crowd-against-model columns of prediction_scores (engine_songs, engine_matched, engine_f1, crowd_votes, crowd_songs, crowd_matched, crowd_f1; the crowd''s are null without votes) and returns the row. For score_prediction.';
revoke execute on function public.score_crowd_vs_model(uuid, uuid, uuid) from public, anon, authenticated;

create function public.score_prediction(show_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  predicted_id uuid;
  actual_id uuid;
  result public.prediction_scores;
begin
  perform public.require_show(score_prediction.show_id);
  -- locking the prediction first also waits out a suggestion in progress
  select s.id into predicted_id
  from public.setlists s
  where s.show_id = score_prediction.show_id and s.kind = 'predicted'
  for no key update;
  if predicted_id is null then
    perform public.refuse('no_predicted_setlist',
      'Nobody predicted this show''s setlist, so there is nothing to score.',
      'Only shows with a predicted setlist can be scored.');
  end if;
  select s.id into actual_id
  from public.setlists s
  where s.show_id = score_prediction.show_id and s.kind = 'actual'
    and exists (select 1 from public.setlist_songs ss where ss.setlist_id = s.id and not ss.is_tape);
  if actual_id is null then
    perform public.refuse('no_actual_setlist', 'The actual setlist of this show has not arrived (or lists no songs).',
      'Score the show after setlist.fm''s setlist is synced.');
  end if;

  update public.setlists s set locked_at = coalesce(s.locked_at, now()), updated_at = now() where s.id = predicted_id;

  with predicted as (
    select ss.song_id, min(ss.position) as position
    from public.setlist_songs ss
    where ss.setlist_id = predicted_id and ss.song_id is not null and ss.upvotes >= ss.downvotes
    group by ss.song_id
  ),
  played as (
    select ss.song_id, min(ss.position) as position
    from public.setlist_songs ss
    where ss.setlist_id = actual_id and ss.song_id is not null and not ss.is_tape
    group by ss.song_id
  ),
  matched as (
    select p.song_id, p.position as predicted_position, a.position as played_position,
      row_number() over (order by p.position) as predicted_rank,
      row_number() over (order by a.position) as played_rank
    from predicted p
    join played a on a.song_id = p.song_id
  ),
  counts as (
    select
      (select count(*) from predicted) as predicted_songs,
      (select count(*) from played) as played_songs,
      (select count(*) from matched) as matched_songs,
      (select coalesce(sum(abs(m.predicted_rank - m.played_rank)), 0) from matched m) as footrule
  ),
  ratios as (
    select c.*,
      case when c.predicted_songs = 0 then 0 else c.matched_songs::numeric / c.predicted_songs end as precision,
      case when c.played_songs = 0 then 0 else c.matched_songs::numeric / c.played_songs end as recall,
      case
        when c.matched_songs = 0 then 0
        when c.matched_songs = 1 then 1
        else 1 - c.footrule::numeric / floor(c.matched_songs * c.matched_songs / 2.0)
      end as position_agreement
    from counts c
  )
  insert into public.prediction_scores as ps (
    show_id, predicted_setlist_id, actual_setlist_id, predicted_songs, played_songs, matched_songs,
    precision, recall, position_agreement, score, matches, scored_at)
  select score_prediction.show_id, predicted_id, actual_id, r.predicted_songs, r.played_songs, r.matched_songs,
    round(r.precision, 4), round(r.recall, 4), round(r.position_agreement, 4),
    round(100 * (
      0.8 * case when r.precision + r.recall = 0 then 0 else 2 * r.precision * r.recall / (r.precision + r.recall) end
      + 0.2 * r.position_agreement))::integer,
    coalesce((
      select jsonb_agg(jsonb_build_object('song_id', m.song_id, 'title', so.title,
        'predicted_position', m.predicted_position, 'played_position', m.played_position) order by m.predicted_position)
      from matched m join public.songs so on so.id = m.song_id), '[]'::jsonb),
    now()
  from ratios r
  on conflict (show_id) do update
  set predicted_setlist_id = excluded.predicted_setlist_id, actual_setlist_id = excluded.actual_setlist_id,
      predicted_songs = excluded.predicted_songs, played_songs = excluded.played_songs,
      matched_songs = excluded.matched_songs, precision = excluded.precision, recall = excluded.recall,
      position_agreement = excluded.position_agreement, score = excluded.score, matches = excluded.matches,
      scored_at = excluded.scored_at
  returning ps.* into result;

  -- crowd against model (crowd_vs_model migration): the engine's own songs, and the fans' top songs by net votes
  result := public.score_crowd_vs_model(score_prediction.show_id, predicted_id, actual_id);

  return to_jsonb(result);
end
$$;
comment on function public.score_prediction(uuid) is
  'Scores a show''s prediction against its actual setlist (formula in the scoring migration), stores it in prediction_scores (re-scoring replaces it), locks the predicted setlist (locked_at) and returns the stored row as JSON. '
  'Also scores the model against the crowd (crowd_vs_model migration): engine_* for the engine''s own songs, crowd_* for the songs ranked by net votes, as many as the engine predicted. '
  'Refuses show_not_found, no_predicted_setlist, no_actual_setlist (none, or it lists no songs). Called by the setlist sync when an actual setlist arrives.';
revoke execute on function public.score_prediction(uuid) from public, anon, authenticated;
grant execute on function public.score_prediction(uuid) to service_role;
