-- coverage is cut to 4 decimals, never rounded up: with one stale catalog among
-- hundreds of artists sync_health said "coverage 100.0% is below 100%", and
-- among thousands it rounded to 1.0000 and graded PERFECT with a gap
begin;
\ir ../helpers/health_world.psql
select plan(8);

-- 400 more artists with a song each, one of whose catalogs is stale: the fresh
-- share is 400/401 = 0.99750..., the other five shares are 1, the mean 0.99958...
insert into artists (name, slug, songs_synced_at)
select 'Cut ' || n, 'cut-' || n, case when n = 1 then now() - interval '4 days' else now() end
from generate_series(1, 400) n;
insert into songs (artist_id, title) select id, 'Only Song' from artists where slug like 'cut-%';
select from refresh_sync_health_census();

select tests.act_as('service');
select is(sync_health() #> '{freshness,catalogs_fresh_share}', '0.9975'::jsonb, 'the share is cut, not rounded');
select is(sync_health() -> 'coverage', '0.9995'::jsonb, 'so is the coverage');
select is(sync_health() -> 'reasons', '["coverage 99.9% is below 100%"]'::jsonb,
  'the reason never says 100.0% for less than everything');
select is(sync_health() ->> 'state', 'EXCELLENT', 'EXCELLENT, not PERFECT');

-- 4000 more: the fresh share 4000/4001 = 0.99975..., the mean 0.999958...,
-- which rounding made 1.0000
select tests.act_as('owner');
insert into artists (name, slug, songs_synced_at)
select 'Cut ' || n, 'cut-' || n, now() from generate_series(401, 4000) n;
insert into songs (artist_id, title)
select a.id, 'Only Song' from artists a where a.slug like 'cut-%' and not exists (select 1 from songs s where s.artist_id = a.id);
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() -> 'coverage', '0.9999'::jsonb, 'a mean of 0.99995... stays below 1');
select is(sync_health() ->> 'state', 'EXCELLENT', 'and one stale catalog in 4001 keeps it from PERFECT');

-- the stale catalog syncs: now everything is there
select tests.act_as('owner');
update artists set songs_synced_at = now() where slug = 'cut-1';
select from refresh_sync_health_census();
select tests.act_as('service');
select is(sync_health() ->> 'state', 'PERFECT', 'complete is PERFECT');
select is(sync_health() -> 'reasons', '[]'::jsonb, 'with nothing to explain');

select * from finish();
rollback;
