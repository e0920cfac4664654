-- sync health: one JSON document telling an operator whether the autonomous
-- sync is keeping the app full and fresh (sync_health(hours), service role
-- only), its sub-scores (sync_health_scores), and a public summary of it
-- without messages or errors (sync_health_summary, the status page's document
-- for anyone). They only report gaps; none fills them.
--
-- The public summary carries what an anonymous visitor may safely see of the
-- sync: per job its last run (started, finished, status) and its run and error
-- counts over 24 hours, the freshness shares, the sub-scores, and an hourly
-- series of runs, failures and items written over 48 hours. Error messages,
-- item keys, payloads and pg_cron's return messages stay in sync_health().
--
-- Coverage and the freshness shares are cut to 4 decimals, never rounded, and
-- the reason reads the coverage cut to one decimal: rounding made a mean of
-- 0.9999 say "coverage 100.0% is below 100%", and a mean of 0.99996 round up
-- to 1.0000 and grade PERFECT with a gap.
--
-- "Upcoming shows seen by the last tour sync": the tour writer refreshes
-- shows.last_seen_at at most every 12 hours, so an unchanged re-run writes no
-- row. Only full runs (not dry runs, not scoped to one artist) count as the
-- last tour sync, and a show counts as seen when its last_seen_at is within the
-- refresh interval before that run started.
--
-- sync_health(hours) looks back `hours` hours (24 by default), leaves out runs
-- made by tests (sync_runs.trigger = 'test', and log_cron_run entries whose
-- details say trigger 'test'), and adds sub-scores (error rate, trending
-- freshness, venues with a time zone, catalog and setlist coverage), each with
-- its thresholds beside the state it sets.
--
-- The catalogue's counts (totals, gaps, freshness shares, and so coverage and
-- the count-based sub-scores) come from the census pg_cron takes every minute
-- (sync_health_census, 20261207008000_health_census.sql), so a call costs the
-- same at 500,000 shows as at 50; the document's counted_at says when they were
-- taken. The runs, jobs, logs and series are read live.

-- the series reads the last 48 hours of runs across every job
create index sync_runs_started_idx on public.sync_runs (started_at);

-- a sub-score that is a share which should be high: {value, state}, value cut
-- (never rounded up) to 4 decimals; good from good_from, warning from
-- warning_from, bad below; unknown (value null) when there is nothing to count
create function public.sync_health_share(part bigint, whole bigint, good_from numeric, warning_from numeric)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'value', case when whole = 0 then null else trunc(part::numeric / whole, 4) end,
    'state', case when whole = 0 then 'unknown'
      when part::numeric / whole >= good_from then 'good'
      when part::numeric / whole >= warning_from then 'warning'
      else 'bad' end)
$$;
comment on function public.sync_health_share(bigint, bigint, numeric, numeric) is
  'A sync_health sub-score for a share that should be high: {value: part/whole cut to 4 decimals, state: good from good_from, warning from warning_from, else bad; unknown with value null when whole is 0}.';
revoke execute on function public.sync_health_share(bigint, bigint, numeric, numeric) from public, anon, authenticated;

-- the sub-scores, each {value, state} from counts sync_health has taken; the
-- thresholds live here, beside the state each sets
create function public.sync_health_scores(
  runs bigint, failed_runs bigint, last_trending_refresh timestamptz, venues bigint, venues_with_timezone bigint,
  artists bigint, artists_without_songs bigint, past_shows bigint, past_without_actual bigint)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    -- share of finished sync runs in the window that failed:
    -- good under 5% (fewer than 1 in 20), warning under 25%, bad from 25%
    'error_rate', jsonb_build_object(
      'value', case when runs = 0 then null else trunc(failed_runs::numeric / runs, 4) end,
      'runs', runs, 'failed', failed_runs,
      'state', case when runs = 0 then 'unknown'
        when failed_runs::numeric / runs < 0.05 then 'good'
        when failed_runs::numeric / runs < 0.25 then 'warning'
        else 'bad' end),
    -- minutes since refresh_trending last succeeded (pg_cron runs it every 15):
    -- good up to 30 (one tick missed), warning up to 120, bad beyond or never
    'trending_freshness', jsonb_build_object(
      'last_refreshed_at', last_trending_refresh,
      'age_minutes', trunc(extract(epoch from now() - last_trending_refresh) / 60),
      'state', case when last_trending_refresh is null then 'bad'
        when last_trending_refresh >= now() - interval '30 minutes' then 'good'
        when last_trending_refresh >= now() - interval '120 minutes' then 'warning'
        else 'bad' end),
    -- share of venues with an IANA time zone (a show's local time needs it):
    -- good from 95%, warning from 80%, bad below
    'venue_timezones', public.sync_health_share(venues_with_timezone, venues, good_from => 0.95, warning_from => 0.80),
    -- share of artists with a song catalog (predictions are built from it):
    -- good from 95%, warning from 80%, bad below
    'catalog_coverage', public.sync_health_share(artists - artists_without_songs, artists,
      good_from => 0.95, warning_from => 0.80),
    -- share of past shows with an actual setlist (setlist.fm lacks some shows,
    -- so lower bars): good from 80%, warning from 50%, bad below
    'setlist_coverage', public.sync_health_share(past_shows - past_without_actual, past_shows,
      good_from => 0.80, warning_from => 0.50))
