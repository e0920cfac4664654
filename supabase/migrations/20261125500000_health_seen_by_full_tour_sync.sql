-- sync_health's "upcoming shows seen by the last tour sync" share, corrected.
--
-- The tour writer refreshes shows.last_seen_at at most every 12 hours, so an
-- unchanged re-run writes no row; the share compared last_seen_at with the
-- start of the last run, so from the second 6-hourly run on it fell towards 0
-- and the health state swung every 6 hours. A dry run or a run scoped to one
-- artist also counted as "the last tour sync". Now only full runs count, and a
-- show counts as seen when its last_seen_at is within the refresh interval
-- before that run started.

create or replace function public.sync_health()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  -- the tour sync's job name in sync_runs (the edge function's slug)
  tour_sync_job constant text := 'sync-popular-tours';
  -- the tour writer refreshes a show's last_seen_at at most this often, so that
  -- an unchanged re-run writes no row (LAST_SEEN_REFRESH in
  -- supabase/functions/_shared/writers/tours.ts; keep the two equal)
  last_seen_refresh constant interval := '12 hours';
  totals jsonb;
  gaps jsonb;
  freshness jsonb;
  jobs jsonb;
  cron_jobs jsonb;
  cron_log jsonb;
  series jsonb;
  artist_count bigint;
  show_count bigint;
  upcoming_count bigint;
  past_count bigint;
  without_venue bigint;
  upcoming_without_prediction bigint;
  past_without_actual bigint;
  upcoming_seen bigint;
  last_tour_sync timestamptz;
  shares numeric[] := '{}';
  coverage numeric;
  failures_24h bigint;
  latest_failures text[];
  reasons text[] := '{}';
  state text;
