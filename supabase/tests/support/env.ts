// What the database-level deno tests need to reach a Supabase stack, from the
// environment alone (npm test sets it for the local platform; point the same
// variables at any other Supabase to run them there), so these product tests
// import nothing of the local platform's internals.

import { SignJWT } from "jose";

function required(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set: run these tests through npm test, or set it to your stack's value`);
  return value;
}

export const API_URL = required("SUPABASE_URL");
export const DB_URL = required("SUPABASE_DB_URL");
export const ANON_KEY = required("SUPABASE_ANON_KEY");
export const SERVICE_ROLE_KEY = required("SUPABASE_SERVICE_ROLE_KEY");
export const PUBLISHABLE_KEY = required("SUPABASE_PUBLISHABLE_KEY");
export const SECRET_KEY = required("SUPABASE_SECRET_KEY");
/** the project's legacy HS256 secret, for tests of legacy sessions (the local platform's is the CLI's well-known one) */
export const LEGACY_JWT_SECRET = required("SUPABASE_JWT_SECRET");

/** The repository's root, for fixtures shared with other suites. */
export const REPO_ROOT = new URL("../../../", import.meta.url).pathname.replace(/\/$/, "");

/** A legacy session token: the claims signed HS256 with the project's legacy secret. */
export async function signLegacyJwt(claims: Record<string, unknown>): Promise<string> {
  return await new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(LEGACY_JWT_SECRET));
}

/** A token's claims, read without verifying it (a test inspecting what it was handed). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split(".")[1].replaceAll("-", "+").replaceAll("_", "/");
  return JSON.parse(atob(part + "===".slice((part.length + 3) % 4)));
}

/**
 * A JSON POST through the gateway (`path` under the API URL: "rest/v1/rpc/x",
 * "functions/v1/x") as the SPA sends it: the anon key, a session token (the
 * anon key when there is none), and any headers the test adds.
 */
export function postJson(
  path: string,
  body: unknown,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${API_URL}/${path}`, {
    method: "POST",
    headers: {
      apikey: ANON_KEY,
      Authorization: `Bearer ${options.token ?? ANON_KEY}`,
      "Content-Type": "application/json",
      ...options.headers,
    },
    body: JSON.stringify(body),
  });
}
