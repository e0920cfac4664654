-- the schema keeps its own rules: RLS on every table, every function pinned to an
-- empty search_path (Supabase's advisor flags a mutable one), no function
-- executable by PUBLIC, everything documented
begin;
create extension if not exists pgtap with schema extensions;
select plan(6);

select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity),
  null, 'every public table has row level security on');

select is(
  (select array_agg(p.proname::text order by p.proname) from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and not coalesce(p.proconfig @> array['search_path=""'], false)),
  null, 'every function (security definer or not) runs with search_path = ''''');

select is(
  (select array_agg(p.proname::text order by p.proname) from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0))),
  null, 'no public function is executable by PUBLIC');

select is(
  (select array_agg(c.relname::text order by c.relname) from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
     and obj_description(c.oid, 'pg_class') is null),
  null, 'every table and view has a comment');

select is(
  (select array_agg(p.proname::text order by p.proname) from pg_proc p
   where p.pronamespace = 'public'::regnamespace and obj_description(p.oid, 'pg_proc') is null),
  null, 'every function has a comment');

select is(
  (select array_agg(policyname::text) from pg_policies
   where schemaname = 'public' and (qual like '%auth.uid()%' or with_check like '%auth.uid()%')
     and not (coalesce(qual, '') || coalesce(with_check, '')) like '%( SELECT auth.uid()%'),
  null, 'policies read auth.uid() once per statement: (select auth.uid())');

select * from finish();
rollback;
