-- A small world for sync_health, included after empty_world.sql. Complete as
-- built: every artist has a fresh catalog, every show a venue, every upcoming
-- show a prediction and a sighting by the last tour sync, every past show an
-- actual setlist. Tests then take pieces away.
insert into tests.fixture_ids (name, id) values
  ('h_artist', 'a4000000-0000-4000-8000-000000000001'),
  ('h_venue', 'e4000000-0000-4000-8000-000000000001'),
  ('h_song', 'd4000000-0000-4000-8000-000000000001'),
  ('h_upcoming', 'c4000000-0000-4000-8000-000000000001'),
  ('h_past', 'c4000000-0000-4000-8000-000000000002');
insert into public.artists (id, name, slug, songs_synced_at) values (tests.id('h_artist'), 'Health Artist', 'health-artist', now());
insert into public.venues (id, name) values (tests.id('h_venue'), 'Health Hall');
insert into public.songs (id, artist_id, title) values (tests.id('h_song'), tests.id('h_artist'), 'Health Song');
insert into public.sync_runs (job, trigger, started_at, finished_at, status, items_seen, items_written)
values ('sync-popular-tours', 'cron', now() - interval '1 hour', now() - interval '59 minutes', 'ok', 2, 2);
insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, status, last_seen_at) values
  (tests.id('h_upcoming'), tests.id('h_artist'), tests.id('h_venue'), 'Health upcoming', now() + interval '5 days',
    current_date + 5, 'scheduled', now() - interval '59 minutes'),
  (tests.id('h_past'), tests.id('h_artist'), tests.id('h_venue'), 'Health past', now() - interval '5 days',
    current_date - 5, 'completed', now() - interval '59 minutes');
insert into public.setlists (show_id, kind) values (tests.id('h_upcoming'), 'predicted'), (tests.id('h_past'), 'actual');