$$;
comment on function public.sync_health_scores(bigint, bigint, timestamptz, bigint, bigint, bigint, bigint, bigint, bigint) is
  'sync_health''s sub-scores from its counts: error_rate, trending_freshness, venue_timezones, catalog_coverage, setlist_coverage, each {value, state} with state good, warning, bad or unknown; the thresholds are written beside each state.';
revoke execute on function public.sync_health_scores(bigint, bigint, timestamptz, bigint, bigint, bigint, bigint, bigint, bigint)
  from public, anon, authenticated;

-- sync_health()'s verdict: the coverage, the state (ERROR, PERFECT, EXCELLENT,
-- GOOD, FAIR, POOR) and the reasons for it, from the census's time, counts,
-- gaps and freshness, the window's activity (sync_health_activity) and the
-- sub-scores.
-- Called by sync_health() (as its owner) and by nothing else.
create function public.sync_health_verdict(counted_at timestamptz, artist_count bigint, show_count bigint,
  upcoming_count bigint, past_count bigint, gaps jsonb, freshness jsonb, hours integer, activity jsonb, scores jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  jobs jsonb := activity -> 'jobs';
  cron_log jsonb := activity -> 'cron_logs';
  cron_jobs jsonb := activity -> 'cron';
  failures_in_window bigint;
  latest_failures text[];
  bad_scores text[];
  reasons text[] := '{}';
  state text;
  coverage numeric;
begin
  -- coverage: the mean of the shares that apply (a share with no denominator is
  -- skipped), cut to 4 decimals rather than rounded, so that it never claims
  -- more than is there: a mean of 0.99996 is 0.9999 and never reads as 100%.
  -- The thresholds below have at most 4 decimals, so the cut value crosses
  -- each of them exactly where the exact mean does.
  select trunc(avg(s.share), 4) into coverage
  from (values
    (artist_count, 1 - (gaps ->> 'artists_without_songs')::numeric / nullif(artist_count, 0)),
    (artist_count, coalesce((freshness ->> 'catalogs_fresh_share')::numeric, 0)),
    (show_count, 1 - (gaps ->> 'shows_without_venue')::numeric / nullif(show_count, 0)),
    (upcoming_count, 1 - (gaps ->> 'upcoming_shows_without_prediction')::numeric / nullif(upcoming_count, 0)),
    (upcoming_count, coalesce((freshness ->> 'upcoming_seen_by_last_tour_sync_share')::numeric, 0)),
    (past_count, 1 - (gaps ->> 'past_shows_without_actual_setlist')::numeric / nullif(past_count, 0))
  ) s (denominator, share)
  where s.denominator > 0;

  -- failures: the latest outcome of any job, and anything failed in the window
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
    (select coalesce(sum((j.value ->> 'failed_in_window')::bigint + (j.value ->> 'item_errors_in_window')::bigint), 0)
     from jsonb_each(jobs) j)
    + (select coalesce(sum((c.value ->> 'failed_in_window')::bigint), 0) from jsonb_each(cron_log) c)
    + (select coalesce(sum((c ->> 'failed_in_window')::bigint), 0) from jsonb_array_elements(cron_jobs) c)
  into failures_in_window;
  select array_agg(format('%s is bad', replace(s.key, '_', ' ')) order by s.key) into bad_scores
  from jsonb_each(scores) s where s.value ->> 'state' = 'bad';

  if counted_at is null then
    state := 'ERROR';
    reasons := reasons || 'the catalogue has not been counted yet (refresh_sync_health_census)'::text;
  elsif artist_count = 0 or show_count = 0 then
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
    -- a failure in the window, or a bad sub-score, lowers PERFECT or EXCELLENT to GOOD
    if failures_in_window > 0 and state in ('PERFECT', 'EXCELLENT') then
      state := 'GOOD';
      reasons := reasons || format('%s failures in the last %s hours', failures_in_window, hours);
    end if;
    if bad_scores is not null then
      if state in ('PERFECT', 'EXCELLENT') then state := 'GOOD'; end if;
      reasons := reasons || bad_scores;
    end if;
    -- counts older than a few missed ticks of the census job may no longer be
    -- true: say how old they are, and promise no better than GOOD
    if counted_at < now() - public.sync_health_census_max_age() then
      if state in ('PERFECT', 'EXCELLENT') then state := 'GOOD'; end if;
      reasons := reasons || format('the catalogue counts are %s minutes old (refresh-sync-health-census is behind)',
        trunc(extract(epoch from now() - counted_at) / 60));
    end if;
  end if;

  return jsonb_build_object('state', state, 'coverage', coverage, 'reasons', to_jsonb(reasons));
end
$$;
comment on function public.sync_health_verdict(timestamptz, bigint, bigint, bigint, bigint, jsonb, jsonb, integer, jsonb, jsonb) is
  'sync_health()''s coverage (the mean of the shares that apply, cut to 4 decimals), state and reasons: ERROR without a census, with an empty catalogue or when the latest run of any sync job, logged job or active pg_cron job failed; else by coverage, with failures in the window, bad sub-scores and a stale census capping it at GOOD.';
revoke execute on function public.sync_health_verdict(timestamptz, bigint, bigint, bigint, bigint, jsonb, jsonb, integer, jsonb,
  jsonb)
  from public, anon, authenticated;

-- What ran over the window sync_health() looks back over: per sync job, hour
-- by hour, per logged job and per pg_cron job. Its own function so that
-- sync_health() reads as the document it assembles; called by it (as its owner)
-- and by nothing else.
create function public.sync_health_activity(window_start timestamptz)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  jobs jsonb;
  cron_jobs jsonb;
  cron_log jsonb;
  series jsonb;
begin
  -- per sync job: the last run, and the window's counts; runs made by tests
  -- (trigger 'test') are not production's and count nowhere here
  select coalesce(jsonb_object_agg(j.job, j.summary order by j.job), '{}'::jsonb) into jobs
  from (
    select r.job, jsonb_build_object(
      'last_run', (
        select jsonb_build_object('id', l.id, 'trigger', l.trigger, 'started_at', l.started_at,
          'finished_at', l.finished_at, 'status', l.status, 'items_seen', l.items_seen,
          'items_written', l.items_written, 'items_failed', l.items_failed, 'error', l.error)
        from public.sync_runs l where l.job = r.job and l.trigger <> 'test'
        order by l.started_at desc, l.id desc limit 1),
      'runs_in_window', count(*) filter (where r.started_at > window_start),
      'ok_in_window', count(*) filter (where r.started_at > window_start and r.status = 'ok'),
      'partial_in_window', count(*) filter (where r.started_at > window_start and r.status = 'partial'),
      'failed_in_window', count(*) filter (where r.started_at > window_start and r.status = 'failed'),
      'item_errors_in_window', (
        select count(*) from public.sync_errors e join public.sync_runs er on er.id = e.run_id
        where er.job = r.job and er.trigger <> 'test' and e.created_at > window_start)
    ) as summary
    from public.sync_runs r
    where r.trigger <> 'test'
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
    where sr.started_at >= date_trunc('hour', now(), 'UTC') - interval '47 hours' and sr.trigger <> 'test'
    group by 1
  ) r on r.bucket = b.bucket;

  -- what log_cron_run recorded, per job name (a sync run logs its trigger in details)
  select coalesce(jsonb_object_agg(c.job_name, c.summary order by c.job_name), '{}'::jsonb) into cron_log
  from (
    select cl.job_name, jsonb_build_object(
      'last_status', (select l.status from public.cron_logs l
                      where l.job_name = cl.job_name and l.details ->> 'trigger' is distinct from 'test'
                      order by l.created_at desc, l.id desc limit 1),
      'last_at', max(cl.created_at),
      'ok_in_window', count(*) filter (where cl.created_at > window_start and cl.status = 'ok'),
      'failed_in_window', count(*) filter (where cl.created_at > window_start and cl.status = 'failed')
    ) as summary
    from public.cron_logs cl
    where cl.details ->> 'trigger' is distinct from 'test'
    group by cl.job_name
  ) c;

  -- pg_cron's own record of each scheduled job's last outcome
  select coalesce(jsonb_agg(jsonb_build_object(
      'job', cj.jobname, 'schedule', cj.schedule, 'active', cj.active,
      'last_status', last_run.status, 'last_start', last_run.start_time, 'last_end', last_run.end_time,
      'last_message', last_run.return_message,
      'failed_in_window', (select count(*) from cron.job_run_details d
                           where d.jobid = cj.jobid and d.status = 'failed' and d.start_time > window_start))
    order by cj.jobname), '[]'::jsonb) into cron_jobs
  from cron.job cj
  left join lateral (
    select d.status, d.start_time, d.end_time, d.return_message
    from cron.job_run_details d
    where d.jobid = cj.jobid and d.status in ('succeeded', 'failed')
    order by d.start_time desc nulls last, d.runid desc
    limit 1
  ) last_run on true;

  return jsonb_build_object('jobs', jobs, 'series', series, 'cron_logs', cron_log, 'cron', cron_jobs);
end
$$;
comment on function public.sync_health_activity(timestamptz) is
  'sync_health()''s activity since window_start: jobs (per sync job its last run and the window''s counts), series (48 hourly buckets), cron_logs (log_cron_run outcomes per job) and cron (pg_cron''s last outcome per job); runs made by tests count nowhere.';
revoke execute on function public.sync_health_activity(timestamptz) from public, anon, authenticated;

create function public.sync_health(hours integer default 24, with_setlist_refresh boolean default true)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  -- a row of public.sync_health_census (20261207008000, a later migration); all nulls when never taken
  census record;
  window_start timestamptz;
  activity jsonb;
  totals jsonb;
  gaps jsonb;
  freshness jsonb;
  scores jsonb;
  artist_count bigint;
  show_count bigint;
  venue_count bigint;
  venues_with_timezone bigint;
  upcoming_count bigint;
  past_count bigint;
  past_without_actual bigint;
  last_trending_refresh timestamptz;
  runs_in_window bigint;
  failed_runs_in_window bigint;
  verdict jsonb;
begin
  perform public.require_between(hours, 1, 720, refusal => 'invalid_hours',
    detail_format => '%s is not a number of hours to look back over.', hint => 'Pass 1 to 720 (30 days); 24 by default.');
  window_start := now() - make_interval(hours => hours);

  -- the catalogue's counts are the census pg_cron takes every minute
  -- (refresh_sync_health_census, 20261207008000): counting 500,000 shows and
  -- 10M votes on every call is what made this document slow. Everything from
  -- it is as of census.counted_at, which the document carries.
  select * into census from public.sync_health_census;
  artist_count := coalesce(census.artists, 0);
  show_count := coalesce(census.shows, 0);
  venue_count := coalesce(census.venues, 0);
  venues_with_timezone := coalesce(census.venues_with_timezone, 0);
  upcoming_count := coalesce(census.upcoming_shows, 0);
  past_count := coalesce(census.past_shows, 0);
  past_without_actual := coalesce(census.past_without_actual, 0);

  select jsonb_build_object(
    'artists', artist_count,
    'venues', venue_count,
    'shows', show_count,
    'upcoming_shows', upcoming_count,
    'past_shows', past_count,
    'songs', coalesce(census.songs, 0),
    'predicted_setlists', coalesce(census.predicted_setlists, 0),
    'actual_setlists', coalesce(census.actual_setlists, 0),
    'votes', coalesce(census.votes, 0),
    -- the import queue is small and the operators' live view: counted now
    'import_jobs_queued', (select count(*) from public.import_jobs j where j.status in ('queued', 'running')),
    'import_jobs_dead', (select count(*) from public.import_jobs j where j.status = 'dead')
  ) into totals;

  select jsonb_build_object(
    'artists_without_songs', coalesce(census.artists_without_songs, 0),
    'upcoming_shows_without_prediction', coalesce(census.upcoming_without_prediction, 0),
    'shows_without_venue', coalesce(census.shows_without_venue, 0),
    'past_shows_without_actual_setlist', past_without_actual,
    'venues_without_timezone', venue_count - venues_with_timezone
  ) into gaps;

  select jsonb_build_object(
    'catalogs_fresh_share', case when artist_count = 0 then null else trunc(
      census.artists_with_fresh_catalog::numeric / artist_count, 4) end,
    'last_tour_sync_at', census.last_tour_sync_at,
    'upcoming_seen_by_last_tour_sync_share', case when upcoming_count = 0 then null else trunc(
      census.upcoming_seen_by_last_tour_sync::numeric / upcoming_count, 4) end
  ) into freshness;

  -- what ran in the window: per sync job, hour by hour, per logged job, per pg_cron job
  activity := public.sync_health_activity(window_start);

  -- sub-scores: each a value and a state (good, warning, bad; unknown when
  -- there is nothing to measure). A bad one is named in reasons and keeps the
  -- overall state at GOOD or below (below).
  select count(*), count(*) filter (where r.status = 'failed')
  into runs_in_window, failed_runs_in_window
  from public.sync_runs r
  where r.started_at > window_start and r.status <> 'running' and r.trigger <> 'test';
  select max(cl.created_at) into last_trending_refresh
  from public.cron_logs cl where cl.job_name = 'refresh_trending' and cl.status = 'ok';

  scores := public.sync_health_scores(runs_in_window, failed_runs_in_window, last_trending_refresh, venue_count,
    venues_with_timezone, artist_count, (gaps ->> 'artists_without_songs')::bigint, past_count, past_without_actual);


  verdict := public.sync_health_verdict(census.counted_at, artist_count, show_count, upcoming_count, past_count, gaps,
    freshness, hours, activity, scores);

  return jsonb_build_object(
    'state', verdict ->> 'state',
    'coverage', (verdict ->> 'coverage')::numeric,
    'reasons', verdict -> 'reasons',
    'generated_at', now(),
    -- when the catalogue's counts (totals, gaps, freshness, coverage, the count-based scores) were taken
    'counted_at', census.counted_at,
    'hours', hours,
    'scores', scores,
    'totals', totals,
    'gaps', gaps,
    'freshness', freshness,
    'jobs', activity -> 'jobs',
    'cron_logs', activity -> 'cron_logs',
    'cron', activity -> 'cron',
    'series', activity -> 'series',
    -- who the setlist refresh has not reached within setlist.fm's daily budget (20261207007001);
    -- it reads every artist, so the status page's summary, which does not show it, leaves it out
    'setlist_refresh', case when with_setlist_refresh then census.setlist_refresh end);
end
$$;
comment on function public.sync_health(integer, boolean) is
  'One JSON document on the sync''s health over the last `hours` hours (1 to 720, default 24; invalid_hours otherwise): state, coverage, reasons, hours, '
  'scores (sub-scores, each {value, state} with state good/warning/bad/unknown: error_rate = failed share of finished runs in the window, good < 5%, warning < 25%; '
  'trending_freshness = minutes since refresh_trending last logged ok, good <= 30, warning <= 120, bad beyond or never; venue_timezones = share of venues with a time zone, good >= 95%, warning >= 80%; '
  'catalog_coverage = share of artists with songs, good >= 95%, warning >= 80%; setlist_coverage = share of past shows with an actual setlist, good >= 80%, warning >= 50%), '
  'counted_at: when the catalogue counts (totals but the import queue, gaps, freshness, coverage, the venue, catalog and setlist sub-scores) were taken by refresh_sync_health_census (pg_cron, every minute); older than sync_health_census_max_age() they are named stale in reasons and cap the state at GOOD; never taken, the state is ERROR. '
  'totals, gaps (artists without songs, upcoming shows without a prediction, shows without a venue, past shows without an actual setlist, venues without a time zone), '
  'freshness (share of artists whose catalog synced under 3 days ago; share of upcoming shows seen by the last full (not dry-run, not artist-scoped) ok/partial sync-popular-tours run, i.e. last_seen_at no older than 12 hours before that run started, the writer''s refresh interval), '
  'per sync job its last run and the window''s counts (runs_in_window, ok_in_window, partial_in_window, failed_in_window, item_errors_in_window), log_cron_run outcomes per job, pg_cron''s last outcome per job, '
  'series: one entry per hour of the last 48 (UTC hours, oldest first, empty hours as zeros) with the sync runs started in it, how many failed, and the items they wrote; '
  'and setlist_refresh (null when with_setlist_refresh is false, as the status page''s summary asks; else the census''s setlist_refresh_status() as of counted_at: artists per refresh tier and how many are due, and the share of shows in the next 7 and 30 days whose artist''s setlists were refreshed within 3 days). '
  'Runs made by tests (sync_runs.trigger = ''test'', cron_logs whose details.trigger is ''test'') count nowhere. '
  'coverage = mean of the applicable shares: artists with songs, fresh catalogs, shows with a venue, upcoming shows with a prediction, upcoming shows seen by the last tour sync, past shows (started over 48 h ago, not cancelled/postponed/rescheduled) with an actual setlist; '
  'coverage and the shares are cut (not rounded) to 4 decimals, so anything short of complete stays below 1. '
  'state: ERROR when there are no artists or no shows, or the latest run of any sync job, logged job or active pg_cron job failed; otherwise PERFECT at coverage 100%, EXCELLENT >= 95%, GOOD >= 85%, FAIR >= 70%, POOR below; '
  'any failure in the window (failed run, item error, failed log or pg_cron run) or a bad sub-score lowers PERFECT or EXCELLENT to GOOD and is named in reasons. It reports gaps and never fills them.';
revoke execute on function public.sync_health(integer, boolean) from public, anon, authenticated;
grant execute on function public.sync_health(integer, boolean) to service_role;

create function public.sync_health_summary()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  -- every field is picked by name: a field added to sync_health() stays
  -- private until it is added here on purpose
  select jsonb_build_object(
    'state', h -> 'state',
    'coverage', h -> 'coverage',
    -- built by sync_health from fixed sentences, job names and counts; never
    -- from a stored error message
    'reasons', h -> 'reasons',
    'generated_at', h -> 'generated_at',
    'counted_at', h -> 'counted_at',
    'totals', (h -> 'totals') - 'import_jobs_queued' - 'import_jobs_dead',
    'gaps', h -> 'gaps',
    'freshness', jsonb_build_object(
      'catalogs_fresh_share', h #> '{freshness,catalogs_fresh_share}',
      'last_tour_sync_at', h #> '{freshness,last_tour_sync_at}',
      'upcoming_seen_by_last_tour_sync_share', h #> '{freshness,upcoming_seen_by_last_tour_sync_share}'),
    -- the sub-scores' values and states; all of them are counts and shares
    'scores', h -> 'scores',
    'jobs', (
      select coalesce(jsonb_object_agg(j.key, jsonb_build_object(
          'last_run', jsonb_build_object(
            'started_at', j.value #> '{last_run,started_at}',
            'finished_at', j.value #> '{last_run,finished_at}',
            'status', j.value #> '{last_run,status}'),
          'runs_24h', j.value -> 'runs_in_window',
          'ok_24h', j.value -> 'ok_in_window',
          'partial_24h', j.value -> 'partial_in_window',
          'failed_24h', j.value -> 'failed_in_window',
          'item_errors_24h', j.value -> 'item_errors_in_window')), '{}'::jsonb)
      from jsonb_each(h -> 'jobs') j),
    'series', h -> 'series')
  -- sync_health's default window, 24 hours (hence the *_24h names), without the
  -- setlist refresh status the summary does not show. Materialized: a plain
  -- subquery is pulled up and the stable call then runs once per h it feeds
  -- (a dozen times a summary; 7.8 s at 100,000 shows when each call counted them)
  from (select public.sync_health(24, false) as h offset 0) health
$$;
comment on function public.sync_health_summary() is
  'The public face of sync_health() (its default 24 hours), for the status page: state, coverage, reasons, generated_at, counted_at (when the catalogue counts were taken), the sub-scores (scores), catalog totals, gap counts, freshness shares and the last tour sync''s time, '
  'per sync job its last run (started_at, finished_at, status) and its 24 h counts (runs, ok, partial, failed, item errors), and the hourly series of the last 48 hours {bucket, runs, failed, items}. '
  'No error messages, item keys, payloads, import queue details or pg_cron return messages: those stay in sync_health().';
revoke execute on function public.sync_health_summary() from public;
grant execute on function public.sync_health_summary() to anon, authenticated, service_role;
