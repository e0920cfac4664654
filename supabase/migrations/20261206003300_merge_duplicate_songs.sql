-- one song, one row: normalize_song_title (catalog migration) now strips a
-- guest named "(with x)", "[with x]" or "- with x" as it strips feat., because
-- Spotify names collaborations that way while setlist.fm lists just the song.
-- Songs stored under the old rule became two: the Spotify copy without plays
-- and the setlist title added as a second song. merge_duplicate_songs merges
-- every artist's songs whose titles now share a key, keeping votes and plays.

create function public.merge_duplicate_songs()
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  pair record;
  merged integer := 0;
begin
  for pair in
    with rekeyed as (
      select so.id, so.artist_id, so.spotify_id, so.normalized_title, so.created_at,
        public.normalize_song_title(so.title) as key
      from public.songs so
    ),
    ranked as (
      -- the survivor: the Spotify copy (it carries the catalog's metadata), then the one already keyed right, then the oldest
      select r.id, first_value(r.id) over (
        partition by r.artist_id, r.key
        order by (r.spotify_id is null), (r.normalized_title <> r.key), r.created_at, r.id) as survivor_id
      from rekeyed r
    )
    select r.id as duplicate_id, r.survivor_id from ranked r where r.id <> r.survivor_id
  loop
    -- a predicted setlist holding both copies keeps the survivor's row: it takes the
    -- duplicate's votes (a fan who voted on both keeps the vote on the survivor)
    update public.votes v set setlist_song_id = keep.id
    from public.setlist_songs dup
    join public.setlist_songs keep on keep.setlist_id = dup.setlist_id and keep.song_id = pair.survivor_id
    where dup.song_id = pair.duplicate_id and v.setlist_song_id = dup.id
      and not exists (select 1 from public.votes o where o.setlist_song_id = keep.id and o.user_id = v.user_id);
    update public.setlist_songs keep
    set upvotes = (select count(*) filter (where v.value = 1) from public.votes v where v.setlist_song_id = keep.id),
        downvotes = (select count(*) filter (where v.value = -1) from public.votes v where v.setlist_song_id = keep.id),
        suggested = keep.suggested or dup.suggested,
        suggested_by = coalesce(keep.suggested_by, dup.suggested_by)
    from public.setlist_songs dup
    join public.setlists s on s.id = dup.setlist_id and s.kind = 'predicted'
    where dup.song_id = pair.duplicate_id and keep.setlist_id = dup.setlist_id and keep.song_id = pair.survivor_id;
    delete from public.setlist_songs dup
    using public.setlists s
    where dup.song_id = pair.duplicate_id and s.id = dup.setlist_id and s.kind = 'predicted'
      and exists (select 1 from public.setlist_songs keep
                  where keep.setlist_id = dup.setlist_id and keep.song_id = pair.survivor_id);
    -- every other row (plays in actual setlists, predicted rows) now names the survivor
    update public.setlist_songs ss set song_id = pair.survivor_id where ss.song_id = pair.duplicate_id;
    delete from public.songs so where so.id = pair.duplicate_id;
    merged := merged + 1;
  end loop;
  -- survivors stored under the old rule take the new key (the songs_normalize_title trigger computes it)
  update public.songs so set normalized_title = so.normalized_title
  where so.normalized_title <> public.normalize_song_title(so.title);
  return merged;
end
$$;
comment on function public.merge_duplicate_songs() is
  'Merges each artist''s songs whose titles normalise to one key under the current normalize_song_title (e.g. "Song (with X)" and "Song"): the Spotify copy survives '
  '(else the one already keyed right, else the oldest); setlist rows move to it, a predicted setlist holding both keeps the survivor''s row with the duplicate''s votes '
  '(counters recomputed from the votes), the duplicate is deleted and stale keys are recomputed. Returns how many songs were merged. Run by its migration; safe to run again.';
revoke execute on function public.merge_duplicate_songs() from public, anon, authenticated;
grant execute on function public.merge_duplicate_songs() to service_role;

select public.merge_duplicate_songs();
