-- vault: create_secret stores ciphertext, decrypted_secrets returns the clear text
begin;
create extension if not exists pgtap with schema extensions;
select plan(6);

select isnt(vault.create_secret('s3cr3t-value', 'pgtap_probe', 'test secret'), null, 'create_secret returns an id');
select is((select decrypted_secret from vault.decrypted_secrets where name = 'pgtap_probe'), 's3cr3t-value',
  'decrypted_secrets returns the secret');
select isnt((select secret from vault.secrets where name = 'pgtap_probe'), 's3cr3t-value',
  'the stored value is not the clear text');
select vault.update_secret((select id from vault.secrets where name = 'pgtap_probe'), 'rotated');
select is((select decrypted_secret from vault.decrypted_secrets where name = 'pgtap_probe'), 'rotated',
  'update_secret rotates the value');
select throws_ok($$ select vault.create_secret('again', 'pgtap_probe') $$, '23505', null, 'secret names are unique');

set local role anon;
select throws_ok($$ select * from vault.decrypted_secrets $$, '42501', null, 'anon cannot read the vault');
reset role;

select * from finish();
rollback;
