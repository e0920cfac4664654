// x-forwarded-for as Supabase's API gateway passes it on: whatever the client
// sent, with the address of the connection the gateway accepted appended. Code
// behind the gateway (PostgREST's request.headers, the edge functions) trusts
// only that last entry, or Cloudflare's cf-connecting-ip on the hosted edge;
// entries a client prepends are not an identity.

/** The request with the connection's address appended to x-forwarded-for (unchanged without a TCP peer). */
export function withForwardedFor(request: Request, info: Deno.ServeHandlerInfo): Request {
  const remote = info.remoteAddr.transport === "tcp" ? info.remoteAddr.hostname : null;
  if (!remote) return request;
  const headers = new Headers(request.headers);
  const prior = request.headers.get("x-forwarded-for")?.trim();
  headers.set("x-forwarded-for", prior ? `${prior}, ${remote}` : remote);
  return new Request(request, { headers });
}
