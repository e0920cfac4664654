// The gateway passes x-forwarded-for on as Supabase's proxy does: the client's
// entries, then the address of the connection it accepted, which is the only
// entry the code behind it trusts.

import { assertEquals } from "../../test/assert.ts";
import { withForwardedFor } from "../gateway/forwarded.ts";

const tcp = (hostname: string): Deno.ServeHandlerInfo =>
  ({ remoteAddr: { transport: "tcp", hostname, port: 50000 } }) as unknown as Deno.ServeHandlerInfo;

Deno.test("the peer's address is appended after whatever the client sent", async () => {
  const forged = new Request("http://gw/rest/v1/rpc/x", {
    method: "POST",
    headers: { "x-forwarded-for": "203.0.113.9, 10.0.0.1", "content-type": "application/json" },
    body: '{"a":1}',
  });
  const passed = withForwardedFor(forged, tcp("192.0.2.10"));
  assertEquals(passed.headers.get("x-forwarded-for"), "203.0.113.9, 10.0.0.1, 192.0.2.10");
  assertEquals(await passed.text(), '{"a":1}', "the body goes along");
  assertEquals(passed.headers.get("content-type"), "application/json");
});

Deno.test("without a client header the peer's address is the whole header; without a TCP peer nothing changes", () => {
  const plain = new Request("http://gw/functions/v1/ticketmaster");
  assertEquals(withForwardedFor(plain, tcp("::1")).headers.get("x-forwarded-for"), "::1");
  const unix = { remoteAddr: { transport: "unix", path: "/tmp/gw.sock" } } as unknown as Deno.ServeHandlerInfo;
  const forged = new Request("http://gw/", { headers: { "x-forwarded-for": "203.0.113.9" } });
  assertEquals(withForwardedFor(forged, unix).headers.get("x-forwarded-for"), "203.0.113.9");
});
