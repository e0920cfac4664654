-- the gateway's realtime helpers: render a WAL change the way Realtime does and
-- decide per audience (role + claims) who may see it; probe private channels
begin;
create extension if not exists pgtap with schema extensions;
select plan(14);

create table public.rt_probe (id int primary key, label text, secret text, owner uuid, at timestamptz, tags int[]);
alter table public.rt_probe enable row level security;
create policy rt_probe_owner on public.rt_probe for select to authenticated using (owner = (select auth.uid()));
revoke all on public.rt_probe from anon;
grant select (id, label) on public.rt_probe to anon;
-- written out: the project's migrations grant nothing in public by default
grant select on public.rt_probe to authenticated;
insert into public.rt_probe values
  (1, 'mine', 's', '00000000-0000-0000-0000-000000000001', '2024-05-01 10:00:00+00', '{1,2}');

create temp table rendered as
select realtime.local_render_change(
  'public.rt_probe', 'INSERT',
  '{"id":"1","label":"mine","secret":"s","owner":"00000000-0000-0000-0000-000000000001","at":"2024-05-01 10:00:00+00","tags":"{1,2}"}',
  null,
  '[{"role":"authenticated","claims":{"sub":"00000000-0000-0000-0000-000000000001","role":"authenticated"}},
    {"role":"authenticated","claims":{"sub":"00000000-0000-0000-0000-000000000002","role":"authenticated"}},
    {"role":"anon","claims":{"role":"anon"}},
    {"role":"service_role","claims":{"role":"service_role"}},
    {"role":"no_such_role","claims":{}}]'
) as r;

select is((select r -> 'record' -> 'id' from rendered), '1'::jsonb, 'values are rendered with to_jsonb: numbers stay numbers');
select is((select r -> 'record' ->> 'at' from rendered), '2024-05-01T10:00:00+00:00', 'timestamps in ISO form');
select is((select r -> 'record' -> 'tags' from rendered), '[1, 2]'::jsonb, 'arrays as JSON arrays');
select is((select r -> 'columns' -> 0 from rendered), '{"name": "id", "type": "int4"}'::jsonb, 'columns carry udt names');
select is((select r -> 'audiences' -> 0 ->> 'visible' from rendered), 'true', 'the owner may see the row (RLS as that user)');
select is((select r -> 'audiences' -> 1 ->> 'visible' from rendered), 'false', 'another user may not');
select is((select r -> 'audiences' -> 2 ->> 'visible' from rendered), 'false', 'anon has no policy: hidden');
select is((select r -> 'audiences' -> 2 -> 'selectable' from rendered), '["id", "label"]'::jsonb, 'anon may select only its granted columns');
select is((select r -> 'audiences' -> 3 ->> 'visible' from rendered), 'true', 'service_role bypasses RLS');
select is((select r -> 'audiences' -> 4 ->> 'visible' from rendered), 'false', 'an unknown role sees nothing');
select is(current_user::text, 'postgres', 'the role is restored after the checks');

select is(realtime.local_channel_access('rt-probe-topic', 'anon', '{"role":"anon"}', 'read'), false,
  'no policy on realtime.messages: a private channel is refused');
select is((select count(*)::int from realtime.messages where topic = 'rt-probe-topic'), 0, 'the probe row is rolled back');
select ok(not has_function_privilege('anon', 'realtime.local_render_change(regclass, text, jsonb, jsonb, jsonb)', 'execute'),
  'the API roles cannot call the gateway''s helpers');

select * from finish();
rollback;
