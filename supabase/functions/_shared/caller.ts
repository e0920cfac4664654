// Who is calling an SPA-facing proxy (ticketmaster, spotify), for the
// per-caller limits. Anyone holding the public anon key may call them, so the
// identity must be something a caller cannot mint per request:
//   - a user: the `sub` of the request's JWT. The proxies run with
//     verify_jwt = true (config.toml), so the platform has checked the
//     signature before the handler runs; a forged token never gets here.
//   - otherwise the client address the platform's proxies vouch for:
//     cf-connecting-ip (set by Cloudflare on the hosted edge), else the LAST
//     x-forwarded-for entry, the one the nearest proxy appended (the local
//     gateway appends the socket's address the same way). Entries a client
//     prepends are ignored. Addresses are kept only as a hash.
//   - the service-role key (operators, scripts): exempt from the limits.
//   - none of these: one shared "unidentified" caller, limited like any other.

import { timingSafeEqual } from "./auth.ts";
import { env } from "./env.ts";

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

/** The claims of a JWT, read without checking the signature (the platform's verify_jwt did), or null. */
function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    return claims !== null && typeof claims === "object" && !Array.isArray(claims) ? claims : null;
  } catch {
    return null;
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The caller of a proxy request (see the top of this file). */
export async function identifyCaller(request: Request): Promise<ProxyCaller> {
  const token = bearerToken(request);
  const serviceKey = env("SUPABASE_SERVICE_ROLE_KEY");
  if (token && serviceKey && timingSafeEqual(token, serviceKey)) return { kind: "service_role", key: "service_role" };
  const claims = token ? jwtClaims(token) : null;
  if (claims?.role === "authenticated" && typeof claims.sub === "string" && UUID_RE.test(claims.sub)) {
    return { kind: "user", key: `user:${claims.sub.toLowerCase()}` };
  }
  const address = clientAddress(request);
  if (address) return { kind: "address", key: `ip:${(await sha256Hex(address)).slice(0, 32)}` };
  return { kind: "unidentified", key: "unidentified" };
}
