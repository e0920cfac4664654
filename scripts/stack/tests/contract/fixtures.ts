// Shared pieces of the gateway contract tests: supabase-js clients against the
// running stack, a superuser connection for fixtures and checks, users whose
// JWTs are signed with the project secret, and a raw fetch for the malformed
// requests supabase-js cannot produce.

import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { ANON_KEY, API_URL, DB_URL, JWT_SECRET, SERVICE_ROLE_KEY } from "../../config.ts";
import { base64url, signJwt } from "../../jwt.ts";

export { ANON_KEY, API_URL, JWT_SECRET, SERVICE_ROLE_KEY };

export const admin = postgres(DB_URL, { max: 3, idle_timeout: 2, onnotice: () => {} });

const clientOptions = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
};

/**
 * A supabase-js client as an app builds it; extra headers (e.g. Authorization) when given. It
 * connects from a loopback address of its own: auth counts [auth.rate_limit] per client address,
 * and these tests sign in more users than one address may.
 */
export function client(key = ANON_KEY, headers: Record<string, string> = {}): SupabaseClient {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  const httpClient = Deno.createHttpClient({ localAddress: `127.${a}.${b}.${(c % 250) + 2}` });
  return createClient(API_URL, key, {
    ...clientOptions,
    global: { headers, fetch: (input, init) => fetch(input, { ...init, client: httpClient }) },
  });
}

/** A user row in auth.users and a client carrying an access token for it. */
export async function userClient(label: string): Promise<{ id: string; token: string; db: SupabaseClient }> {
  const id = crypto.randomUUID();
  await admin.unsafe(
    `insert into auth.users (id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ($1, 'authenticated', 'authenticated', $2, '{}'::jsonb, '{}'::jsonb, now(), now())`,
    [id, `${label}-${id.slice(0, 8)}@contract.test`],
  );
  const now = Math.floor(Date.now() / 1000);
  const token = await signJwt(
    { sub: id, role: "authenticated", aud: "authenticated", iat: now, exp: now + 3600 },
    JWT_SECRET,
  );
  return { id, token, db: client(ANON_KEY, { Authorization: `Bearer ${token}` }) };
}

/**
 * Supabase grants anon, authenticated and service_role everything on new tables, sequences and
 * functions in public; this project's migrations revoke that default for the API roles (least
 * privilege). The contract fixtures prove the platform's behaviour for a vanilla project, so they
 * grant their own objects (public.contract_*) as Supabase's defaults would, and nothing else.
 */
export const GRANT_CONTRACT_FIXTURES = `
  do $grant$
  declare
    object record;
  begin
    for object in
      select c.oid::regclass as name, c.relkind from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relname like 'contract\\_%' and c.relkind in ('r', 'v', 'S')
    loop
      execute format('grant all on %s %s to anon, authenticated, service_role',
        case when object.relkind = 'S' then 'sequence' else 'table' end, object.name);
    end loop;
    for object in
      select p.oid::regprocedure as name from pg_proc p
      where p.pronamespace = 'public'::regnamespace and p.proname like 'contract\\_%'
    loop
      execute format('grant execute on function %s to anon, authenticated, service_role', object.name);
    end loop;
  end
  $grant$;
`;

/** A test that shares the stack with others: sanitizers off (supabase-js keeps keep-alive sockets). */
export function contract(prefix: string) {
  return (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `${prefix}: ${name}`, sanitizeOps: false, sanitizeResources: false, fn });
}

/** A raw request to the gateway, for input supabase-js never sends. */
export async function raw(
  path: string,
  init: RequestInit & { key?: string | null } = {},
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const headers = new Headers(init.headers);
  if (init.key !== null && !headers.has("apikey")) headers.set("apikey", init.key ?? ANON_KEY);
  const response = await fetch(`${API_URL}${path}`, { ...init, headers });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

const jsonPart = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));

/** An unsecured JWT (RFC 7519 section 6): alg none and an empty signature. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${jsonPart({ alg: "none", typ: "JWT" })}.${jsonPart(claims)}.`;
}

/** A JWT signed HS512 with the given secret: well formed, in an algorithm the project never issues. */
export async function signHs512(claims: Record<string, unknown>, secret: string): Promise<string> {
  const encoder = new TextEncoder();
  const input = `${jsonPart({ alg: "HS512", typ: "JWT" })}.${jsonPart(claims)}`;
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-512" }, false, [
    "sign",
  ]);
  return `${input}.${base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(input))))}`;
}
