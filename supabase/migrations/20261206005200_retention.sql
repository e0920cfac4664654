-- retention: operational history is pruned by pg_cron after configurable ages,
-- written once here in retention_settings (the one home for them; an operator
-- changes a row, no deploy needed):
--
--   sync_runs          30 days   a run with its sync_errors (cascade) and its log lines;
--                                the latest run of every job stays whatever its age,
--                                because sync_health reads it as "the last run"
--   sync_errors        30 days   also the errors of runs that are kept
--   cron_logs          30 days   the latest entry of every job name stays
--   import_jobs        14 days   finished jobs only (done, dead); a queued or running one never
--   admin_audit       365 days   the operators' trail
--   sync_health_history 400 days the status page charts 30 of them
--   sync_run_events go with their run (on delete cascade)
--
-- Nothing a fan reads is pruned: catalog, setlists, votes, scores and
-- trending live elsewhere, and import_job_status only answers for recent jobs.
-- Read notifications: when a notifications table arrives, its migration adds
-- a 'notifications_read' row here and its delete to prune_operations (the
-- case below names every target, so an unknown row refuses instead of being
-- silently skipped).
--
-- Refusal codes (P0001): invalid_retention (a keep interval under a day),
-- unknown_retention_target (a row prune_operations does not know).

create table public.retention_settings (
  target text primary key,
  keep interval not null,
  note text not null,
  updated_at timestamptz not null default now()
);
comment on table public.retention_settings is
  'How long prune_operations keeps each kind of operational row (target: the table, keep: the age past which rows go). The one home of these ages; change a row to change the policy.';

select public.protect_rows('public.retention_settings', 'authenticated');
create policy "admins read the retention settings" on public.retention_settings for select to authenticated
  using ((select public.is_admin()));

-- a day at least: the health window and the console look back 24 hours or more
create function public.retention_settings_check()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.keep is null or new.keep < interval '1 day' then
    perform public.refuse('invalid_retention',
      format('%s is too short a time to keep %s.', coalesce(new.keep::text, 'null'), new.target),
      'Keep rows for one day or more.');
  end if;
  new.updated_at := now();
  return new;
end
$$;
comment on function public.retention_settings_check() is 'Refuses invalid_retention for a keep interval under one day.';
revoke execute on function public.retention_settings_check() from public, anon, authenticated;
create trigger retention_settings_check before insert or update on public.retention_settings
  for each row execute function public.retention_settings_check();

insert into public.retention_settings (target, keep, note) values
  ('sync_runs', interval '30 days', 'sync runs with their errors and log lines; the latest run of each job stays'),
  ('sync_errors', interval '30 days', 'per-item sync errors'),
  ('cron_logs', interval '30 days', 'log_cron_run entries; the latest of each job stays'),
  ('import_jobs', interval '14 days', 'finished import jobs (done or dead); queued and running ones stay'),
  ('admin_audit', interval '365 days', 'the admin console''s audit trail'),
  ('sync_health_history', interval '400 days', 'daily health states; the status page charts the last 30');

create function public.prune_operations()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  setting public.retention_settings;
  cutoff timestamptz;
  pruned integer;
  result jsonb := '{}';
begin
  for setting in select * from public.retention_settings order by target loop
    cutoff := now() - setting.keep;
    case setting.target
      when 'sync_runs' then
        delete from public.sync_runs r
        where r.started_at < cutoff and r.status <> 'running'
          and r.id <> (select l.id from public.sync_runs l where l.job = r.job
                       order by l.started_at desc, l.id desc limit 1);
      when 'sync_errors' then
        delete from public.sync_errors e where e.created_at < cutoff;
      when 'cron_logs' then
        delete from public.cron_logs c
        where c.created_at < cutoff
          and c.id <> (select l.id from public.cron_logs l where l.job_name = c.job_name
                       order by l.created_at desc, l.id desc limit 1);
      when 'import_jobs' then
        delete from public.import_jobs j
        where j.status in ('done', 'dead') and coalesce(j.finished_at, j.updated_at) < cutoff;
      when 'admin_audit' then
        delete from public.admin_audit a where a.created_at < cutoff;
      when 'sync_health_history' then
        delete from public.sync_health_history h where h.day < cutoff::date;
      else
        perform public.refuse('unknown_retention_target',
          format('retention_settings names %L, which prune_operations does not prune.', setting.target),
          'Add its delete to prune_operations in the migration that adds the table.');
    end case;
    get diagnostics pruned = row_count;
    result := result || jsonb_build_object(setting.target, pruned);
  end loop;
  perform public.log_cron_run('prune_operations', 'ok', result, null);
  return result;
end
$$;
comment on function public.prune_operations() is
  'Deletes operational rows older than their retention_settings age (sync_runs but the latest per job, sync_errors, cron_logs but the latest per job, finished import_jobs, admin_audit, sync_health_history), logs the counts through log_cron_run(''prune_operations'') and returns them. Refuses unknown_retention_target for a settings row it does not know. pg_cron job prune-operations runs it daily.';
revoke execute on function public.prune_operations() from public, anon, authenticated;
grant execute on function public.prune_operations() to service_role;

-- finished jobs are found by age: without this the daily prune scans the queue
create index import_jobs_finished_idx on public.import_jobs (finished_at) where status in ('done', 'dead');
create index cron_logs_created_idx on public.cron_logs (created_at);

select cron.schedule('prune-operations', '17 4 * * *', $$select public.prune_operations()$$);

-- pg_cron's own run history (cron.job_run_details) grows by a row per job run
-- (the import queue alone runs every minute: ~1,440 rows a day); sync_health
-- reads it per job and looks back 24 hours at most by default. A week is kept.
select cron.schedule('prune-cron-history', '23 3 * * *',
  $$delete from cron.job_run_details where end_time < now() - interval '7 days'$$);
