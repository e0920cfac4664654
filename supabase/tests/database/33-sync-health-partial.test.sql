-- sync_health on partial data counts each gap and grades the coverage
begin;
\ir ../helpers/health_world.psql
select plan(7);

-- take pieces away: an artist without songs, whose upcoming show has no venue,
-- no prediction and was not seen by the tour sync; a past show without a setlist
insert into artists (id, name, slug) values ('a4000000-0000-4000-8000-000000000002', 'Songless', 'songless');
insert into shows (artist_id, venue_id, name, starts_at, local_date, status) values
  ('a4000000-0000-4000-8000-000000000002', null, 'Venue TBA', now() + interval '9 days', current_date + 9, 'scheduled'),
  (tests.id('h_artist'), tests.id('h_venue'), 'Nobody wrote it down', now() - interval '10 days', current_date - 10, 'completed');

select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() -> 'gaps',
  '{"artists_without_songs": 1, "upcoming_shows_without_prediction": 1, "shows_without_venue": 1, "past_shows_without_actual_setlist": 1, "venues_without_timezone": 0}'::jsonb,
  'each gap is counted');
select is((sync_health() -> 'freshness') - 'last_tour_sync_at',
  '{"catalogs_fresh_share": 0.5, "upcoming_seen_by_last_tour_sync_share": 0.5}'::jsonb, 'freshness shares');
-- shares: artists with songs 1/2, fresh catalogs 1/2, shows with a venue 3/4,
-- upcoming with a prediction 1/2, upcoming seen 1/2, past with a setlist 1/2: mean 3.25 / 6 = 0.54166...,
-- cut to 4 decimals (never rounded up)
select is((sync_health() ->> 'coverage')::numeric, 0.5416, 'coverage is the mean of the shares');
select is(sync_health() ->> 'state', 'POOR', 'under 70% is POOR');

-- the setlist arrives and the venue is announced (the tour sync saw the show):
-- 1/2, 1/2, 4/4, 1/2, 2/2, 2/2 = 4.5 / 6 = 75%
select tests.act_as('owner');
insert into setlists (show_id, kind) select id, 'actual' from shows where name = 'Nobody wrote it down';
update shows set venue_id = tests.id('h_venue'), last_seen_at = now() where name = 'Venue TBA';
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() ->> 'state', 'FAIR', 'from 70% it is FAIR');
-- the catalog sync ran (the artist really has no songs) and the show got a prediction:
-- 1/2, 2/2, 4/4, 2/2, 2/2, 2/2 = 5.5 / 6 = 91.7%
select tests.act_as('owner');
update artists set songs_synced_at = now() where slug = 'songless';
insert into setlists (show_id, kind) select id, 'predicted' from shows where name = 'Venue TBA';
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() ->> 'state', 'GOOD', 'from 85% it is GOOD');
select is((sync_health() -> 'totals') - 'votes' - 'import_jobs_queued' - 'import_jobs_dead',
  '{"artists": 2, "venues": 1, "shows": 4, "upcoming_shows": 2, "past_shows": 2, "songs": 1, "predicted_setlists": 2, "actual_setlists": 2}'::jsonb,
  'the totals');

select * from finish();
rollback;
