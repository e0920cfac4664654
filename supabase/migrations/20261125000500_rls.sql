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

revoke all on public.votes from anon;
revoke insert, update, delete, truncate, references, trigger on public.votes from authenticated;
grant select on public.votes to authenticated;
grant select, insert, update, delete on public.votes to service_role;

-- votes' primary key (user_id, setlist_song_id) serves this filter
create policy "fans read their own votes" on public.votes for select to authenticated
  using ((select auth.uid()) = user_id);

-- ---------------------------------------------------------------------------
-- operations: service role only
-- ---------------------------------------------------------------------------

revoke all on public.sync_runs, public.sync_errors, public.cron_logs, public.import_jobs, public.api_cache
from anon, authenticated;
grant select, insert, update, delete on
  public.sync_runs, public.sync_errors, public.cron_logs, public.import_jobs, public.api_cache
to service_role;