begin
  select count(*) into artist_count from public.artists;
  select count(*) into show_count from public.shows;

  select max(r.started_at) into last_tour_sync
  from public.sync_runs r
  where r.job = tour_sync_job and r.status in ('ok', 'partial')
    -- only a full run says which shows Ticketmaster still lists: a dry run
    -- writes nothing and a run scoped to one artist sees only that artist's
    and not coalesce((r.stats ->> 'dry_run')::boolean, false)
    and r.stats #>> '{scope,artist_id}' is null;

  -- the same "upcoming" as trending and voting use; a past show is one that
  -- started over 48 hours ago, giving setlist.fm time to fill it in
  select
    count(*) filter (where c.upcoming),
    count(*) filter (where c.past),
    count(*) filter (where not c.has_venue),
    count(*) filter (where c.upcoming and not c.has_prediction),
    count(*) filter (where c.past and not c.has_actual),
    -- seen by the last full run: its writer touched last_seen_at then, or had
    -- touched it within the refresh interval before and left it alone
    count(*) filter (where c.upcoming and c.last_seen_at >= last_tour_sync - last_seen_refresh)
  into upcoming_count, past_count, without_venue, upcoming_without_prediction, past_without_actual, upcoming_seen
  from (
    select
      sh.status not in ('cancelled', 'completed')
        and not public.show_has_started(sh.status, sh.voting_closes_at)
        as upcoming,
      sh.status not in ('cancelled', 'postponed', 'rescheduled')
        and (sh.starts_at < now() - interval '48 hours' or (sh.starts_at is null and sh.local_date < (now() at time zone 'utc')::date - 2))
        as past,
      sh.venue_id is not null as has_venue,
      sh.last_seen_at,
      exists (select 1 from public.setlists s where s.show_id = sh.id and s.kind = 'predicted') as has_prediction,
      exists (select 1 from public.setlists s where s.show_id = sh.id and s.kind = 'actual') as has_actual
    from public.shows sh
  ) c;

  select jsonb_build_object(
    'artists', artist_count,
    'venues', (select count(*) from public.venues),
    'shows', show_count,
    'upcoming_shows', upcoming_count,
    'past_shows', past_count,
    'songs', (select count(*) from public.songs),
    'predicted_setlists', (select count(*) from public.setlists s where s.kind = 'predicted'),
    'actual_setlists', (select count(*) from public.setlists s where s.kind = 'actual'),
    'votes', (select count(*) from public.votes),
    'import_jobs_queued', (select count(*) from public.import_jobs j where j.status in ('queued', 'running')),
    'import_jobs_dead', (select count(*) from public.import_jobs j where j.status = 'dead')
  ) into totals;

  select jsonb_build_object(
    'artists_without_songs',
      (select count(*) from public.artists a where not exists (select 1 from public.songs so where so.artist_id = a.id)),
    'upcoming_shows_without_prediction', upcoming_without_prediction,
    'shows_without_venue', without_venue,
    'past_shows_without_actual_setlist', past_without_actual
  ) into gaps;

  select jsonb_build_object(
    'catalogs_fresh_share', case when artist_count = 0 then null else trunc(
      (select count(*) from public.artists a where a.songs_synced_at > now() - interval '3 days')::numeric
      / artist_count, 4) end,
    'last_tour_sync_at', last_tour_sync,
    'upcoming_seen_by_last_tour_sync_share', case when upcoming_count = 0 then null else trunc(
      upcoming_seen::numeric / upcoming_count, 4) end
  ) into freshness;

  -- per sync job: the last run, and the last 24 hours
  select coalesce(jsonb_object_agg(j.job, j.summary order by j.job), '{}'::jsonb) into jobs
  from (
    select r.job, jsonb_build_object(
      'last_run', (
        select jsonb_build_object('id', l.id, 'trigger', l.trigger, 'started_at', l.started_at,
          'finished_at', l.finished_at, 'status', l.status, 'items_seen', l.items_seen,
          'items_written', l.items_written, 'items_failed', l.items_failed, 'error', l.error)
        from public.sync_runs l where l.job = r.job order by l.started_at desc, l.id desc limit 1),
      'runs_24h', count(*) filter (where r.started_at > now() - interval '24 hours'),
      'ok_24h', count(*) filter (where r.started_at > now() - interval '24 hours' and r.status = 'ok'),
      'partial_24h', count(*) filter (where r.started_at > now() - interval '24 hours' and r.status = 'partial'),
      'failed_24h', count(*) filter (where r.started_at > now() - interval '24 hours' and r.status = 'failed'),
      'item_errors_24h', (
        select count(*) from public.sync_errors e join public.sync_runs er on er.id = e.run_id
        where er.job = r.job and e.created_at > now() - interval '24 hours')
    ) as summary
    from public.sync_runs r
    group by r.job
  ) j;

  -- every sync job together, hour by hour over the last 48 hours: runs started
  -- in the hour, how many of them failed, and the items they wrote. An hour
  -- without runs is there with zeros, so the series has no holes.
  select jsonb_agg(jsonb_build_object(
      'bucket', b.bucket, 'runs', coalesce(r.runs, 0), 'failed', coalesce(r.failed, 0), 'items', coalesce(r.items, 0))
    order by b.bucket) into series
  from generate_series(
    date_trunc('hour', now(), 'UTC') - interval '47 hours', date_trunc('hour', now(), 'UTC'), interval '1 hour'
  ) b (bucket)
  left join (
    select date_trunc('hour', sr.started_at, 'UTC') as bucket, count(*) as runs,
      count(*) filter (where sr.status = 'failed') as failed, sum(sr.items_written) as items
    from public.sync_runs sr
    where sr.started_at >= date_trunc('hour', now(), 'UTC') - interval '47 hours'
    group by 1
  ) r on r.bucket = b.bucket;

  -- what log_cron_run recorded, per job name
  select coalesce(jsonb_object_agg(c.job_name, c.summary order by c.job_name), '{}'::jsonb) into cron_log
  from (
    select cl.job_name, jsonb_build_object(
      'last_status', (select l.status from public.cron_logs l where l.job_name = cl.job_name
                      order by l.created_at desc, l.id desc limit 1),
      'last_at', max(cl.created_at),
      'ok_24h', count(*) filter (where cl.created_at > now() - interval '24 hours' and cl.status = 'ok'),
      'failed_24h', count(*) filter (where cl.created_at > now() - interval '24 hours' and cl.status = 'failed')
    ) as summary
    from public.cron_logs cl
    group by cl.job_name
  ) c;

  -- pg_cron's own record of each scheduled job's last outcome
  select coalesce(jsonb_agg(jsonb_build_object(
      'job', cj.jobname, 'schedule', cj.schedule, 'active', cj.active,
      'last_status', last_run.status, 'last_start', last_run.start_time, 'last_end', last_run.end_time,
      'last_message', last_run.return_message,
      'failed_24h', (select count(*) from cron.job_run_details d
                     where d.jobid = cj.jobid and d.status = 'failed' and d.start_time > now() - interval '24 hours'))
    order by cj.jobname), '[]'::jsonb) into cron_jobs
  from cron.job cj
  left join lateral (
    select d.status, d.start_time, d.end_time, d.return_message
    from cron.job_run_details d
    where d.jobid = cj.jobid and d.status in ('succeeded', 'failed')
    order by d.start_time desc nulls last, d.runid desc
    limit 1
  ) last_run on true;

  -- coverage: the mean of the shares that apply (a share with no denominator is
  -- skipped), cut to 4 decimals rather than rounded, so that it never claims
  -- more than is there: a mean of 0.99996 is 0.9999 and never reads as 100%.
  -- The thresholds below have at most 4 decimals, so the cut value crosses
  -- each of them exactly where the exact mean does.
  if artist_count > 0 then
    shares := shares || (1 - (gaps ->> 'artists_without_songs')::numeric / artist_count);
    shares := shares || coalesce((freshness ->> 'catalogs_fresh_share')::numeric, 0);
  end if;
  if show_count > 0 then
    shares := shares || (1 - (gaps ->> 'shows_without_venue')::numeric / show_count);
  end if;
  if upcoming_count > 0 then
    shares := shares || (1 - (gaps ->> 'upcoming_shows_without_prediction')::numeric / upcoming_count);
    shares := shares || coalesce((freshness ->> 'upcoming_seen_by_last_tour_sync_share')::numeric, 0);
  end if;
  if past_count > 0 then
    shares := shares || (1 - (gaps ->> 'past_shows_without_actual_setlist')::numeric / past_count);
  end if;
  select trunc(avg(x), 4) into coverage from unnest(shares) x;

  -- failures: the latest outcome of any job, and anything failed in 24 hours
  select array_agg(f.what order by f.what) into latest_failures
  from (
    select 'sync job ' || j.key || ' last run failed' as what
    from jsonb_each(jobs) j where j.value #>> '{last_run,status}' = 'failed'
    union all
    select 'job ' || c.key || ' last logged failed' from jsonb_each(cron_log) c where c.value ->> 'last_status' = 'failed'
    union all
    select 'pg_cron job ' || (c ->> 'job') || ' last run failed'
    from jsonb_array_elements(cron_jobs) c where c ->> 'last_status' = 'failed' and (c ->> 'active')::boolean
  ) f;
  select
    (select coalesce(sum((j.value ->> 'failed_24h')::bigint + (j.value ->> 'item_errors_24h')::bigint), 0)
     from jsonb_each(jobs) j)
    + (select coalesce(sum((c.value ->> 'failed_24h')::bigint), 0) from jsonb_each(cron_log) c)
    + (select coalesce(sum((c ->> 'failed_24h')::bigint), 0) from jsonb_array_elements(cron_jobs) c)
  into failures_24h;

  if artist_count = 0 or show_count = 0 then
    state := 'ERROR';
    reasons := reasons || 'the catalog is empty: no artists or no shows have been synced'::text;
  elsif latest_failures is not null then
    state := 'ERROR';
    reasons := reasons || latest_failures;
  else
    state := case
      when coverage >= 1 then 'PERFECT'
      when coverage >= 0.95 then 'EXCELLENT'
      when coverage >= 0.85 then 'GOOD'
      when coverage >= 0.70 then 'FAIR'
      else 'POOR'
    end;
    if coverage < 1 then
      -- cut, not rounded, for the same reason: 99.99% reads 99.9%, never 100.0%
      reasons := reasons || format('coverage %s%% is below 100%%', trunc(coverage * 100, 1));
    end if;
    if failures_24h > 0 and state in ('PERFECT', 'EXCELLENT') then
      state := 'GOOD';
      reasons := reasons || format('%s failures in the last 24 hours', failures_24h);
    end if;
  end if;

  return jsonb_build_object(
    'state', state,
    'coverage', coverage,
    'reasons', to_jsonb(reasons),
    'generated_at', now(),
    'totals', totals,
    'gaps', gaps,
    'freshness', freshness,
    'jobs', jobs,
    'cron_logs', cron_log,
    'cron', cron_jobs,
    'series', series);
