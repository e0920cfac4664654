// The client address, as Supabase's edge vouches for it. On the hosted
// platform Cloudflare sets cf-connecting-ip to the address it accepted the
// connection from, and the API gateway appends the address it saw to
// x-forwarded-for; code behind the gateway (PostgREST's request.headers, the
// edge functions, GoTrue's rate limits) keys a caller on those.
//
// The local gateway is the edge here, so it decides the address from the
// socket: a client's own cf-connecting-ip, x-forwarded-for, x-real-ip,
// true-client-ip and forwarded headers are dropped, and cf-connecting-ip and
// x-forwarded-for are the peer's address alone. cf-connecting-ip is the one
// the code behind reads (supabase/functions/_shared/caller.ts,
// public.request_client_address()): on hosted Supabase, Cloudflare sets it. Only a peer listed in THESET_TRUSTED_PROXIES (comma-
// separated addresses, empty by default) may pass forwarding headers on: a
// proxy in front of the gateway that sets them itself.

const CLIENT_ADDRESS_HEADERS = ["cf-connecting-ip", "x-forwarded-for", "x-real-ip", "true-client-ip", "forwarded"];

/** The peers allowed to tell the gateway who the client is (THESET_TRUSTED_PROXIES). */
export function trustedProxies(value = Deno.env.get("THESET_TRUSTED_PROXIES") ?? ""): ReadonlySet<string> {
  return new Set(value.split(",").map((entry) => entry.trim()).filter(Boolean));
}

function peerAddress(info: Deno.ServeHandlerInfo): string | null {
  return info.remoteAddr.transport === "tcp" ? info.remoteAddr.hostname : null;
}

/**
 * The request as the code behind the gateway sees it: forwarding headers from
 * the socket (cf-connecting-ip and x-forwarded-for = the peer, as Cloudflare
 * sets them in front of a hosted project), or as a trusted proxy sent them
 * (its last x-forwarded-for entry is the address it saw; the proxy's own
 * address is not appended, or it would become everyone's address).
 */
export function withForwardedFor(
  request: Request,
  info: Deno.ServeHandlerInfo,
  trusted: ReadonlySet<string> = trustedProxies(),
): Request {
  const peer = peerAddress(info);
  const headers = new Headers(request.headers);
  if (peer !== null && trusted.has(peer)) {
    if (!request.headers.get("x-forwarded-for")?.trim()) headers.set("x-forwarded-for", peer);
    // a proxy that names the client only in x-forwarded-for: the gateway passes on what it saw
    if (!request.headers.get("cf-connecting-ip")?.trim()) {
      headers.set("cf-connecting-ip", clientAddress(request, info, trusted) ?? peer);
    }
  } else {
    for (const name of CLIENT_ADDRESS_HEADERS) headers.delete(name);
    if (peer !== null) {
      headers.set("cf-connecting-ip", peer);
      headers.set("x-forwarded-for", peer);
    }
  }
  return new Request(request, { headers });
}

/**
 * The client's address for per-client limits: the socket's peer, or from a
 * trusted proxy its cf-connecting-ip, else the last x-forwarded-for entry it
 * appended (what the proxy itself saw).
 */
export function clientAddress(
  request: Request,
  info: Deno.ServeHandlerInfo,
  trusted: ReadonlySet<string> = trustedProxies(),
): string | null {
  const peer = peerAddress(info);
  if (peer === null || !trusted.has(peer)) return peer;
  const cloudflare = request.headers.get("cf-connecting-ip")?.trim();
  if (cloudflare) return cloudflare;
  return request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || peer;
}
