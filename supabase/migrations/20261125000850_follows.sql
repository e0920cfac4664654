-- follows: which artists a fan follows, and the exact follower count per
-- artist kept by a trigger. Its own migration, before trending, because recent
-- follows are a trending signal (trending migration); the RPCs that write
-- follows (follow_artist, unfollow_artist, with the follow cap in fan_rules)
-- and the notifications they drive are in the fans migrations.

create table public.follows (
  user_id uuid not null references auth.users (id) on delete cascade,
  artist_id uuid not null references public.artists (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, artist_id)
);
comment on table public.follows is
  'Which artists a fan follows. Written only by follow_artist / unfollow_artist; a fan reads their own rows. Drives artist_follower_counts and the show/prediction notifications.';
-- notifications fan out from an artist to its followers
create index follows_artist_user_idx on public.follows (artist_id, user_id);
-- trending reads an artist's follows of the last 30 days
create index follows_artist_recent_idx on public.follows (artist_id, created_at);

select public.protect_fan_rows('public.follows', 'fans read their own follows');

create table public.artist_follower_counts (
  artist_id uuid primary key references public.artists (id) on delete cascade,
  followers integer not null default 0 check (followers >= 0)
);
comment on table public.artist_follower_counts is
  'Exact number of follows rows per artist, kept by the follows trigger (so an account deletion''s cascade counts too). Public; an artist nobody follows has no row (0).';

select public.protect_rows('public.artist_follower_counts', 'anon, authenticated');
create policy "follower counts are readable by anon" on public.artist_follower_counts for select to anon using (true);
create policy "follower counts are readable by authenticated" on public.artist_follower_counts for select
  to authenticated using (true);

create function public.count_artist_follows()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.artist_follower_counts as c (artist_id, followers)
    values (new.artist_id, 1)
    on conflict (artist_id) do update set followers = c.followers + 1;
  else
    update public.artist_follower_counts c set followers = c.followers - 1 where c.artist_id = old.artist_id;
  end if;
  return null;
end
$$;
comment on function public.count_artist_follows() is
  'Trigger on follows: keeps artist_follower_counts equal to the follows rows, whichever way a row comes or goes (RPC, account deletion, artist deletion).';
revoke execute on function public.count_artist_follows() from public, anon, authenticated, service_role;

create trigger follows_count
after insert or delete on public.follows
for each row execute function public.count_artist_follows();
