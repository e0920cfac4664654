-- search_catalog is security invoker: it finds only the rows the caller's RLS lets them read. A
-- restrictive policy hiding one artist and its show from anon (the attack: a definer function would
-- hand them out) keeps them out of anon's results, while the owner, whose RLS is bypassed, finds them
begin;
\ir ../helpers/fixtures.psql
select plan(4);

insert into public.artists (id, name, slug) values ('a0000000-0000-4000-8000-0000000001b1', 'Hidden Harbor', 'hidden-harbor');
insert into public.shows (artist_id, venue_id, name, starts_at, local_date) values
  ('a0000000-0000-4000-8000-0000000001b1', tests.id('venue'), 'Hidden Harbor live', now() + interval '5 days',
    (now() + interval '5 days')::date);
create policy "test: hide one artist from anon" on public.artists as restrictive for select to anon
  using (name <> 'Hidden Harbor');
create policy "test: hide its show from anon" on public.shows as restrictive for select to anon
  using (name <> 'Hidden Harbor live');

-- named, not counted: on a database with other artists a typo'd "Harbor" rightly finds them too
create function tests.found(kind text, wanted text) returns boolean language sql as $$
  select exists (select 1 from jsonb_array_elements(public.search_catalog('Hiden Harbor') -> kind) hit
                 where hit ->> 'name' = wanted)
$$;
grant execute on function tests.found(text, text) to anon;

select tests.act_as('anon');
select is(tests.found('artists', 'Hidden Harbor'), false, 'anon does not find the artist RLS hides');
select is(tests.found('shows', 'Hidden Harbor live'), false, 'nor its show');
select tests.act_as('owner');
select is(tests.found('artists', 'Hidden Harbor'), true, 'the owner finds the artist');
select is(tests.found('shows', 'Hidden Harbor live'), true, 'and its show');

select * from finish();
rollback;
