-- Indexes no query uses, and pg_cron's run history kept bounded.
--
-- shows_last_seen_idx: nothing filters or sorts shows by last_seen_at
-- (sync_health scans every show anyway), and an indexed column makes the tour
-- writer's 12-hourly last_seen_at refresh a non-HOT update that touches every
-- index of shows, the trigram one included.
-- venues_city_idx: nothing looks venues up by country and city.
-- setlists_kind_show_idx: the unique (show_id, kind) constraint's index
-- already answers every lookup of a show's setlist of one kind.
--
-- cron.job_run_details grows by a row per job run (the import queue alone runs
-- every minute: ~1,440 rows a day) and nothing deleted them, while
-- sync_health reads it per job. Its readers look back 24 hours; a week is kept.

drop index public.shows_last_seen_idx;
drop index public.venues_city_idx;
drop index public.setlists_kind_show_idx;

select cron.schedule('prune-cron-history', '23 3 * * *',
  $$delete from cron.job_run_details where end_time < now() - interval '7 days'$$);
