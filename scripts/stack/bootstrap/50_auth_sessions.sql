-- GoTrue's record of how each session authenticated (the access token's amr
-- claim: password, anonymous, ...), which it reads back on every refresh.
-- Same table and columns as GoTrue's own migration; owned by the auth role.

create table if not exists auth.mfa_amr_claims (
  session_id uuid not null references auth.sessions (id) on delete cascade,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  authentication_method text not null,
  id uuid primary key,
  constraint mfa_amr_claims_session_id_authentication_method_pkey unique (session_id, authentication_method)
);
comment on table auth.mfa_amr_claims is 'auth: stores authenticator method reference claims for multi factor authentication';

alter table auth.mfa_amr_claims enable row level security;
alter table auth.mfa_amr_claims owner to supabase_auth_admin;
grant all on auth.mfa_amr_claims to postgres, service_role;

-- lookups GoTrue makes on every refresh and sign-out
create index if not exists sessions_not_after_idx on auth.sessions (not_after desc);
create index if not exists refresh_tokens_updated_at_idx on auth.refresh_tokens (updated_at desc);
