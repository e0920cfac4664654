-- net: pg_net's SQL surface. The function signatures, defaults and queue
-- tables match pg_net 0.x so `select net.http_post(...)` written for Supabase
-- runs unchanged. pg_net's background worker is replaced by the stack's
-- worker (scripts/stack/net-worker.ts), which drains net.http_request_queue in
-- id order and writes net._http_response, keeping responses for 6 hours.

create schema if not exists net;
grant usage on schema net to postgres, anon, authenticated, service_role;

create table if not exists net.http_request_queue (
  id bigserial primary key,
  method text not null,
  url text not null,
  headers jsonb not null,
  body bytea,
  timeout_milliseconds integer not null
);

create unlogged table if not exists net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);
create index if not exists _http_response_created_idx on net._http_response (created);

do $types$
begin
  if not exists (select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'net' and t.typname = 'request_status') then
    create type net.request_status as enum ('PENDING', 'SUCCESS', 'ERROR');
  end if;
end
$types$;

-- percent-encode one query-string component (RFC 3986 unreserved kept)
create or replace function net._urlencode_string(string varchar) returns text
language sql immutable strict
as $$
  select string_agg(
    case
      when ch ~ '[A-Za-z0-9_.~-]' then ch
      else upper(regexp_replace(encode(convert_to(ch, 'UTF8'), 'hex'), '(..)', '%\1', 'g'))
    end,
    '' order by ord)
  from regexp_split_to_table(string, '') with ordinality as t(ch, ord)
$$;

create or replace function net._encode_url_with_params_array(url text, params_array text[]) returns text
language sql immutable strict
as $$
  select case
    when cardinality(params_array) = 0 then url
    when position('?' in url) > 0 then url || '&' || array_to_string(params_array, '&')
    else url || '?' || array_to_string(params_array, '&')
  end
$$;

create or replace function net._query_params(params jsonb) returns text[]
language sql immutable
as $$
  select coalesce(
    array_agg(net._urlencode_string(p.key) || '=' || net._urlencode_string(p.value) order by p.key),
    '{}'::text[])
  from jsonb_each_text(coalesce(params, '{}'::jsonb)) as p(key, value)
$$;

create or replace function net.http_get(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint
language plpgsql volatile parallel safe
as $$
declare
  request_id bigint;
begin
  insert into net.http_request_queue (method, url, headers, timeout_milliseconds)
  values ('GET', net._encode_url_with_params_array(url, net._query_params(params)), coalesce(headers, '{}'::jsonb), timeout_milliseconds)
  returning id into request_id;
  return request_id;
end
$$;

create or replace function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint
language plpgsql volatile parallel safe
as $$
declare
  request_id bigint;
  declared_type text;
  effective_headers jsonb := coalesce(headers, '{}'::jsonb);
begin
  select h.value into declared_type
  from jsonb_each_text(effective_headers) as h(key, value)
  where lower(h.key) = 'content-type'
  limit 1;

  -- pg_net adds the JSON content type when the caller's headers omit it, and
  -- refuses any other: the body is always serialised JSON
  if declared_type is null then
    effective_headers := effective_headers || '{"Content-Type": "application/json"}'::jsonb;
  elsif declared_type <> 'application/json' then
    raise exception 'Content-Type header must be "application/json"';
  end if;

  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (
    'POST',
    net._encode_url_with_params_array(url, net._query_params(params)),
    effective_headers,
    convert_to(body::text, 'UTF8'),
    timeout_milliseconds
  )
  returning id into request_id;
  return request_id;
end
$$;

create or replace function net.http_delete(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000
) returns bigint
language plpgsql volatile parallel safe
as $$
declare
  request_id bigint;
begin
  insert into net.http_request_queue (method, url, headers, timeout_milliseconds)
  values ('DELETE', net._encode_url_with_params_array(url, net._query_params(params)), coalesce(headers, '{}'::jsonb), timeout_milliseconds)
  returning id into request_id;
  return request_id;
end
$$;

-- wake the worker on commit instead of making it poll tightly; notifications
-- are only delivered for committed transactions, which is exactly pg_net's rule
create or replace function net._notify_worker() returns trigger
language plpgsql
as $$
begin
  perform pg_notify('net_http_request_queue', '');
  return null;
end
$$;

drop trigger if exists notify_worker on net.http_request_queue;
create trigger notify_worker after insert on net.http_request_queue
for each statement execute function net._notify_worker();

revoke all on all functions in schema net from public;
grant execute on all functions in schema net to postgres, service_role;
grant select, insert on net.http_request_queue to postgres, service_role;
grant usage on sequence net.http_request_queue_id_seq to postgres, service_role;
grant select on net._http_response to postgres, service_role;
