-- vote counters on account deletion: cast_vote keeps setlist_songs' upvotes and
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
