-- operations: what the syncs leave behind for operators (runs, per-item
-- errors, cron outcomes), the queue of on-demand imports, and the providers'
-- response cache.

create table public.sync_runs (
  id bigint generated always as identity primary key,
  job text not null,
  trigger text not null default 'manual' check (trigger in ('cron', 'manual', 'import', 'test')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  status text not null default 'running' check (status in ('running', 'ok', 'partial', 'failed')),
  items_seen integer not null default 0,
  items_written integer not null default 0,
  items_failed integer not null default 0,
  api_calls integer not null default 0,
  stats jsonb not null default '{}',
  error text,
  check ((status = 'running') = (finished_at is null))
);
comment on table public.sync_runs is 'One row per run of a sync job, written by the job itself (pg_net is fire-and-forget).';
create index sync_runs_job_started_idx on public.sync_runs (job, started_at desc);

create table public.sync_errors (
  id bigint generated always as identity primary key,
  run_id bigint references public.sync_runs (id) on delete cascade,
  provider text not null check (provider in ('ticketmaster', 'spotify', 'setlistfm', 'database')),
  item_key text,
  message text not null,
  details jsonb,
  created_at timestamptz not null default now()
);
comment on table public.sync_errors is 'One row per item a sync run could not process; the run carries on.';
create index sync_errors_run_idx on public.sync_errors (run_id);
create index sync_errors_created_idx on public.sync_errors (created_at desc);

create table public.cron_logs (
  id bigint generated always as identity primary key,
  job_name text not null,
  status text not null check (status in ('ok', 'partial', 'failed', 'skipped')),
  details jsonb not null default '{}',
  duration_ms integer check (duration_ms >= 0),
  created_at timestamptz not null default now()
);
comment on table public.cron_logs is 'Outcome of every scheduled job run, written through log_cron_run.';
create index cron_logs_job_created_idx on public.cron_logs (job_name, created_at desc);

create table public.import_jobs (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('artist_import', 'catalog_sync')),
  dedupe_key text not null,
  artist_id uuid references public.artists (id) on delete cascade,
  payload jsonb not null default '{}',
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'dead')),
  attempts integer not null default 0,
  max_attempts integer not null default 5 check (max_attempts > 0),
  run_after timestamptz not null default now(),
  locked_at timestamptz,
  last_error text,
  progress jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
comment on table public.import_jobs is 'Queue of on-demand work (an artist import from search, a catalog sync asked for by ensure_predicted_setlist). queued -> running (claim_import_jobs) -> done (complete_import_job), or back to queued with a later run_after (fail_import_job), or dead after max_attempts. A failed attempt keeps its message in last_error.';
-- one live job per thing: a second request for the same artist joins the first
create unique index import_jobs_live_dedupe_idx on public.import_jobs (kind, dedupe_key)
  where status in ('queued', 'running');
create index import_jobs_claim_idx on public.import_jobs (kind, run_after) where status = 'queued';
create index import_jobs_artist_idx on public.import_jobs (artist_id) where artist_id is not null;

create table public.api_cache (
  provider text not null check (provider in ('ticketmaster', 'spotify', 'setlistfm')),
  cache_key text not null,
  status integer not null,
  body jsonb,
  etag text,
  fetched_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (provider, cache_key)
);
comment on table public.api_cache is 'Provider responses by request, with a TTL and the ETag for conditional requests.';
create index api_cache_expires_idx on public.api_cache (expires_at);

alter table public.sync_runs enable row level security;
alter table public.sync_errors enable row level security;
alter table public.cron_logs enable row level security;
alter table public.import_jobs enable row level security;
alter table public.api_cache enable row level security;
