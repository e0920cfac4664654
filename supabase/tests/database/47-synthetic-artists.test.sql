-- artists.synthetic: false unless the sync says otherwise, readable by everyone, written only by the service role
begin;
\ir ../helpers/fixtures.psql
select plan(6);

select tests.act_as('owner');
select col_not_null('public', 'artists', 'synthetic', 'synthetic is never null');
select is((select synthetic from artists where id = tests.id('artist')), false, 'an artist is not synthetic by default');

select tests.act_as('service');
update artists set synthetic = true where id = tests.id('other_artist');

select tests.act_as('anon');
select is(array[(select synthetic from artists where id = tests.id('artist')),
                (select synthetic from artists where id = tests.id('other_artist'))],
  array[false, true], 'anon reads the flag');
select tests.act_as('guest');
select is((select synthetic from artists where id = tests.id('other_artist')), true, 'a guest reads it too');

select tests.act_as('alice');
select throws_ok($$ update artists set synthetic = false where id = tests.id('other_artist') $$, '42501',
  'permission denied for table artists', 'a fan cannot change it');
select tests.act_as('anon');
select throws_ok($$ update artists set synthetic = false $$, '42501', 'permission denied for table artists',
  'neither can anon');

select * from finish();
rollback;
