-- crowd against model: after a show, score_prediction (scoring migration)
-- scores the engine's own prediction and the crowd's (the predicted setlist's
-- songs ranked by net votes, as many as the engine predicted) against what was
-- played. The show page shows both ("the model got 11 of 14, fans got 12 of
-- 14"); the artist page charts them over time from prediction_accuracy.

alter table public.prediction_scores
  add column engine_songs integer check (engine_songs >= 0),
  add column engine_matched integer check (engine_matched >= 0),
  add column engine_f1 numeric(5, 4) check (engine_f1 between 0 and 1),
  add column crowd_votes integer check (crowd_votes >= 0),
  add column crowd_songs integer check (crowd_songs >= 0),
  add column crowd_matched integer check (crowd_matched >= 0),
  add column crowd_f1 numeric(5, 4) check (crowd_f1 between 0 and 1);
comment on column public.prediction_scores.engine_songs is
  'How many songs the engine predicted: the rows it placed (with a probability), or the non-suggested rows of a catalog-only prediction.';
comment on column public.prediction_scores.engine_matched is 'How many of the engine''s songs were played (catalog songs, tapes left out).';
comment on column public.prediction_scores.engine_f1 is 'F1 of the engine''s songs against the played songs: 2 x matched / (predicted + played).';
comment on column public.prediction_scores.crowd_votes is 'Votes cast on the predicted setlist; with none there is no crowd prediction and crowd_* are null.';
comment on column public.prediction_scores.crowd_songs is
  'The crowd''s prediction: the predicted setlist''s songs ranked by net votes (up - down, then setlist order), as many as engine_songs.';
comment on column public.prediction_scores.crowd_matched is 'How many of the crowd''s songs were played.';
comment on column public.prediction_scores.crowd_f1 is 'F1 of the crowd''s songs against the played songs: 2 x matched / (predicted + played).';

create view public.prediction_accuracy
with (security_invoker = true)
as
select sh.artist_id, ps.show_id, coalesce(sh.local_date, (sh.starts_at at time zone 'utc')::date) as played_on,
  ps.played_songs, ps.engine_songs, ps.engine_matched, ps.engine_f1,
  ps.crowd_votes, ps.crowd_songs, ps.crowd_matched, ps.crowd_f1
from public.prediction_scores ps
join public.shows sh on sh.id = ps.show_id
where ps.engine_songs is not null;
comment on view public.prediction_accuracy is
  'Per scored show: how the engine and the crowd did (prediction_scores), with the artist and the date, for the artist page''s accuracy chart. Real scores only: '
  'a show appears once score_prediction has compared its prediction with the actual setlist; crowd_* are null when nobody voted.';
grant select on public.prediction_accuracy to anon, authenticated, service_role;
