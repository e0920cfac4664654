-- health history: the state of sync_health() per UTC day, so the status page
-- can chart the last 30 days. pg_cron records the current state hourly; each
-- day keeps its latest state and coverage and its worst state of the day (an
-- ERROR at 03:00 stays visible after an OK at 23:00). A day with no record is
-- missing from the table and reported as a gap, never filled in.

create table public.sync_health_history (
  day date primary key,
  state text not null check (state in ('PERFECT', 'EXCELLENT', 'GOOD', 'FAIR', 'POOR', 'ERROR')),
  worst_state text not null check (worst_state in ('PERFECT', 'EXCELLENT', 'GOOD', 'FAIR', 'POOR', 'ERROR')),
  coverage numeric,
  scores jsonb not null default '{}',
  samples integer not null default 1 check (samples >= 1),
  recorded_at timestamptz not null default now()
);
comment on table public.sync_health_history is
  'One row per UTC day: the latest sync_health() state, coverage and sub-score states recorded that day, the worst state seen that day, and how many hourly samples were taken. Written by record_sync_health (pg_cron job record-sync-health, hourly); read through sync_health_history(days).';

alter table public.sync_health_history enable row level security;
revoke all on public.sync_health_history from public, anon, authenticated;
grant select, insert, update, delete on public.sync_health_history to service_role;

-- the order of badness: a higher rank is worse
create function public.health_state_rank(state text)
returns integer
language sql
immutable
set search_path = ''
as $$
  select array_position(array['PERFECT', 'EXCELLENT', 'GOOD', 'FAIR', 'POOR', 'ERROR'], state)
$$;
comment on function public.health_state_rank(text) is 'PERFECT 1 ... ERROR 6: how bad a sync_health state is.';
revoke execute on function public.health_state_rank(text) from public, anon, authenticated;

create function public.record_sync_health()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  health jsonb := public.sync_health();
  sample jsonb;
begin
  sample := jsonb_build_object(
    'state', health ->> 'state',
    'coverage', health -> 'coverage',
    'scores', (select coalesce(jsonb_object_agg(s.key, s.value ->> 'state'), '{}'::jsonb)
               from jsonb_each(health -> 'scores') s));
  insert into public.sync_health_history as h (day, state, worst_state, coverage, scores)
  values ((now() at time zone 'UTC')::date, sample ->> 'state', sample ->> 'state',
    (sample ->> 'coverage')::numeric, sample -> 'scores')
  on conflict (day) do update set
    state = excluded.state,
    worst_state = case when public.health_state_rank(excluded.state) > public.health_state_rank(h.worst_state)
                       then excluded.state else h.worst_state end,
    coverage = excluded.coverage,
    scores = excluded.scores,
    samples = h.samples + 1,
    recorded_at = now();
  return sample;
end
$$;
comment on function public.record_sync_health() is
  'Records the current sync_health() state, coverage and sub-score states as today''s (UTC) row of sync_health_history, keeping the day''s worst state; returns the sample. pg_cron job record-sync-health runs it hourly.';
revoke execute on function public.record_sync_health() from public, anon, authenticated;
grant execute on function public.record_sync_health() to service_role;

create function public.sync_health_history(days integer default 30)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform public.require_between(days, 1, 366, refusal => 'invalid_days',
    detail_format => '%s is not a number of days of history.', hint => 'Ask for 1 to 366 days; 30 by default.');
  return (
    select jsonb_agg(jsonb_build_object(
        'day', d.day, 'state', h.state, 'worst_state', h.worst_state, 'coverage', h.coverage, 'samples', h.samples)
      order by d.day)
    from generate_series((now() at time zone 'UTC')::date - (days - 1), (now() at time zone 'UTC')::date, interval '1 day')
      as d_raw (ts)
    cross join lateral (select d_raw.ts::date as day) d
    left join public.sync_health_history h on h.day = d.day);
end
$$;
comment on function public.sync_health_history(integer) is
  'The last `days` UTC days (1 to 366, default 30; invalid_days otherwise), oldest first, each {day, state, worst_state, coverage, samples}; a day nothing was recorded on has null state and samples: a gap, not a guess. Anyone may read it (states and coverage only).';
revoke execute on function public.sync_health_history(integer) from public, anon, authenticated;
grant execute on function public.sync_health_history(integer) to anon, authenticated, service_role;

select cron.schedule('record-sync-health', '55 * * * *', $$select public.record_sync_health()$$);
