-- auth.uid(), auth.role() and auth.jwt() read the request's JWT claims
begin;
create extension if not exists pgtap with schema extensions;
select plan(7);

select is(auth.uid(), null, 'no claims: auth.uid() is null');
select is(auth.jwt(), null, 'no claims: auth.jwt() is null');

select set_config('request.jwt.claims',
  '{"sub":"8a2c1f7e-0d43-4b7a-9c55-3f0e1d2b6a10","role":"authenticated","email":"fan@example.test","is_anonymous":false}', true);
select is(auth.uid(), '8a2c1f7e-0d43-4b7a-9c55-3f0e1d2b6a10'::uuid, 'auth.uid() is the sub claim');
select is(auth.role(), 'authenticated', 'auth.role() is the role claim');
select is(auth.jwt() ->> 'email', 'fan@example.test', 'auth.jwt() is the whole claims document');
select is((auth.jwt() ->> 'is_anonymous')::boolean, false, 'custom claims pass through auth.jwt()');

-- the legacy per-claim setting wins, as on Supabase
select set_config('request.jwt.claim.sub', '11111111-2222-4333-8444-555555555555', true);
select is(auth.uid(), '11111111-2222-4333-8444-555555555555'::uuid, 'request.jwt.claim.sub is honoured');

select * from finish();
rollback;
