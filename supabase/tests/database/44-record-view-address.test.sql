-- record_view keys an anonymous visitor by the address the platform vouches for,
-- cf-connecting-ip (Cloudflare sets it in front of every hosted project): a forged
-- x-forwarded-for, first entry or last, buys no extra view; a different real address does count
begin;
\ir ../helpers/fixtures.psql
select plan(13);

-- one anonymous request for upcoming_show's page, with the headers the platform passed on
create function tests.view_upcoming_with(headers text) returns void
language sql
as $$
  select set_config('request.headers', headers, true);
  select record_view(tests.id('upcoming_show'));
$$;
-- the views counted for upcoming_show, whoever asks (the counts are not the API roles' to read)
create function tests.upcoming_views() returns bigint
language sql security definer set search_path = ''
as $$ select sum(views) from public.show_view_counts where show_id = tests.id('upcoming_show') $$;
grant execute on all functions in schema tests to public;

select tests.act_as('owner');
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.1,203.0.113.7 ", "cf-connecting-ip": " 192.0.2.44 "}', true);
select is(request_client_address(), '192.0.2.44', 'cf-connecting-ip is the address');
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.1, 203.0.113.7"}', true);
select is(request_client_address(), null,
  'x-forwarded-for alone is no address: its first entries are the client''s, its last the hop before the gateway');
select set_config('request.headers', '{"x-real-ip": "198.51.100.9"}', true);
select is(request_client_address(), null, 'x-real-ip alone is no address: a client could have sent it');
select set_config('request.headers', '{"cf-connecting-ip": " "}', true);
select is(request_client_address(), null, 'an empty cf-connecting-ip is no address');

select tests.act_as('anon');
select throws_ok($$ select request_client_address() $$, '42501', 'permission denied for function request_client_address',
  'the API roles cannot call it directly');

-- one visitor behind Cloudflare, rotating its x-forwarded-for (first and last entries) on every request
select lives_ok($$ select tests.view_upcoming_with(
  '{"cf-connecting-ip": "203.0.113.7", "x-forwarded-for": "198.51.100.1, 203.0.113.7"}') $$, 'the first view is recorded');
select lives_ok($$ select tests.view_upcoming_with(
  '{"cf-connecting-ip": "203.0.113.7", "x-forwarded-for": "198.51.100.2, 198.51.100.200"}') $$,
  'a forged x-forwarded-for is accepted');
select tests.view_upcoming_with(
  '{"cf-connecting-ip": "203.0.113.7", "x-forwarded-for": "10.9.9.9, 198.51.100.3, 203.0.113.99"}');
-- forging x-real-ip changes nothing either
select tests.view_upcoming_with('{"cf-connecting-ip": "203.0.113.7", "x-real-ip": "198.51.100.4"}');
select is(tests.upcoming_views(), 1::bigint,
  'four requests from 203.0.113.7 with forged forwarding headers count once');

-- a really different address (Cloudflare saw another connection) counts
select tests.view_upcoming_with('{"cf-connecting-ip": "203.0.113.8", "x-forwarded-for": "198.51.100.1, 203.0.113.7"}');
select is(tests.upcoming_views(), 2::bigint, 'another connecting address is another visitor');

-- attack: before, x-forwarded-for's last entry was the address; without cf-connecting-ip, rotating it
-- no longer buys a view per request
select tests.view_upcoming_with('{"x-forwarded-for": "198.51.100.1, 203.0.113.50"}');
select tests.view_upcoming_with('{"x-forwarded-for": "198.51.100.1, 203.0.113.51"}');
select is(tests.upcoming_views(), 2::bigint,
  'x-forwarded-for without cf-connecting-ip counts nothing, whatever its last entry');

-- the marks hold a hash of the vouched-for address, never a forged one
select tests.act_as('owner');
select is((select array_agg(viewer_key order by viewer_key) from show_view_marks where show_id = tests.id('upcoming_show')),
  array['ip:' || md5('203.0.113.7'), 'ip:' || md5('203.0.113.8')],
  'the viewer keys are the hashed connecting addresses');

-- an unidentifiable anonymous request is accepted and not counted
select tests.act_as('anon');
select lives_ok($$ select tests.view_upcoming_with('{"x-real-ip": "198.51.100.5"}') $$,
  'a request with only x-real-ip is accepted');
select is(tests.upcoming_views(), 2::bigint, 'and not counted');

select * from finish();
rollback;
