-- record_view keys an anonymous caller by an address the client cannot forge.
--
-- The first x-forwarded-for entry is whatever the client sent: rotating it
-- bought a fresh view per request. Every request to a hosted project passes
-- Cloudflare, which sets cf-connecting-ip to the address that opened the
-- connection (https://developers.cloudflare.com/fundamentals/reference/http-headers/#cf-connecting-ip;
-- Supabase discussion #34647: a forged x-forwarded-for reaches
-- request.headers while cf-connecting-ip keeps the real address), and
-- PostgREST passes the request's headers on in request.headers. So the
-- caller's address is cf-connecting-ip and nothing else: x-forwarded-for's
-- last entry is the hop before Supabase's gateway (a Cloudflare edge address
-- many visitors share), x-real-ip nothing guarantees. The local gateway sets
-- cf-connecting-ip from the socket the same way (scripts/stack/gateway/forwarded.ts).

create function public.request_client_address()
returns text
language sql
stable
set search_path = ''
as $$
  select nullif(btrim(h.headers ->> 'cf-connecting-ip'), '')
  from (select nullif(current_setting('request.headers', true), '')::jsonb as headers) h
$$;
comment on function public.request_client_address() is
  'The client address of the current PostgREST request as the platform vouches for it: cf-connecting-ip (set by Cloudflare in front of every hosted project, by the gateway locally); null without it. x-forwarded-for and x-real-ip are never read: a client can write them.';
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
  'The caller is auth.uid(), else the client address from request_client_address() (cf-connecting-ip), hashed; with neither, nothing is counted. Refuses show_not_found.';
