-- admin: the operators' console. An admin is a signed-in user whose JWT
-- carries app_metadata.role = 'admin' (GoTrue copies auth.users
-- raw_app_meta_data into every token it issues; `npm run admin -- grant
-- <email>` sets it, or SQL on a hosted project). Users cannot write their own
-- app_metadata, so the claim cannot be forged without the JWT secret.
--
-- Every admin RPC is security definer, granted to authenticated only, and
-- starts with public.assert_admin(), which reads auth.jwt() in SQL. A fan (or
-- a guest) gets
--   42501 admin_required      PostgREST: 403 for a signed-in caller (401 for anon,
--                             who has no execute privilege at all)
-- Other refusals (P0001, 400):
--   unknown_sync_function     admin_run_sync: not a sync function
--   invalid_sync_limit        admin_run_sync: limit not between 1 and 1000
--   artist_not_found          admin_run_sync: no artist with that id
--   show_not_found            admin_rebuild_prediction, admin_rescore_show (from the functions they call)
--   prediction_has_votes      admin_rebuild_prediction: fans voted on it or suggested songs; never thrown away
--   setlist_locked            admin_rebuild_prediction: the prediction is scored and locked
--   import_job_not_found      admin_retry_import, admin_cancel_import
--   import_job_not_dead       admin_retry_import: only a dead job is retried
--   import_job_already_live   admin_retry_import: the same work is queued or running already
--   import_job_not_queued     admin_cancel_import: only a queued job is cancelled (a running one finishes)
--   invalid_max_rows          the readers: max_rows not between 1 and 500
--
-- Actions that reach an edge function go through invoke_sync_function
-- (net.http_post with project_url and cron_secret from Vault, as pg_cron does),
-- so no service key ever reaches a browser. Every action that succeeds is
-- written to admin_audit (who, what, when, args, result) in the same
-- transaction; a refused action writes nothing.

-- ---------------------------------------------------------------------------
-- who is an admin
-- ---------------------------------------------------------------------------

create function public.is_admin()
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce((select auth.jwt()) -> 'app_metadata' ->> 'role', '') = 'admin'
    and coalesce((select auth.role()), '') = 'authenticated'
$$;
comment on function public.is_admin() is
  'Whether the caller''s JWT is a signed-in user''s with app_metadata.role = ''admin''. Read in SQL from auth.jwt(), never from a parameter.';
revoke execute on function public.is_admin() from public, anon, authenticated;
grant execute on function public.is_admin() to authenticated, service_role;

create function public.assert_admin()
returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if not public.is_admin() then
    raise exception using errcode = '42501', message = 'admin_required',
      detail = 'This is an operator''s function: the caller''s token has no app_metadata.role = admin.',
      hint = 'An operator grants the role with npm run admin -- grant <email>; sign in again so the token carries it.';
  end if;
end
$$;
comment on function public.assert_admin() is
  'Refuses 42501 admin_required (PostgREST 403) unless public.is_admin(). The first statement of every admin RPC.';
revoke execute on function public.assert_admin() from public, anon, authenticated;
grant execute on function public.assert_admin() to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- the audit trail
-- ---------------------------------------------------------------------------

create table public.admin_audit (
  id bigint generated always as identity primary key,
  -- no foreign key: the trail outlives the account
  actor_id uuid not null,
  actor_email text,
  action text not null,
  args jsonb not null default '{}',
  result jsonb,
  created_at timestamptz not null default now()
);
comment on table public.admin_audit is
  'One row per admin action that took effect: who (actor_id, actor_email from the JWT), what (action, args, result) and when. Written only by the admin RPCs; readable by admins only; pruned by prune_operations after retention_settings.admin_audit.';
create index admin_audit_created_idx on public.admin_audit (created_at desc);

select public.protect_rows('public.admin_audit', 'authenticated');
create policy "admins read the audit trail" on public.admin_audit for select to authenticated
  using ((select public.is_admin()));

create function public.record_admin_action(action text, args jsonb, result jsonb)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into public.admin_audit (actor_id, actor_email, action, args, result)
  values ((select auth.uid()), (select auth.jwt()) ->> 'email', action, coalesce(args, '{}'::jsonb), result)
$$;
comment on function public.record_admin_action(text, jsonb, jsonb) is
  'Writes one admin_audit row for the calling admin. Called only by the admin RPCs (no API role may execute it).';
revoke execute on function public.record_admin_action(text, jsonb, jsonb) from public, anon, authenticated;

-- the readers refuse a page size outside 1..500
create function public.admin_page_size(max_rows integer)
returns integer
language plpgsql
immutable
set search_path = ''
as $$
begin
  perform public.require_between(max_rows, 1, 500, refusal => 'invalid_max_rows',
    detail_format => '%s is not a page size.', hint => 'Ask for 1 to 500 rows.');
  return max_rows;
