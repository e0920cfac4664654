-- predictions refreshed as the tour goes: when a new actual setlist lands for
-- an artist (sync-setlists), refresh_predictions recomputes the predicted
-- setlists of the artist's upcoming shows that are still open for voting.
-- Nothing fans did is lost: a song with votes or a fan's suggestion stays with
-- its counts; engine songs the new prediction leaves out (and nobody voted on)
-- go, new songs enter, and the order follows the new prediction (kept songs it
-- no longer holds follow, in their old order). Viewers of the show hear
-- 'prediction_refreshed' on its private show:<id> topic and reload the setlist.

create function public.refresh_predictions(p_artist_id uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  open_show record;
  fresh jsonb;
  refreshed integer := 0;
begin
  for open_show in
    select sh.id as show_id, sh.venue_id, sh.local_date, sl.id as setlist_id
    from public.shows sh
    join public.setlists sl on sl.show_id = sh.id and sl.kind = 'predicted' and sl.locked_at is null
    where sh.artist_id = p_artist_id and sh.status <> 'cancelled'
      and not public.show_has_started(sh.status, sh.voting_closes_at)
    order by sh.local_date, sh.id
    -- suggest_song and score_prediction take the same lock: no suggestion lands half-way through
    for no key update of sl
  loop
    select jsonb_agg(to_jsonb(p) order by p.predicted_position) into fresh
    from public.predict_setlist(p_artist_id, now(), open_show.venue_id, open_show.local_date) p;
    if fresh is null then
      -- no setlist history to predict from: the catalog prediction stays
      continue;
    end if;

    -- engine songs nobody voted on that the new prediction leaves out
    delete from public.setlist_songs ss
    where ss.setlist_id = open_show.setlist_id and not ss.suggested and ss.upvotes = 0 and ss.downvotes = 0
      and not exists (
        select 1 from jsonb_array_elements(fresh) f where (f ->> 'song_id')::uuid = ss.song_id);

    -- out of the way of the final positions (position is unique per setlist)
    update public.setlist_songs ss set position = ss.position + 100000 where ss.setlist_id = open_show.setlist_id;

    insert into public.setlist_songs (setlist_id, song_id, title, position)
    select open_show.setlist_id, (f ->> 'song_id')::uuid, f ->> 'title', 200000 + (f ->> 'predicted_position')::integer
    from jsonb_array_elements(fresh) f
    where not exists (
      select 1 from public.setlist_songs ss
      where ss.setlist_id = open_show.setlist_id and ss.song_id = (f ->> 'song_id')::uuid);

    with placed as (
      select ss.id,
        (f.value ->> 'probability')::numeric as probability, f.value -> 'reasons' as reasons,
        coalesce((f.value ->> 'is_encore')::boolean, false) as is_encore,
        row_number() over (
          order by (f.value ->> 'predicted_position')::integer nulls last, ss.position, ss.id) as position
      from public.setlist_songs ss
      -- a song is on a predicted setlist once (suggest_song refuses a second copy)
      left join jsonb_array_elements(fresh) f on (f.value ->> 'song_id')::uuid = ss.song_id
      where ss.setlist_id = open_show.setlist_id
    )
    update public.setlist_songs ss
    set position = placed.position, probability = placed.probability, reasons = placed.reasons,
        is_encore = placed.is_encore
    from placed
    where ss.id = placed.id;

    update public.setlists s set updated_at = now() where s.id = open_show.setlist_id;
    perform realtime.send(
      jsonb_build_object('show_id', open_show.show_id, 'setlist_id', open_show.setlist_id),
      'prediction_refreshed', 'show:' || open_show.show_id, true);
    refreshed := refreshed + 1;
  end loop;
  return refreshed;
end
$$;
comment on function public.refresh_predictions(uuid) is
  'Recomputes the predicted setlists of the artist''s upcoming shows still open for voting (not started, not cancelled, not locked) with predict_setlist as of now, '
  'keeping every song with votes or a fan''s suggestion with its counts, dropping engine songs the new prediction leaves out that nobody voted on, adding new ones, '
  'and ordering the setlist as the new prediction orders it (kept songs it no longer holds follow in their old order, with no probability). '
  'Sends prediction_refreshed {show_id, setlist_id} on the private topic show:<id> for each and returns how many it refreshed. Called by sync-setlists '
  'when an artist''s actual setlists change; a show whose artist has no setlist history keeps its prediction.';
revoke execute on function public.refresh_predictions(uuid) from public, anon, authenticated;
grant execute on function public.refresh_predictions(uuid) to service_role;
