-- row level security for the schema core: one policy per operation and role.
--
-- Catalog and setlists: anon and authenticated read everything; only the
-- service role writes (it bypasses RLS; the API roles lose their write
-- privileges so a write fails loudly with 42501 instead of matching no row).
-- votes: a signed-in fan reads only their own rows; every write goes through
-- cast_vote. Operations tables: the service role only.
-- Tables added by later migrations carry their own policies.

-- ---------------------------------------------------------------------------
-- catalog and setlists: public read, service-role write
-- ---------------------------------------------------------------------------

revoke insert, update, delete, truncate, references, trigger on
  public.artists, public.venues, public.shows, public.show_artists, public.songs,
  public.setlists, public.setlist_songs
from anon, authenticated;
grant select on
  public.artists, public.venues, public.shows, public.show_artists, public.songs,
  public.setlists
to anon, authenticated;
-- every column of a setlist song but suggested_by: which fan suggested a song
-- is theirs to know (suggest_song returns it to them); the page needs only
-- whether it was suggested. So select=* is refused; name the columns
grant select (id, setlist_id, song_id, title, position, set_number, is_encore, is_tape, is_cover, cover_artist,
  guest_artist, info, suggested, upvotes, downvotes, created_at)
on public.setlist_songs to anon, authenticated;
grant select, insert, update, delete on
  public.artists, public.venues, public.shows, public.show_artists, public.songs,
  public.setlists, public.setlist_songs
to service_role;

create policy "artists are readable by anon" on public.artists for select to anon using (true);
create policy "artists are readable by authenticated" on public.artists for select to authenticated using (true);
create policy "venues are readable by anon" on public.venues for select to anon using (true);
create policy "venues are readable by authenticated" on public.venues for select to authenticated using (true);
create policy "shows are readable by anon" on public.shows for select to anon using (true);
create policy "shows are readable by authenticated" on public.shows for select to authenticated using (true);
create policy "show artists are readable by anon" on public.show_artists for select to anon using (true);
create policy "show artists are readable by authenticated" on public.show_artists for select to authenticated using (true);
create policy "songs are readable by anon" on public.songs for select to anon using (true);
create policy "songs are readable by authenticated" on public.songs for select to authenticated using (true);
create policy "setlists are readable by anon" on public.setlists for select to anon using (true);
create policy "setlists are readable by authenticated" on public.setlists for select to authenticated using (true);
create policy "setlist songs are readable by anon" on public.setlist_songs for select to anon using (true);
create policy "setlist songs are readable by authenticated" on public.setlist_songs for select to authenticated using (true);

-- ---------------------------------------------------------------------------
-- votes: own rows only, written by cast_vote
-- ---------------------------------------------------------------------------

-- The grant set of a table the API roles only read (fans' own rows below, and
-- later the tables everyone reads, app_limits, prediction_scores,
-- artist_follower_counts, fan_rules, search_rules, and those only admins read,
-- admin_audit, retention_settings): row level security on, nothing for PUBLIC,
-- anon or authenticated but select for the readers named, and what the service
-- role may do. Which rows a reader sees is the table's policies', written
-- beside the call. Called once per table by the migration that creates it.
create function public.protect_rows(target regclass, readers text,
  service_role_may text default 'select, insert, update, delete')
returns void
language plpgsql
set search_path = ''
as $$
begin
  execute format('alter table %s enable row level security', target);
  execute format('revoke all on %s from public, anon, authenticated', target);
  execute format('grant select on %s to %s', target, readers);
  execute format('grant %s on %s to service_role', service_role_may, target);
end
$$;
comment on function public.protect_rows(regclass, text, text) is
  'Migrations only: row level security and the grants of a table the API roles only read: select for readers (e.g. ''anon, authenticated''), '
  'service_role_may (default select, insert, update, delete) for the service role, nothing else for anyone. The policies are the caller''s.';
revoke execute on function public.protect_rows(regclass, text, text) from public, anon, authenticated, service_role;

-- A fan's own rows (votes here; later vote_action_counts, follows, profiles,
-- notifications, show_points): one grant set and one policy, so every such
-- table is protected the same way. anon gets nothing; a signed-in fan reads the
-- rows whose user_id is theirs and writes none (every write goes through a
-- security definer function); the service role reads and writes. Called once
-- per table by the migration that creates it.
create function public.protect_fan_rows(fan_table regclass, policy_name text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform public.protect_rows(fan_table, 'authenticated');
  execute format('create policy %I on %s for select to authenticated using ((select auth.uid()) = user_id)',
    policy_name, fan_table);
end
$$;
comment on function public.protect_fan_rows(regclass, text) is
  'Migrations only: row level security, grants and the one select policy of a table of fans'' own rows (keyed by user_id): the fan reads their own, writes go through security definer functions, service_role reads and writes.';
revoke execute on function public.protect_fan_rows(regclass, text) from public, anon, authenticated, service_role;

-- votes' primary key (user_id, setlist_song_id) serves the policy's filter
select public.protect_fan_rows('public.votes', 'fans read their own votes');

-- ---------------------------------------------------------------------------
-- operations: service role only
-- ---------------------------------------------------------------------------

revoke all on public.sync_runs, public.sync_errors, public.cron_logs, public.import_jobs, public.api_cache
from anon, authenticated;
grant select, insert, update, delete on
  public.sync_runs, public.sync_errors, public.cron_logs, public.import_jobs, public.api_cache
to service_role;
