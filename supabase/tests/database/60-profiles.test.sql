-- set_profile: a unique, validated handle and a home city; only the owner reads the row
begin;
\ir ../helpers/fixtures.psql
select plan(22);

select tests.act_as('alice');
select is(set_profile('Alice_1', '  Testville  '),
  '{"handle": "Alice_1", "home_city": "Testville", "home_latitude": null, "home_longitude": null}'::jsonb,
  'a fan sets a handle and a home city (trimmed)');
select is((select handle from profiles where user_id = tests.id('alice')), 'Alice_1', 'the fan reads their own profile');
select is(set_profile('Alice_1', 'Lyon', 45.76, 4.84) ->> 'home_city', 'Lyon', 'setting it again replaces it');
select is((select home_latitude from profiles where user_id = tests.id('alice')), 45.76::double precision,
  'with optional home coordinates');

-- refusals, each leaving the profile as it was
select throws_ok($$ select set_profile('ab', null) $$, 'P0001', 'handle_length', 'a handle shorter than 3 is refused');
select throws_ok($$ select set_profile('abcdefghijklmnopqrstu', null) $$, 'P0001', 'handle_length',
  'a handle longer than 20 is refused');
select throws_ok($$ select set_profile('1alice', null) $$, 'P0001', 'handle_characters',
  'a handle must start with a letter');
select throws_ok($$ select set_profile('al ice', null) $$, 'P0001', 'handle_characters', 'no spaces');
select throws_ok($$ select set_profile('alicé', null) $$, 'P0001', 'handle_characters', 'ASCII letters only');
select throws_ok($$ select set_profile('Admin', null) $$, 'P0001', 'handle_reserved',
  'reserved words are refused whatever their case');
select throws_ok($$ select set_profile('alice', repeat('x', 81)) $$, 'P0001', 'invalid_home_city',
  'a home city longer than fan_rules allows is refused');
select throws_ok($$ select set_profile('alice', 'Lyon', 45.0, null) $$, 'P0001', 'invalid_home_location',
  'one coordinate without the other is refused');
select throws_ok($$ select set_profile('alice', 'Lyon', 91, 0) $$, 'P0001', 'invalid_home_location',
  'a latitude beyond 90 is refused');
select is((select handle || '/' || home_city from profiles where user_id = tests.id('alice')), 'Alice_1/Lyon',
  'refusals wrote nothing');

select tests.act_as('bob');
select throws_ok($$ select set_profile('ALICE_1', null) $$, 'P0001', 'handle_taken',
  'handles are unique regardless of case');
select lives_ok($$ select set_profile('bob', 'Testville') $$, 'another handle is fine');
select is((select count(*)::integer from profiles), 1, 'a fan sees only their own profile row');

select tests.act_as('guest');
select throws_ok($$ select set_profile('guesty', null) $$, 'P0001', 'guest_cannot_claim_handle',
  'a guest cannot claim a public handle');
select is(set_profile(null, 'Testville') ->> 'home_city', 'Testville', 'but may set a home city');

select tests.act_as('anon');
select throws_ok($$ select set_profile('anyone', null) $$, 'P0001', 'not_authenticated', 'anon has no profile');
select throws_ok($$ select * from profiles $$, '42501', null, 'anon cannot read profiles');

-- others see only handle, city and public stats
select is(public_profile('alice_1'), '{"handle": "Alice_1", "home_city": "Lyon", "points": 0, "shows": 0, "rank": null}'::jsonb,
  'the public profile shows handle, city and stats, not coordinates or ids');

select * from finish();
rollback;