end
$$;
comment on function public.sync_health() is
  'One JSON document on the sync''s health: state, coverage, reasons, totals, gaps (artists without songs, upcoming shows without a prediction, shows without a venue, past shows without an actual setlist), '
  'freshness (share of artists whose catalog synced under 3 days ago; share of upcoming shows seen by the last full (not dry-run, not artist-scoped) ok/partial sync-popular-tours run, i.e. last_seen_at no older than 12 hours before that run started, the writer''s refresh interval), per sync job its last run and 24 h counts, log_cron_run outcomes per job, pg_cron''s last outcome per job, '
  'and series: one entry per hour of the last 48 (UTC hours, oldest first, empty hours as zeros) with the sync runs started in it, how many failed, and the items they wrote. '
  'coverage = mean of the applicable shares: artists with songs, fresh catalogs, shows with a venue, upcoming shows with a prediction, upcoming shows seen by the last tour sync, past shows (started over 48 h ago, not cancelled/postponed/rescheduled) with an actual setlist; '
  'coverage and the shares are cut (not rounded) to 4 decimals, so anything short of complete stays below 1. '
  'state: ERROR when there are no artists or no shows, or the latest run of any sync job, logged job or active pg_cron job failed; otherwise PERFECT at coverage 100%, EXCELLENT >= 95%, GOOD >= 85%, FAIR >= 70%, POOR below; '
  'any failure in the last 24 h (failed run, item error, failed log or pg_cron run) lowers PERFECT or EXCELLENT to GOOD. It reports gaps and never fills them.';
-- create or replace keeps the grants; restated so this file reads whole
revoke execute on function public.sync_health() from public, anon, authenticated;
grant execute on function public.sync_health() to service_role;
