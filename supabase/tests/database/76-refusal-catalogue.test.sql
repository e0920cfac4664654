-- the refusal catalogue: public.refusal_codes has exactly the codes the
-- database's functions raise (the SPA's words and the README's table are
-- generated from it, so a code missing here would reach fans as "Something
-- went wrong"), anyone may read it, and no fan may change it
begin;
\ir ../helpers/fixtures.psql
select plan(8);

-- every code a public function raises: `public.refuse('<code>'` (the one way
-- to refuse), `refusal => '<code>'` (a helper refusing for its caller),
-- `message = '<code>'` in a raise, a bare `raise exception '<code>'`, or a
-- handle_refusal branch (`then '<code>'`)
create temporary table raised_codes on commit drop as
select distinct coalesce(m[1], m[2], m[3], m[4], m[5]) as code
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace and n.nspname = 'public'
cross join lateral regexp_matches(p.prosrc,
  'public\.refuse\(''([a-z_]+)''|refusal => ''([a-z_]+)''|message = ''([a-z_]+)''|raise exception ''([a-z_]+)''|then ''(handle_[a-z_]+)''', 'g') as m;

select cmp_ok((select count(*)::int from raised_codes), '>=', 50, 'the functions raise the codes the probe finds');
select is(
  (select array_agg(code order by code) from raised_codes where code not in (select r.code from public.refusal_codes r)),
  null, 'every code a function raises has a row in refusal_codes');
select is(
  (select array_agg(r.code order by r.code) from public.refusal_codes r where r.code not in (select code from raised_codes)),
  null, 'every row of refusal_codes names a code some function raises');
select is(
  (select array_agg(r.code order by r.code) from public.refusal_codes r
   where (r.sqlstate = 'P0001') <> (r.http_status = 400)),
  null, 'P0001 refusals answer 400 and only 42501 ones another status');

select tests.act_as('anon');
select is((select fan_message from public.refusal_codes where code = 'voting_closed'),
  'Voting is closed: this show has started.', 'anyone reads the catalogue');
select throws_ok($$ update public.refusal_codes set fan_message = 'hacked' where code = 'voting_closed' $$, '42501', null,
  'anon may not change a fan''s words');
select tests.act_as('alice');
select throws_ok($$ insert into public.refusal_codes (code, http_status, raised_by, meaning) values ('x', 400, 'y', 'z') $$,
  '42501', null, 'a signed-in fan may not add a code');
select tests.act_as('owner');

select throws_ok($$ insert into public.refusal_codes (code, http_status, raised_by, meaning) values ('Bad Code', 400, 'y', 'z') $$,
  '23514', null, 'a code is lower_snake_case');

select * from finish();
rollback;
