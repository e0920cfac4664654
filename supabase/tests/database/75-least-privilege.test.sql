-- least privilege: nothing in public is granted to anon or authenticated by
-- default, and which fan suggested a song is not readable by other fans
begin;
\ir ../helpers/fixtures.psql
select plan(14);

-- a table, sequence and function the migrations role creates now, as a later
-- migration would, with no grant written out
create table public.least_privilege_probe (id bigint generated always as identity primary key, note text);
create sequence public.least_privilege_probe_seq;
create function public.least_privilege_probe_fn() returns integer language sql as $$ select 1 $$;
alter table public.least_privilege_probe enable row level security;
create policy "open to anon, which must not matter" on public.least_privilege_probe for select to anon using (true);
insert into public.least_privilege_probe (note) values ('hidden');

select is(has_table_privilege('anon', 'public.least_privilege_probe', 'select'), false, 'a new table: anon may not read it');
select is(has_table_privilege('authenticated', 'public.least_privilege_probe', 'insert'), false,
  'a new table: authenticated may not write it');
select is(has_sequence_privilege('anon', 'public.least_privilege_probe_seq', 'usage'), false, 'a new sequence: no usage');
select is(has_function_privilege('anon', 'public.least_privilege_probe_fn()', 'execute'), false,
  'a new function: anon may not execute it (not even through PUBLIC)');
select is(has_function_privilege('authenticated', 'public.least_privilege_probe_fn()', 'execute'), false,
  'a new function: authenticated neither');
select is(has_table_privilege('service_role', 'public.least_privilege_probe', 'select'), true,
  'the service role keeps its defaults');

select tests.act_as('anon');
select throws_ok($$ select note from public.least_privilege_probe $$, '42501', null,
  'reading the new table as anon is refused, a permissive policy notwithstanding');
select tests.act_as('owner');

-- the sequences behind existing tables are not the API roles' either
select is(
  (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'public' and c.relkind = 'S'
     and (has_sequence_privilege('anon', c.oid, 'usage') or has_sequence_privilege('authenticated', c.oid, 'usage'))),
  0, 'no sequence in public is usable by anon or authenticated');

-- suggested_by: bob suggests; alice and anon see that a song was suggested, not by whom
select tests.act_as('bob');
select lives_ok($$ select suggest_song(tests.id('upcoming_show'), tests.id('song4')) $$, 'bob suggests a song');
select is((select suggested_by from suggest_song(tests.id('upcoming_show'), tests.id('song5'))), tests.id('bob'),
  'suggest_song still tells the suggester their own row');
select tests.act_as('alice');
select throws_ok($$ select suggested_by from public.setlist_songs $$, '42501', null,
  'authenticated cannot read suggested_by');
select is((select count(*)::int from public.setlist_songs where song_id = tests.id('song4') and suggested), 1,
  'but sees that the song was suggested');
select tests.act_as('anon');
select throws_ok($$ select * from public.setlist_songs $$, '42501', null, 'anon cannot read suggested_by, not even via *');
select lives_ok($$ select id, title, suggested, upvotes, downvotes from public.setlist_songs $$,
  'anon reads every other column the page needs');

select * from finish();
rollback;
