// Who is calling an SPA-facing proxy (ticketmaster, spotify), for the
// per-caller limits. The proxies run with verify_jwt = false (config.toml):
// this file is the credential check, and a request without a valid
// credential is a 401 before anything is read, counted or spent.
//   - the service role (operators, scripts): a secret key (sb_secret_...) or
//     the legacy service-role JWT, in Authorization or apikey; exempt from the
//     limits.
//   - a user: a session token in Authorization that verify.ts has verified
//     (ES256 through the project's JWKS, legacy HS256 where configured); the
//     identity is its `sub`. A token that fails verification is a 401, even
//     beside a valid apikey: a user's JWT in Authorization wins, as on hosted.
//   - an anonymous visitor: the publishable key (or the legacy anon key), as
//     supabase-js sends it (apikey, and as Bearer for the legacy key). Anyone
//     may hold it, so the identity is the client address the platform's
//     proxies vouch for: cf-connecting-ip (set by Cloudflare on the hosted
//     edge), else the LAST x-forwarded-for entry, the one the nearest proxy
//     appended (the local gateway appends the socket's address the same way).
//     Entries a client prepends are ignored. Addresses are kept only as a
//     hash. Without an address: one shared "unidentified" caller.

import { isOneOf, publishableKeys, secretKeys } from "./api_keys.ts";
import { HttpError } from "./json.ts";
import { verifySessionToken } from "./verify.ts";

export type CallerKind = "user" | "address" | "unidentified" | "service_role";

export interface ProxyCaller {
  kind: CallerKind;
  /** user:<uuid>, ip:<sha-256 of the address, 32 hex>, unidentified, or service_role */
  key: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client address as the platform's proxies pass it on, or null. */
export function clientAddress(request: Request): string | null {
  const cloudflare = request.headers.get("cf-connecting-ip")?.trim();
  if (cloudflare) return cloudflare;
  const appended = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return appended || null;
}

function bearerToken(request: Request): string | null {
  const match = request.headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i);
  return match ? match[1] : null;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, "unauthorized", message);
}

async function anonymousCaller(request: Request): Promise<ProxyCaller> {
  const address = clientAddress(request);
  if (address) return { kind: "address", key: `ip:${(await sha256Hex(address)).slice(0, 32)}` };
  return { kind: "unidentified", key: "unidentified" };
}

/** The caller of a proxy request (see the top of this file); a 401 HttpError without a valid credential. */
export async function identifyCaller(request: Request): Promise<ProxyCaller> {
  const token = bearerToken(request);
  const apikey = request.headers.get("apikey")?.trim() || null;
  const secrets = secretKeys();
  const publishable = publishableKeys();
  // a Bearer decides when present (a session wins over the apikey); otherwise the apikey does
  const credential = token ?? apikey;
  if (credential === null) {
    throw unauthorized("missing credentials: send a session token or the project's publishable key");
  }
  if (isOneOf(credential, secrets)) return { kind: "service_role", key: "service_role" };
  if (isOneOf(credential, publishable)) return await anonymousCaller(request);
  if (token === null) throw unauthorized("invalid API key: not a key of this project");
  const claims = await verifySessionToken(token);
  if (claims.role === "authenticated" && typeof claims.sub === "string" && UUID_RE.test(claims.sub)) {
    return { kind: "user", key: `user:${claims.sub.toLowerCase()}` };
  }
  if (claims.role === "anon") return await anonymousCaller(request);
  throw unauthorized(`a token with role ${JSON.stringify(claims.role)} may not call this function`);
}
