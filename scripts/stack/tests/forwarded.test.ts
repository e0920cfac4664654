// The gateway is the edge of the local platform: the client address comes
// from the socket, and a client's own forwarding headers are dropped, unless
// the peer is a trusted proxy (THESET_TRUSTED_PROXIES).

import { assertEquals } from "../../test/assert.ts";
import { clientAddress, trustedProxies, withForwardedFor } from "../gateway/forwarded.ts";

const tcp = (hostname: string): Deno.ServeHandlerInfo =>
  ({ remoteAddr: { transport: "tcp", hostname, port: 50000 } }) as unknown as Deno.ServeHandlerInfo;

const forgedHeaders = {
  "x-forwarded-for": "203.0.113.9, 10.0.0.1",
  "cf-connecting-ip": "198.51.100.7",
  "x-real-ip": "198.51.100.8",
  "true-client-ip": "198.51.100.9",
  forwarded: "for=198.51.100.10",
  "content-type": "application/json",
};

Deno.test("a client's own forwarding headers are dropped; the peer's address is cf-connecting-ip and the whole x-forwarded-for", async () => {
  const forged = new Request("http://gw/rest/v1/rpc/x", { method: "POST", headers: forgedHeaders, body: '{"a":1}' });
  const passed = withForwardedFor(forged, tcp("192.0.2.10"), new Set());
  assertEquals(passed.headers.get("x-forwarded-for"), "192.0.2.10");
  // what Cloudflare sets in front of a hosted project, and what the functions and record_view read
  assertEquals(passed.headers.get("cf-connecting-ip"), "192.0.2.10");
  for (const name of ["x-real-ip", "true-client-ip", "forwarded"]) {
    assertEquals(passed.headers.get(name), null, name);
  }
  assertEquals(await passed.text(), '{"a":1}', "the body goes along");
  assertEquals(passed.headers.get("content-type"), "application/json");
  assertEquals(clientAddress(forged, tcp("192.0.2.10"), new Set()), "192.0.2.10");
});

Deno.test("a trusted proxy's headers pass as it sent them, and name the client", () => {
  const trusted = trustedProxies(" 192.0.2.1 ,192.0.2.2,");
  assertEquals([...trusted], ["192.0.2.1", "192.0.2.2"]);
  const viaProxy = new Request("http://gw/", { headers: { "x-forwarded-for": "203.0.113.9, 198.51.100.3" } });
  assertEquals(
    withForwardedFor(viaProxy, tcp("192.0.2.1"), trusted).headers.get("x-forwarded-for"),
    "203.0.113.9, 198.51.100.3",
  );
  assertEquals(clientAddress(viaProxy, tcp("192.0.2.1"), trusted), "198.51.100.3", "the entry the proxy appended");
  assertEquals(
    withForwardedFor(viaProxy, tcp("192.0.2.1"), trusted).headers.get("cf-connecting-ip"),
    "198.51.100.3",
    "passed on as cf-connecting-ip, the header the code behind reads",
  );
  const cloudflare = new Request("http://gw/", { headers: { "cf-connecting-ip": "198.51.100.4" } });
  assertEquals(clientAddress(cloudflare, tcp("192.0.2.2"), trusted), "198.51.100.4");
  assertEquals(withForwardedFor(cloudflare, tcp("192.0.2.2"), trusted).headers.get("x-forwarded-for"), "192.0.2.2");
  assertEquals(withForwardedFor(cloudflare, tcp("192.0.2.2"), trusted).headers.get("cf-connecting-ip"), "198.51.100.4");
  // the same headers from a peer that is not listed count for nothing
  assertEquals(clientAddress(cloudflare, tcp("192.0.2.3"), trusted), "192.0.2.3");
  assertEquals(trustedProxies(""), new Set(), "nobody is trusted by default");
});

Deno.test("without a TCP peer there is no address, and a client's headers are still dropped", () => {
  const unix = { remoteAddr: { transport: "unix", path: "/tmp/gw.sock" } } as unknown as Deno.ServeHandlerInfo;
  const forged = new Request("http://gw/", { headers: { "x-forwarded-for": "203.0.113.9" } });
  assertEquals(withForwardedFor(forged, unix, new Set()).headers.get("x-forwarded-for"), null);
  assertEquals(withForwardedFor(forged, unix, new Set()).headers.get("cf-connecting-ip"), null);
  assertEquals(clientAddress(forged, unix, new Set()), null);
});
