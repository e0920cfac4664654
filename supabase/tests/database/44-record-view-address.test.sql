-- record_view keys an anonymous visitor by the address the proxies vouch for: a forged
-- leading x-forwarded-for entry buys no extra view, a different real address does count
begin;
\ir ../helpers/fixtures.psql
select plan(12);

select tests.act_as('anon');

-- the address the platform sees: cf-connecting-ip, else the entry the nearest proxy appended
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.1, 203.0.113.7"}', true);
select tests.act_as('owner');
select is(request_client_address(), '203.0.113.7', 'the last x-forwarded-for entry is the address');
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.1,203.0.113.7 ", "cf-connecting-ip": "192.0.2.44"}', true);
select is(request_client_address(), '192.0.2.44', 'cf-connecting-ip wins over x-forwarded-for');
select set_config('request.headers', '{"x-real-ip": "198.51.100.9"}', true);
select is(request_client_address(), null, 'x-real-ip alone is no address: a client could have sent it');
select set_config('request.headers', '{"x-forwarded-for": " "}', true);
select is(request_client_address(), null, 'an empty x-forwarded-for is no address');

select tests.act_as('anon');
select throws_ok($$ select request_client_address() $$, '42501', 'permission denied for function request_client_address',
  'the API roles cannot call it directly');

-- one visitor behind the same proxy hop, forging a new leading entry on every request
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.1, 203.0.113.7"}', true);
select lives_ok($$ select record_view(tests.id('upcoming_show')) $$, 'the first view is recorded');
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.2, 203.0.113.7"}', true);
select lives_ok($$ select record_view(tests.id('upcoming_show')) $$, 'a forged leading entry is accepted');
select set_config('request.headers', '{"x-forwarded-for": "10.9.9.9, 198.51.100.3, 203.0.113.7"}', true);
select record_view(tests.id('upcoming_show'));
-- forging x-real-ip changes nothing either
select set_config('request.headers', '{"x-forwarded-for": "203.0.113.7", "x-real-ip": "198.51.100.4"}', true);
select record_view(tests.id('upcoming_show'));

select tests.act_as('owner');
select is((select sum(views) from show_view_counts where show_id = tests.id('upcoming_show')), 1::bigint,
  'four requests from 203.0.113.7 with forged leading entries count once');

-- a really different address (the proxy appended another one) counts
select tests.act_as('anon');
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.1, 203.0.113.8"}', true);
select record_view(tests.id('upcoming_show'));
select tests.act_as('owner');
select is((select sum(views) from show_view_counts where show_id = tests.id('upcoming_show')), 2::bigint,
  'another proxy-appended address is another visitor');

-- behind Cloudflare the connecting address decides, whatever x-forwarded-for says
select tests.act_as('anon');
select set_config('request.headers', '{"cf-connecting-ip": "192.0.2.44", "x-forwarded-for": "1.1.1.1, 203.0.113.9"}', true);
select record_view(tests.id('upcoming_show'));
select set_config('request.headers', '{"cf-connecting-ip": "192.0.2.44", "x-forwarded-for": "2.2.2.2, 203.0.113.10"}', true);
select record_view(tests.id('upcoming_show'));
select tests.act_as('owner');
select is((select sum(views) from show_view_counts where show_id = tests.id('upcoming_show')), 3::bigint,
  'one cf-connecting-ip counts once, whatever x-forwarded-for carries');

-- the marks hold a hash of the vouched-for address, never a forged one
select is((select array_agg(viewer_key order by viewer_key) from show_view_marks where show_id = tests.id('upcoming_show')),
  array['ip:' || md5('192.0.2.44'), 'ip:' || md5('203.0.113.7'), 'ip:' || md5('203.0.113.8')],
  'the viewer keys are the hashed vouched-for addresses');

-- an unidentifiable anonymous request is accepted and not counted
select tests.act_as('anon');
select set_config('request.headers', '{"x-real-ip": "198.51.100.5"}', true);
select record_view(tests.id('upcoming_show'));
select tests.act_as('owner');
select is((select sum(views) from show_view_counts where show_id = tests.id('upcoming_show')), 3::bigint,
  'a request with only x-real-ip is not counted');

select * from finish();
rollback;
