-- net.http_post / http_get queue requests with pg_net's defaults
begin;
create extension if not exists pgtap with schema extensions;
select plan(9);

select has_function('net', 'http_post', array['text', 'jsonb', 'jsonb', 'jsonb', 'integer']);
select has_function('net', 'http_get', array['text', 'jsonb', 'jsonb', 'integer']);

create temp table probe_request as select net.http_post('http://127.0.0.1:9/hook', '{"a":1}'::jsonb) as id;

select is((select method from net.http_request_queue where id = (select id from probe_request)), 'POST', 'queued as POST');
select is((select headers from net.http_request_queue where id = (select id from probe_request)),
  '{"Content-Type": "application/json"}'::jsonb, 'default JSON content type');
select is((select convert_from(body, 'UTF8')::jsonb from net.http_request_queue where id = (select id from probe_request)),
  '{"a":1}'::jsonb, 'body serialised as JSON');
select is((select timeout_milliseconds from net.http_request_queue where id = (select id from probe_request)), 5000,
  'default timeout is 5000 ms');

create temp table probe_get as select net.http_get('http://127.0.0.1:9/x', '{"q":"a b&c"}'::jsonb) as id;
select is((select url from net.http_request_queue where id = (select id from probe_get)),
  'http://127.0.0.1:9/x?q=a%20b%26c', 'query parameters are url-encoded');

select throws_ok(
  $$ select net.http_post('http://127.0.0.1:9/hook', '{}'::jsonb, headers := '{"Content-Type":"text/plain"}'::jsonb) $$,
  'P0001', 'Content-Type header must be "application/json"', 'a non-JSON content type is refused');

create temp table probe_auth as
  select net.http_post('http://127.0.0.1:9/hook', headers := '{"Authorization":"Bearer x"}'::jsonb) as id;
select is((select headers from net.http_request_queue where id = (select id from probe_auth)),
  '{"Authorization": "Bearer x", "Content-Type": "application/json"}'::jsonb,
  'the JSON content type is added to caller headers that omit it');

select * from finish();
rollback;
