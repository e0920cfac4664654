-- refusal codes: the one catalogue of the database's refusals. A function
-- refuses with
--   perform public.refuse('<code>', detail, hint)
-- (SQLSTATE P0001; admin_required is assert_admin's own 42501 raise), so PostgREST answers with the code in
-- `message` (P0001: 400; 42501: 403 for a signed-in caller, 401 for anon) and
-- the SPA switches on it. Each code has one row here: its HTTP status, the
-- functions that raise it, what it means, and the words a fan or operator
-- reads in the SPA (null when only the service role or the database's own jobs
-- can meet it).
--
-- From this table `npm run db:types` generates the SPA's words
-- (web/src/lib/refusal_codes.generated.ts) and the table in supabase/README.md;
-- lint fails when either is stale. A new refusal is a row here, written in the
-- migration of the feature that raises it; supabase/tests/database/
-- 76-refusal-catalogue.test.sql fails when a function raises a code without a
-- row, or a row names a code nothing raises.

create table public.refusal_codes (
  code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  sqlstate text not null default 'P0001' check (sqlstate in ('P0001', '42501')),
  http_status integer not null default 400 check (http_status between 400 and 599),
  raised_by text not null check (raised_by <> ''),
  meaning text not null check (meaning <> ''),
  fan_message text check (fan_message <> '')
);
comment on table public.refusal_codes is
  'The catalogue of the database''s refusal codes (P0001, or 42501 for admin_required, with the code as the error message): HTTP status through PostgREST, the functions that raise it, its meaning, and the SPA''s words (fan_message; null when no fan or operator can meet it). The SPA''s words and supabase/README.md''s table are generated from it by npm run db:types.';
alter table public.refusal_codes enable row level security;
create policy "refusal codes are readable by everyone" on public.refusal_codes for select to anon, authenticated using (true);
grant select on public.refusal_codes to anon, authenticated;
grant select, insert, update, delete on public.refusal_codes to service_role;

insert into public.refusal_codes (code, sqlstate, http_status, raised_by, meaning, fan_message) values
  -- fans: voting and suggestions (20261125000700_voting.sql)
  ('not_authenticated', 'P0001', 400, 'cast_vote, suggest_song, set_profile, follow_artist, unfollow_artist, mark_notification_read, mark_all_notifications_read',
    'no auth.uid(): the caller has no session', 'Sign in to do that.'),
  ('invalid_vote_value', 'P0001', 400, 'cast_vote', 'value is not -1, 0 or 1', 'That vote isn''t valid.'),
  ('setlist_song_not_found', 'P0001', 400, 'cast_vote', 'no setlist song with that id', 'That song is no longer on this setlist.'),
  ('setlist_locked', 'P0001', 400, 'cast_vote, suggest_song, admin_rebuild_prediction',
    'the prediction is locked (scored) or the setlist is an actual one', 'The prediction is locked: the actual setlist is in.'),
  ('show_not_found', 'P0001', 400, 'suggest_song, ensure_predicted_setlist, record_view, score_prediction', 'no show with that id',
    'This show no longer exists.'),
  ('show_cancelled', 'P0001', 400, 'cast_vote, suggest_song, ensure_predicted_setlist', 'the show is cancelled',
    'This show was cancelled, so voting is closed.'),
  ('voting_closed', 'P0001', 400, 'cast_vote, suggest_song, ensure_predicted_setlist',
    'the show has started or is over (show_has_started: completed, or shows.voting_closes_at has passed)',
    'Voting is closed: this show has started.'),
  ('guest_vote_limit', 'P0001', 400, 'cast_vote', 'a guest''s vote action beyond app_limits.guest_vote_actions; the SPA offers sign-up',
    'Guests get one vote. Create a free account to keep voting; your first vote stays yours.'),
  ('daily_vote_limit', 'P0001', 400, 'cast_vote',
    'more vote actions today (the UTC day, whatever the session''s time zone) than app_limits.daily_vote_actions',
    'You''ve used today''s votes. Come back tomorrow.'),
  ('guest_cannot_suggest', 'P0001', 400, 'suggest_song', 'a guest may not suggest songs', 'Create a free account to suggest songs.'),
  ('song_not_found', 'P0001', 400, 'suggest_song', 'no song with that id', 'That song isn''t in the catalog.'),
  ('song_not_by_artist', 'P0001', 400, 'suggest_song', 'the song belongs to another artist', 'That song isn''t by this show''s artist.'),
  ('song_already_on_setlist', 'P0001', 400, 'suggest_song', 'the song is already on the prediction', 'That song is already on the setlist.'),
  ('suggestion_limit', 'P0001', 400, 'suggest_song', 'more suggestions on one show than app_limits.suggestions_per_show',
    'You''ve suggested as many songs as allowed for now.'),
  -- scoring (20261125000800_scoring.sql)
  ('no_predicted_setlist', 'P0001', 400, 'score_prediction, admin_rescore_show', 'the show has no prediction to score',
    'This show has no prediction to score.'),
  ('no_actual_setlist', 'P0001', 400, 'score_prediction, admin_rescore_show', 'the actual setlist has not arrived',
    'The actual setlist has not arrived, so there is nothing to score against.'),
  -- operations, the import queue and the proxies' limits (service role)
  ('invalid_job_name', 'P0001', 400, 'log_cron_run', 'an empty job name', null),
  ('invalid_job_status', 'P0001', 400, 'log_cron_run', 'a status other than ok, partial, failed or skipped', null),
  ('invalid_duration', 'P0001', 400, 'log_cron_run', 'a negative duration', null),
  ('invalid_import_kind', 'P0001', 400, 'enqueue_import', 'a kind other than artist_import or catalog_sync', null),
  ('invalid_dedupe_key', 'P0001', 400, 'enqueue_import', 'an empty dedupe key', null),
  ('invalid_max_jobs', 'P0001', 400, 'claim_import_jobs', 'max_jobs outside 1..100', null),
  ('import_job_not_found', 'P0001', 400, 'report_import_progress, complete_import_job, fail_import_job, admin_retry_import, admin_cancel_import',
    'no import job with that id', 'There is no such import job.'),
  ('import_job_not_running', 'P0001', 400, 'report_import_progress, complete_import_job, fail_import_job',
    'the job is not running (another worker took it over, or it finished)', null),
  ('invalid_caller_key', 'P0001', 400, 'take_caller_quota, request_artist_import', 'a missing caller key, or a key or scope of the wrong length', null),
  ('invalid_quota', 'P0001', 400, 'take_caller_quota, request_artist_import', 'limits and windows that do not pair up as 1 to 4 positive limits over distinct windows, or a max_pending that is not positive', null),
  ('import_limit_reached', 'P0001', 400, 'request_artist_import',
    'the caller already has max_pending imports queued or running (the ticketmaster function answers 429 too_many_imports)', null),
  ('invalid_keep_expired', 'P0001', 400, 'prune_api_cache', 'a null or negative interval', null),
  ('invalid_hours', 'P0001', 400, 'sync_health, admin_sync_health', 'a window outside 1..720 hours', 'Pick a window of 1 to 720 hours.'),
  ('invalid_days', 'P0001', 400, 'sync_health_history', 'a history outside 1..366 days', 'Pick 1 to 366 days of history.'),
  ('invalid_run_events', 'P0001', 400, 'append_sync_run_events', 'events that are not a JSON array of {at?, level, event, fields?}', null),
  ('invalid_retention', 'P0001', 400, 'retention_settings (check)', 'a keep interval under a day', null),
  ('unknown_retention_target', 'P0001', 400, 'prune_operations', 'a retention_settings row prune_operations does not know', null),
  -- admin console (20261206005000_admin.sql, 20261206005400_admin_console_reads.sql)
  ('admin_required', '42501', 403, 'every admin_* function (assert_admin)', 'the caller''s JWT has no app_metadata.role = admin (anon: 401)',
    'This page is for TheSet''s operators. Sign in with an admin account.'),
  ('unknown_sync_function', 'P0001', 400, 'admin_run_sync, invoke_sync_function', 'not one of the sync jobs', 'That is not a sync job.'),
  ('sync_not_configured', 'P0001', 400, 'admin_run_sync, invoke_sync_function', 'Vault lacks project_url or cron_secret',
    'The database''s Vault lacks the project URL or the cron secret, so syncs cannot be called.'),
  ('invalid_sync_limit', 'P0001', 400, 'admin_run_sync', 'a limit outside 1..1000', 'The limit must be a whole number from 1 to 1000.'),
  ('artist_not_found', 'P0001', 400, 'admin_run_sync, follow_artist, unfollow_artist', 'no artist with that id',
    'There is no such artist in TheSet.'),
  ('prediction_has_votes', 'P0001', 400, 'admin_rebuild_prediction', 'fans voted on or added to the prediction, so it is kept',
    'Fans have voted on or added to this prediction, so it is not rebuilt.'),
  ('import_job_not_dead', 'P0001', 400, 'admin_retry_import', 'only a dead job can be retried', 'Only a dead import job can be retried.'),
  ('import_job_already_live', 'P0001', 400, 'admin_retry_import', 'the same import is already queued or running',
    'The same import is already queued or running.'),
  ('import_job_not_queued', 'P0001', 400, 'admin_cancel_import', 'only a queued job can be cancelled', 'Only a queued import job can be cancelled.'),
  ('invalid_run_status', 'P0001', 400, 'admin_sync_runs', 'not a run status', 'That is not a run status.'),
  ('invalid_import_status', 'P0001', 400, 'admin_import_jobs', 'not an import job status', 'That is not an import job status.'),
  ('invalid_max_rows', 'P0001', 400, 'admin_sync_runs, admin_import_jobs', 'max_rows outside 1..500', 'Ask for 1 to 500 rows.'),
  ('run_not_found', 'P0001', 400, 'admin_sync_run, append_sync_run_events', 'no sync run with that id', 'There is no such sync run.'),
  -- browsing (20261206006000_merged_venues.sql, 20261206006300_near_you.sql)
  ('unknown_provider', 'P0001', 400, 'link_venue_twins', 'a provider other than ticketmaster or setlistfm', null),
  ('invalid_point', 'P0001', 400, 'shows_near', 'no city, and a latitude outside -90..90 or a longitude outside -180..180',
    'That place can''t be found on the map. Pick a city instead.'),
  ('invalid_date_range', 'P0001', 400, 'shows_near', 'to_date is before from_date', 'The end date is before the start date.'),
  -- fans come back (20261206008000..8300)
  ('guest_cannot_claim_handle', 'P0001', 400, 'set_profile', 'a guest may set a city, not a handle',
    'Create a free account to choose a handle; your votes and follows stay yours.'),
  ('handle_length', 'P0001', 400, 'set_profile', 'outside fan_rules.handle_min_length..handle_max_length characters',
    'That handle is too short or too long.'),
  ('handle_characters', 'P0001', 400, 'set_profile', 'not a letter followed by letters, digits and underscores',
    'A handle starts with a letter and uses only letters, digits and underscores.'),
  ('handle_reserved', 'P0001', 400, 'set_profile', 'the handle is in reserved_handles', 'That handle is reserved. Pick another one.'),
  ('handle_taken', 'P0001', 400, 'set_profile', 'another fan has the handle (case-insensitive)', 'Another fan already has that handle. Pick another one.'),
  ('invalid_home_city', 'P0001', 400, 'set_profile', 'a home city longer than fan_rules.home_city_max_length', 'That city name is too long.'),
  ('invalid_home_location', 'P0001', 400, 'set_profile', 'a latitude outside -90..90 or a longitude outside -180..180, or only one of the two', 'That location isn''t valid.'),
  ('follow_limit', 'P0001', 400, 'follow_artist', 'the fan follows as many artists as fan_rules allows already',
    'You follow as many artists as allowed. Unfollow one first.'),
  ('notification_not_found', 'P0001', 400, 'mark_notification_read', 'no notification of the caller''s with that id', 'That notification is gone.'),
  ('invalid_page', 'P0001', 400, 'global_leaderboard, artist_leaderboard, show_leaderboard', 'page_size outside 1..100 or page outside 0..100000',
    'That page doesn''t exist.'),
  ('fan_not_found', 'P0001', 400, 'public_profile', 'no fan with that handle', 'No fan has that handle.');
