-- with RLS on and no policy, the API roles see nothing and write nothing
begin;
create extension if not exists pgtap with schema extensions;
select plan(4);

-- Supabase's default privileges grant anon everything on a new public table;
-- this project's migrations revoke that default (supabase/tests/database/
-- 54-least-privilege), so the probe is granted explicitly: RLS is under test
create table public.platform_rls_probe (id int primary key, note text);
grant select, insert, update on public.platform_rls_probe to anon;
alter table public.platform_rls_probe enable row level security;
insert into public.platform_rls_probe values (1, 'written by the owner');

set local role anon;
select throws_ok($$ insert into public.platform_rls_probe values (2, 'anon') $$,
  '42501', 'new row violates row-level security policy for table "platform_rls_probe"',
  'anon cannot insert into a table with RLS and no policy');
select is((select count(*) from public.platform_rls_probe), 0::bigint, 'anon reads no rows');
select lives_ok($$ update public.platform_rls_probe set note = 'x' $$, 'an update as anon matches no row');
reset role;

select is((select note from public.platform_rls_probe where id = 1), 'written by the owner', 'nothing changed');

select * from finish();
rollback;
