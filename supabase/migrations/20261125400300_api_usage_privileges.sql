-- api_usage is an operations table like sync_runs or api_cache: the API roles
-- lose every privilege on it, so a fan's read or write fails loudly with 42501
-- instead of relying on row level security without a policy to match no rows.

revoke all on public.api_usage from anon, authenticated;
grant select, insert, update, delete on public.api_usage to service_role;
