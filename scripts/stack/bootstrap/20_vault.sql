-- vault: supabase/vault's SQL surface (secrets table, create_secret,
-- update_secret, decrypted_secrets). Supabase encrypts with libsodium under a
-- key the server holds; here pgcrypto's symmetric PGP encryption stands in,
-- with the root key in a table of supabase_admin's that no API role can read
-- (postgres can, through pg_read_all_data, which hosted grants it too; there
-- the key is outside the database). The encryption is real so a secret is
-- never stored in clear, but the key lives in the same cluster: good enough
-- for a development stack, not a security boundary.

create schema if not exists vault;

create table if not exists vault._root_key (
  id int primary key default 1 check (id = 1),
  key text not null
);
revoke all on vault._root_key from public;
insert into vault._root_key (key)
values (encode(extensions.gen_random_bytes(32), 'hex'))
on conflict (id) do nothing;

create table if not exists vault.secrets (
  id uuid primary key default extensions.gen_random_uuid(),
  name text,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea default extensions.gen_random_bytes(16),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index if not exists secrets_name_idx on vault.secrets (name) where name is not null;
comment on table vault.secrets is 'Table with encrypted `secret` column for storing sensitive information on disk.';

-- security definer so callers never need to see the root key
create or replace function vault._encrypt(plain text) returns text
language sql volatile security definer set search_path = ''
as $$
  select encode(extensions.pgp_sym_encrypt(plain, (select k.key from vault._root_key k)), 'base64')
$$;

create or replace function vault._decrypt(cipher text) returns text
language sql stable security definer set search_path = ''
as $$
  select extensions.pgp_sym_decrypt(decode(cipher, 'base64'), (select k.key from vault._root_key k))
$$;

create or replace function vault.create_secret(
  new_secret text,
  new_name text default null,
  new_description text default '',
  new_key_id uuid default null
) returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  created_id uuid;
begin
  insert into vault.secrets (secret, name, description, key_id)
  values (vault._encrypt(new_secret), new_name, coalesce(new_description, ''), new_key_id)
  returning id into created_id;
  return created_id;
end
$$;

create or replace function vault.update_secret(
  secret_id uuid,
  new_secret text default null,
  new_name text default null,
  new_description text default null,
  new_key_id uuid default null
) returns void
language plpgsql volatile security definer set search_path = ''
as $$
begin
  update vault.secrets s
  set secret = coalesce(vault._encrypt(new_secret), s.secret),
      name = coalesce(new_name, s.name),
      description = coalesce(new_description, s.description),
      key_id = coalesce(new_key_id, s.key_id),
      updated_at = now()
  where s.id = secret_id;
end
$$;

create or replace view vault.decrypted_secrets as
select
  s.id,
  s.name,
  s.description,
  s.secret,
  vault._decrypt(s.secret) as decrypted_secret,
  s.key_id,
  s.nonce,
  s.created_at,
  s.updated_at
from vault.secrets s;

-- on Supabase only postgres (and the service role through it) reads the vault
revoke all on schema vault from public;
revoke all on all tables in schema vault from public;
revoke all on all functions in schema vault from public;
grant usage on schema vault to postgres, service_role;
grant select, insert, update, delete on vault.secrets to postgres, service_role;
grant select on vault.decrypted_secrets to postgres, service_role;
grant execute on function vault.create_secret(text, text, text, uuid) to postgres, service_role;
grant execute on function vault.update_secret(uuid, text, text, text, uuid) to postgres, service_role;
grant execute on function vault._decrypt(text) to postgres, service_role;