end
$$;
comment on function public.admin_page_size(integer) is 'max_rows when it is 1 to 500, else refuses invalid_max_rows.';
revoke execute on function public.admin_page_size(integer) from public, anon, authenticated;

-- ---------------------------------------------------------------------------
-- actions
-- ---------------------------------------------------------------------------

create function public.admin_run_sync(
  job text, sync_limit integer default null, dry_run boolean default false, artist_id uuid default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  body jsonb;
  request_id bigint;
  result jsonb;
begin
  perform public.assert_admin();
  perform public.require_between(sync_limit, 1, 1000, refusal => 'invalid_sync_limit',
    detail_format => '%s is not a number of items for one run.',
    hint => 'Pass 1 to 1000, or nothing for the job''s own default.', null_allowed => true);
  if artist_id is not null then
    perform public.require_artist(artist_id);
  end if;
  body := jsonb_strip_nulls(jsonb_build_object(
    'trigger', 'manual', 'limit', sync_limit, 'dry_run', coalesce(dry_run, false), 'artist_id', artist_id));
  -- validates the slug (unknown_sync_function) and Vault (sync_not_configured)
  request_id := public.invoke_sync_function(job, body);
  result := jsonb_build_object('request_id', request_id);
  perform public.record_admin_action('run_sync', jsonb_build_object('job', job) || body, result);
  return result;
end
$$;
comment on function public.admin_run_sync(text, integer, boolean, uuid) is
  'Admin: runs a sync function now (sync-popular-tours, sync-artist-songs, sync-setlists, import-artist) through pg_net with the cron secret from Vault, body {trigger: manual, limit?, dry_run, artist_id?}; returns {request_id} (the pg_net request). The run records itself in sync_runs. Audited as run_sync.';
revoke execute on function public.admin_run_sync(text, integer, boolean, uuid) from public, anon, authenticated;
grant execute on function public.admin_run_sync(text, integer, boolean, uuid) to authenticated;

create function public.admin_refresh_trending()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform public.assert_admin();
  -- refresh_trending logs a failure and keeps the previous views rather than raising
  perform public.refresh_trending();
  result := jsonb_build_object(
    'status', (select l.status from public.cron_logs l where l.job_name = 'refresh_trending'
               order by l.id desc limit 1),
    'shows', (select count(*) from public.trending_shows),
    'artists', (select count(*) from public.trending_artists));
  perform public.record_admin_action('refresh_trending', '{}'::jsonb, result);
  return result;
end
$$;
comment on function public.admin_refresh_trending() is
  'Admin: refresh_trending() now; returns the status it logged (ok or failed) and the number of trending shows and artists. Audited as refresh_trending.';
revoke execute on function public.admin_refresh_trending() from public, anon, authenticated;
grant execute on function public.admin_refresh_trending() to authenticated;

create function public.admin_rebuild_prediction(show_id uuid)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  old_prediction public.setlists;
  rebuilt_id uuid;
  result jsonb;
begin
  perform public.assert_admin();
  select * into old_prediction from public.setlists s
  where s.show_id = admin_rebuild_prediction.show_id and s.kind = 'predicted'
  for update;
  if found then
    if old_prediction.locked_at is not null then
      perform public.refuse('setlist_locked',
        'The prediction has been scored against the actual setlist and is locked.',
        'Re-score the show instead.');
    end if;
    -- fans' votes and suggestions are theirs: a prediction they touched stays
    if exists (select 1 from public.setlist_songs ss
               where ss.setlist_id = old_prediction.id and (ss.upvotes > 0 or ss.downvotes > 0 or ss.suggested)) then
      perform public.refuse('prediction_has_votes',
        'Fans have voted on this prediction or suggested songs for it; rebuilding would throw that away.',
        'Only a prediction nobody has touched is rebuilt.');
    end if;
    delete from public.setlists s where s.id = old_prediction.id;
  end if;
  -- the one way predictions are built (show_not_found, show_cancelled, voting_closed come from it)
  rebuilt_id := public.ensure_predicted_setlist(admin_rebuild_prediction.show_id);
  result := jsonb_build_object(
    'replaced', old_prediction.id, 'setlist_id', rebuilt_id,
    'songs', (select count(*) from public.setlist_songs ss where ss.setlist_id = rebuilt_id));
  perform public.record_admin_action('rebuild_prediction', jsonb_build_object('show_id', show_id), result);
  return result;
end
$$;
comment on function public.admin_rebuild_prediction(uuid) is
  'Admin: throws away a show''s untouched prediction (no votes, no suggestions, not locked) and builds it again with ensure_predicted_setlist; returns {replaced, setlist_id, songs} (setlist_id null when the catalog sync was queued instead). Refuses prediction_has_votes and setlist_locked. Audited as rebuild_prediction.';
revoke execute on function public.admin_rebuild_prediction(uuid) from public, anon, authenticated;
grant execute on function public.admin_rebuild_prediction(uuid) to authenticated;

create function public.admin_rescore_show(show_id uuid)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  result jsonb;
begin
  perform public.assert_admin();
  result := public.score_prediction(admin_rescore_show.show_id);
  perform public.record_admin_action('rescore_show', jsonb_build_object('show_id', show_id), result);
  return result;
end
$$;
comment on function public.admin_rescore_show(uuid) is
  'Admin: score_prediction(show_id) again and return its row (no_predicted_setlist, no_actual_setlist, show_not_found come from it). Audited as rescore_show.';
revoke execute on function public.admin_rescore_show(uuid) from public, anon, authenticated;
grant execute on function public.admin_rescore_show(uuid) to authenticated;

-- the job an admin action is for, locked, when it is in the one status the
-- action takes: else import_job_not_found, or the action's refusal (passed
-- as refusal => '<code>', which pgTAP 76 reads), whose detail reads
-- "Job <id> is <status>; only a <wanted> job is <done>."
create function public.admin_import_job(job_id bigint, wanted_status text, refusal text, done text, hint text)
returns public.import_jobs
language plpgsql
volatile
set search_path = ''
as $$
declare
  job public.import_jobs;
