-- record_view keys an anonymous caller by an address the client cannot forge.
--
-- The first x-forwarded-for entry is whatever the client sent: rotating it
-- bought a fresh view per request. On Supabase's hosted edge a request passes
-- Cloudflare, which sets cf-connecting-ip to the connecting address, and the
-- API gateway, which appends the address it saw to x-forwarded-for. So the
-- caller's address is cf-connecting-ip when present, else the LAST
-- x-forwarded-for entry (the one the nearest proxy appended). x-real-ip is no
-- longer read: nothing guarantees a proxy overwrote it. The local gateway
-- appends the socket's address to x-forwarded-for the same way.

create function public.request_client_address()
returns text
language sql
stable
set search_path = ''
as $$
  select coalesce(
    nullif(btrim(h.headers ->> 'cf-connecting-ip'), ''),
    nullif(btrim(split_part(h.headers ->> 'x-forwarded-for', ',', -1)), ''))
  from (select nullif(current_setting('request.headers', true), '')::jsonb as headers) h
$$;
comment on function public.request_client_address() is
  'The client address of the current PostgREST request as the platform''s proxies vouch for it: cf-connecting-ip (set by Cloudflare) when present, else the last x-forwarded-for entry (appended by the nearest proxy); null when neither is there. Entries a client prepends to x-forwarded-for are ignored.';
revoke execute on function public.request_client_address() from public, anon, authenticated;
grant execute on function public.request_client_address() to service_role;

create or replace function public.record_view(show_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  viewer text;
  counted boolean;
begin
  if not exists (select 1 from public.shows sh where sh.id = record_view.show_id) then
    raise exception using errcode = 'P0001', message = 'show_not_found',
      detail = 'There is no show with that id.',
      hint = 'Use the id of a show from the shows table.';
  end if;

  viewer := coalesce('user:' || auth.uid(), 'ip:' || md5(public.request_client_address()));
  if viewer is null then
    return;
  end if;

  insert into public.show_view_marks as m (show_id, viewer_key, counted_at)
  values (record_view.show_id, viewer, now())
  on conflict (show_id, viewer_key) do update
  set counted_at = excluded.counted_at
  where m.counted_at <= excluded.counted_at - (select lim.view_count_interval from public.app_limits lim)
  returning true into counted;

  if counted then
    insert into public.show_view_counts as c (show_id, hour, views)
    values (record_view.show_id, date_trunc('hour', now(), 'UTC'), 1)
    on conflict (show_id, hour) do update set views = c.views + 1;
  end if;
end
$$;
comment on function public.record_view(uuid) is
  'Counts a page view of a show for trending, at most once per caller and show per app_limits.view_count_interval (30 minutes); repeats are accepted silently and not counted. '
  'The caller is auth.uid(), else the client address from request_client_address() (cf-connecting-ip, else the last x-forwarded-for entry), hashed; with neither, nothing is counted. Refuses show_not_found.';
