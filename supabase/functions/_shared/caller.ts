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
//     may hold it, so the identity is the client's address, and only where the
//     platform vouches for it: cf-connecting-ip. Every request to a hosted
//     project (https://<ref>.supabase.co) passes Cloudflare, which sets
//     CF-Connecting-IP to the address that opened the connection, replacing
//     whatever the client sent
//     (https://developers.cloudflare.com/fundamentals/reference/http-headers/#cf-connecting-ip;
//     Supabase discussion #34647 shows a client's forged x-forwarded-for
//     reaching the project while cf-connecting-ip keeps the real address).
//     x-forwarded-for is not read: its first entries are whatever the client
//     sent, and its last is the hop before Supabase's gateway (a Cloudflare
//     edge address that thousands of visitors share). The local gateway plays
//     Cloudflare's part (scripts/stack/gateway/forwarded.ts). Addresses are
//     kept only as a hash.
//   - without cf-connecting-ip (a request that did not come through the
//     platform's edge) an anonymous visitor has no identity of its own, and a
//     key every such visitor shares would let one of them use up the limits
//     for all: it is refused (401 caller_unidentified) and may sign in (an
//     anonymous sign-in will do), after which its verified user id is the key.

import { isOneOf, publishableKeys, secretKeys } from "./api_keys.ts";
import { HttpError } from "./json.ts";
import { verifySessionToken } from "./verify.ts";

export type CallerKind = "user" | "address" | "service_role";

export interface ProxyCaller {
  kind: CallerKind;
  /** user:<uuid>, ip:<sha-256 of the address, 32 hex>, or service_role */
  key: string;
}

/** The one header that carries the client's address on hosted Supabase (see the top of this file). */
export const CLIENT_ADDRESS_HEADER = "cf-connecting-ip";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client's address as the platform's edge vouches for it (cf-connecting-ip), or null. */
export function clientAddress(request: Request): string | null {
  return request.headers.get(CLIENT_ADDRESS_HEADER)?.trim() || null;
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
  throw new HttpError(
    401,
    "caller_unidentified",
    "this request came without the client address the platform vouches for (cf-connecting-ip); sign in, " +
      "as a guest if you like, so the per-caller limits can count your calls",
  );
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
