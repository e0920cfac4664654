-- api_cache is pruned: nothing deleted its rows, so every response ever cached
-- (each tour window's pages, every search) stayed. An expired row is still
-- worth a day: its ETag lets the next request be a cheap conditional one.
-- After that it is gone, hourly, by pg_cron.

create function public.prune_api_cache(keep_expired interval default interval '1 day')
returns integer
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  pruned integer;
begin
  if keep_expired is null or keep_expired < interval '0' then
    raise exception using errcode = 'P0001', message = 'invalid_keep_expired',
      detail = format('%s is not a length of time to keep expired responses.', coalesce(keep_expired::text, 'null')),
      hint = 'Pass an interval of zero or more.';
  end if;
  delete from public.api_cache c where c.expires_at < now() - keep_expired;
  get diagnostics pruned = row_count;
  return pruned;
end
$$;
comment on function public.prune_api_cache(interval) is
  'Deletes provider responses that expired more than keep_expired ago (default 1 day: an expired row''s ETag still saves a full response) and returns how many; refuses invalid_keep_expired for a null or negative interval. pg_cron job prune-api-cache runs it hourly.';
revoke execute on function public.prune_api_cache(interval) from public, anon, authenticated;
grant execute on function public.prune_api_cache(interval) to service_role;

select cron.schedule('prune-api-cache', '41 * * * *', $$select public.prune_api_cache()$$);