begin
  select * into job from public.import_jobs j where j.id = job_id for update;
  if not found then
    perform public.refuse('import_job_not_found', format('There is no import job %s.', job_id),
      'Use an id from the import queue.');
  end if;
  if job.status <> wanted_status then
    perform public.refuse(refusal, format('Job %s is %s; only a %s job is %s.', job.id, job.status, wanted_status, done),
      hint);
  end if;
  return job;
end
$$;
comment on function public.admin_import_job(bigint, text, text, text, text) is
  'The import job, locked, if its status is wanted_status; else refuses import_job_not_found or refusal. For admin_retry_import and admin_cancel_import.';
revoke execute on function public.admin_import_job(bigint, text, text, text, text) from public, anon, authenticated;

create function public.admin_retry_import(job_id bigint)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  job public.import_jobs;
begin
  perform public.assert_admin();
  job := public.admin_import_job(job_id, wanted_status => 'dead', refusal => 'import_job_not_dead', done => 'retried',
    hint => 'A queued job runs by itself; a running one is being worked on.');
  if exists (select 1 from public.import_jobs j where j.kind = job.kind and j.dedupe_key = job.dedupe_key
             and j.status in ('queued', 'running')) then
    perform public.refuse('import_job_already_live',
      format('Another %s job for %s is queued or running.', job.kind, job.dedupe_key),
      'Let that one finish.');
  end if;
  -- a fresh set of attempts; the last error stays for the record until the next one
  update public.import_jobs j
  set status = 'queued', attempts = 0, run_after = now(), locked_at = null, finished_at = null, updated_at = now()
  where j.id = job.id;
  perform public.record_admin_action('retry_import', jsonb_build_object('job_id', job_id),
    jsonb_build_object('kind', job.kind, 'dedupe_key', job.dedupe_key, 'previous_error', job.last_error));
  return public.import_job_status(job_id);
end
$$;
comment on function public.admin_retry_import(bigint) is
  'Admin: puts a dead import job back in the queue with fresh attempts, due now; returns import_job_status. Refuses import_job_not_found, import_job_not_dead, import_job_already_live. Audited as retry_import.';
revoke execute on function public.admin_retry_import(bigint) from public, anon, authenticated;
grant execute on function public.admin_retry_import(bigint) to authenticated;

create function public.admin_cancel_import(job_id bigint)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  job public.import_jobs;
begin
  perform public.assert_admin();
  job := public.admin_import_job(job_id, wanted_status => 'queued', refusal => 'import_job_not_queued',
    done => 'cancelled', hint => 'A running job finishes or fails by itself; a dead or done one needs nothing.');
  -- dead, with the reason in last_error: the queue has no other end state, and retry brings it back
  update public.import_jobs j
  set status = 'dead', last_error = 'cancelled by an admin', finished_at = now(), updated_at = now()
  where j.id = job.id;
  perform public.record_admin_action('cancel_import', jsonb_build_object('job_id', job_id),
    jsonb_build_object('kind', job.kind, 'dedupe_key', job.dedupe_key));
  return public.import_job_status(job_id);
end
$$;
comment on function public.admin_cancel_import(bigint) is
  'Admin: ends a queued import job (status dead, last_error ''cancelled by an admin''); returns import_job_status. Refuses import_job_not_found, import_job_not_queued. Audited as cancel_import.';
revoke execute on function public.admin_cancel_import(bigint) from public, anon, authenticated;
grant execute on function public.admin_cancel_import(bigint) to authenticated;
