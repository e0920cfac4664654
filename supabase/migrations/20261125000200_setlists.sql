-- setlists: one predicted setlist per show (what fans vote on) and at most one
-- actual setlist per show (what setlist.fm says was played), their songs, and
-- the fans' votes. Counters on setlist_songs are maintained by cast_vote
-- (migration voting); no trigger touches the hot vote path.

create type public.setlist_kind as enum ('predicted', 'actual');

create table public.setlists (
  id uuid primary key default gen_random_uuid(),
  show_id uuid not null references public.shows (id) on delete cascade,
  kind public.setlist_kind not null,
  setlistfm_id text unique,
  locked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (show_id, kind),
  check (kind = 'actual' or setlistfm_id is null)
);
comment on table public.setlists is 'predicted: built by ensure_predicted_setlist and voted on, locked once the actual setlist arrives. actual: from setlist.fm (setlistfm_id).';

create table public.setlist_songs (
  id uuid primary key default gen_random_uuid(),
  setlist_id uuid not null references public.setlists (id) on delete cascade,
  song_id uuid references public.songs (id) on delete cascade,
  title text not null,
  position integer not null check (position >= 1),
  set_number integer not null default 1 check (set_number >= 1),
  is_encore boolean not null default false,
  is_tape boolean not null default false,
  is_cover boolean not null default false,
  cover_artist text,
  guest_artist text,
  info text,
  suggested boolean not null default false,
  suggested_by uuid references auth.users (id) on delete set null,
  upvotes integer not null default 0 check (upvotes >= 0),
  downvotes integer not null default 0 check (downvotes >= 0),
  created_at timestamptz not null default now(),
  check (suggested or suggested_by is null),
  unique (setlist_id, position)
) with (fillfactor = 90);
comment on table public.setlist_songs is 'Songs of a setlist in order (position unique per setlist, from 1). song_id links the catalog (null for an actual-setlist entry that is not in it, e.g. a tape or a cover); set_number/is_encore/is_tape/is_cover/cover_artist/guest_artist/info carry setlist.fm''s sets, encores, tape, cover, with and info. upvotes/downvotes are exact counters of the votes rows, kept by cast_vote. fillfactor 90 leaves room on each page so counter updates stay heap-only (HOT).';
comment on column public.setlist_songs.suggested_by is 'The fan whose suggest_song added this row; null for rows ensure_predicted_setlist built and for actual setlists.';
create index setlist_songs_setlist_song_idx on public.setlist_songs (setlist_id, song_id);
create index setlist_songs_song_idx on public.setlist_songs (song_id);
create index setlist_songs_suggested_by_idx on public.setlist_songs (suggested_by) where suggested_by is not null;

create table public.votes (
  user_id uuid not null references auth.users (id) on delete cascade,
  setlist_song_id uuid not null references public.setlist_songs (id) on delete cascade,
  -- copied from the setlist song's setlist by cast_vote so trending can group
  -- votes by show without joining a million rows; no foreign key because
  -- setlist_song_id already cascades every delete that could orphan it
  show_id uuid not null,
  value smallint not null check (value in (-1, 1)),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, setlist_song_id)
);
comment on table public.votes is 'One vote per fan per setlist song; retracting deletes the row. Written only by cast_vote. updated_at is the time of the last change, which trending decays from.';
comment on column public.votes.show_id is 'The show of the voted setlist song (setlist_songs -> setlists.show_id), denormalised by cast_vote for trending.';
create index votes_setlist_song_idx on public.votes (setlist_song_id);
-- trending reads each upcoming show's votes by voter: an index-only range per show
create index votes_show_voter_idx on public.votes (show_id, user_id) include (updated_at);

alter table public.setlists enable row level security;
alter table public.setlist_songs enable row level security;
alter table public.votes enable row level security;
