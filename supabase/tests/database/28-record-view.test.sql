-- record_view counts one view per caller and show per interval; repeats are accepted and not counted
begin;
\ir ../helpers/fixtures.psql
select plan(9);

select tests.act_as('alice');
select lives_ok($$ select record_view(tests.id('upcoming_show')) $$, 'a fan''s view is recorded');
select lives_ok($$ select record_view(tests.id('upcoming_show')) $$, 'a repeat is accepted');
select tests.act_as('guest');
select lives_ok($$ select record_view(tests.id('upcoming_show')) $$, 'a guest''s view is recorded');

-- without a session the client address (from the request headers) is the caller
select tests.act_as('anon');
select set_config('request.headers', '{"cf-connecting-ip": "203.0.113.7", "x-forwarded-for": "203.0.113.7, 10.0.0.1"}', true);
select lives_ok($$ select record_view(tests.id('upcoming_show')) $$, 'an anonymous visitor''s view is recorded');
select lives_ok($$ select record_view(tests.id('upcoming_show')) $$, 'the same address again is accepted');
select set_config('request.headers', '{}', true);
select lives_ok($$ select record_view(tests.id('upcoming_show')) $$, 'a visitor with no address is accepted');
select throws_ok($$ select record_view('00000000-0000-4000-8000-000000000000') $$, 'P0001', 'show_not_found',
  'an unknown show is refused');

select tests.act_as('owner');
select is((select sum(views) from show_view_counts where show_id = tests.id('upcoming_show')), 3::bigint,
  'alice, the guest and one address count once each; repeats and the unidentifiable visitor do not');
-- after the interval the same fan counts again
update show_view_marks set counted_at = counted_at - interval '31 minutes' where viewer_key like 'user:%';
select tests.act_as('alice');
select record_view(tests.id('upcoming_show'));
select tests.act_as('owner');
select is((select sum(views) from show_view_counts where show_id = tests.id('upcoming_show')), 4::bigint,
  'a view after the interval counts again');

select * from finish();
rollback;
