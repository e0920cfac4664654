// How the functions' tests reach a Supabase project: from the environment alone
// (npm test sets it for the local platform; point the same variables at any other
// Supabase to run them there), as supabase/tests/support/env.ts does for the
// database-level tests, whose values these are. Nothing here imports the local
// platform's internals.

import { exportJWK, generateKeyPair, SignJWT } from "jose";
import {
  ANON_KEY,
  API_URL,
  DB_URL,
  LEGACY_JWT_SECRET,
  PUBLISHABLE_KEY,
  REPO_ROOT,
  SECRET_KEY,
  SERVICE_ROLE_KEY,
} from "../../../tests/support/env.ts";

export { ANON_KEY, API_URL, DB_URL, LEGACY_JWT_SECRET, PUBLISHABLE_KEY, REPO_ROOT, SECRET_KEY, SERVICE_ROLE_KEY };

/** The API keys as a project created today injects them into its functions (SUPABASE_*_KEYS). */
export const PUBLISHABLE_KEYS_JSON = JSON.stringify({ default: PUBLISHABLE_KEY });
export const SECRET_KEYS_JSON = JSON.stringify({ default: SECRET_KEY });

/**
 * The tests' own session-signing key (ES256), made once per process. No project hands out its private key,
 * so the functions under test are given its public half in SUPABASE_JWKS beside the project's keys
 * (functionsJwks): a session signed with it verifies exactly as one from the project's auth server.
 */
const TEST_KID = "theset-functions-tests";
const testKey = generateKeyPair("ES256", { extractable: true });

/** A session token for these claims, signed with the tests' key (see functionsJwks). */
export async function sessionJwt(claims: Record<string, unknown>): Promise<string> {
  const { privateKey } = await testKey;
  return await new SignJWT(claims).setProtectedHeader({ alg: "ES256", typ: "JWT", kid: TEST_KID }).sign(privateKey);
}

/** An HS256 token for these claims (the legacy sessions' algorithm) with any secret. */
export async function signHs256(claims: Record<string, unknown>, secret: string): Promise<string> {
  return await new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(secret));
}

/** The project's signing keys, as its auth server publishes them. */
export async function projectJwks(): Promise<{ keys: Record<string, unknown>[] }> {
  const res = await fetch(`${API_URL}/auth/v1/.well-known/jwks.json`);
  if (!res.ok) throw new Error(`${API_URL}/auth/v1/.well-known/jwks.json answered ${res.status}`);
  return await res.json();
}

/** What the functions under test get as SUPABASE_JWKS: the project's keys and the tests' session key. */
export async function functionsJwks(): Promise<{ keys: Record<string, unknown>[] }> {
  const { publicKey } = await testKey;
  const own = { ...await exportJWK(publicKey), kid: TEST_KID, alg: "ES256", use: "sig" };
  return { keys: [...(await projectJwks()).keys, own] };
}

/**
 * The demo upstream the stack serves in demo mode (THESET_UPSTREAM_URL, set by npm test only then), for tests
 * that need the stack's own provider stand-in; null when the stack talks to the real providers.
 */
export function stackUpstreamUrl(): string | null {
  return Deno.env.get("THESET_UPSTREAM_URL") || null;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
