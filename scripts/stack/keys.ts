// The keys a Supabase project created today has, for the local platform:
//
//   - API keys that are not JWTs: a publishable key (`sb_publishable_...`,
//     safe in a browser, the `anon` role) and a secret key (`sb_secret_...`,
//     the `service_role`). The values are the Supabase CLI's well-known local
//     ones, so the same .env works against `supabase start`. The hosted API
//     gateway takes them in `apikey`; a Bearer equal to the key, or no Bearer,
//     means "the key's role", and a user's JWT in Authorization still wins.
//   - an asymmetric JWT signing key: GoTrue signs sessions ES256 with it, `kid`
//     in the header, and serves the public half at
//     /auth/v1/.well-known/jwks.json. Generated once per stack and kept in the
//     stack's folder (git-ignored), like `signing_keys_path` for `supabase start`.
//
// The legacy HS256 anon/service-role keys (config.ts) stay accepted beside them.

import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { STACK_DIR } from "./config.ts";

/** The Supabase CLI's local publishable key (maps to the `anon` role). */
export const PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH";
/** The Supabase CLI's local secret key (maps to the `service_role` role). */
export const SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";

/** What hosted functions find in SUPABASE_PUBLISHABLE_KEYS / SUPABASE_SECRET_KEYS: JSON objects of named keys. */
export const PUBLISHABLE_KEYS_JSON = JSON.stringify({ default: PUBLISHABLE_KEY });
export const SECRET_KEYS_JSON = JSON.stringify({ default: SECRET_KEY });

// exp of the claims an API key stands for: the legacy keys' own (2032), so a
// channel joined with a key is never closed for an expiring token
const API_KEY_CLAIMS_EXP = 1983812996;

/**
 * The claims the gateway uses for a request carrying an API key instead of a
 * JWT, or null when `token` is not one of the project's API keys.
 */
export function apiKeyClaims(token: string | null | undefined): { role: string; iss: string; exp: number } | null {
  if (token === PUBLISHABLE_KEY) return { role: "anon", iss: "supabase", exp: API_KEY_CLAIMS_EXP };
  if (token === SECRET_KEY) return { role: "service_role", iss: "supabase", exp: API_KEY_CLAIMS_EXP };
  return null;
}

export const SIGNING_KEYS_PATH = join(STACK_DIR, "signing_keys.json");

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** the public JWK as the JWKS serves it */
  publicJwk: JWK;
}

async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: crypto.randomUUID(), alg: "ES256", use: "sig" };
}

/** Reads the stack's key file, creating it first when missing (one winner when processes race). */
async function readOrCreateKeyFile(path: string): Promise<JWK[]> {
  try {
    return JSON.parse(await Deno.readTextFile(path)).keys;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(join(path, ".."), { recursive: true });
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temporary, JSON.stringify({ keys: [await generateSigningKey()] }, null, 2), { mode: 0o600 });
  try {
    // link fails when another process got there first: theirs is the stack's key then
    await Deno.link(temporary, path);
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  } finally {
    await Deno.remove(temporary);
  }
  return JSON.parse(await Deno.readTextFile(path)).keys;
}

let loaded: Promise<SigningKey[]> | null = null;

/** The stack's signing keys, the first one current. Loaded once per process. */
export function signingKeys(): Promise<SigningKey[]> {
  loaded ??= readOrCreateKeyFile(SIGNING_KEYS_PATH).then((jwks) =>
    Promise.all(jwks.map(async (jwk) => {
      const { d: _private, ...publicJwk } = jwk;
      return { kid: jwk.kid!, privateKey: await importJWK(jwk, "ES256") as unknown as CryptoKey, publicJwk };
    }))
  );
  loaded.catch(() => loaded = null);
  return loaded;
}

/** The JSON Web Key Set GoTrue serves at /auth/v1/.well-known/jwks.json (hosted functions get it as SUPABASE_JWKS). */
export async function jwks(): Promise<{ keys: JWK[] }> {
  return { keys: (await signingKeys()).map((key) => key.publicJwk) };
}
