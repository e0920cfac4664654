// What the REST path makes of a database that went away: PostgREST's 503
// PGRST001 for a lost or refused connection (including a write into a socket
// the server closed, EPIPE), and nothing for a query error, which has its own
// status. And how soon a pool connection retries once Postgres is back.

import { assertEquals } from "../../../test/assert.ts";
import { connectionFailure } from "./executor.ts";
import { reconnectBackoff } from "../context.ts";

Deno.test("a lost connection answers 503 PGRST001, whichever way it was lost", () => {
  for (const code of ["EPIPE", "ECONNRESET", "ECONNREFUSED", "CONNECTION_CLOSED", "CONNECT_TIMEOUT"]) {
    const failure = connectionFailure(Object.assign(new Error("gone"), { code }));
    assertEquals([failure?.status, failure?.code], [503, "PGRST001"], code);
  }
});

Deno.test("an error that is not about the connection is left to the other mappings", () => {
  assertEquals(connectionFailure(Object.assign(new Error("boom"), { code: "EACCES" })), null);
  assertEquals(connectionFailure(new TypeError("not a connection problem")), null);
});

Deno.test("a pool connection retries within a second, however long Postgres was down", () => {
  assertEquals([1, 2, 3].map(reconnectBackoff), [0.1, 0.2, 0.4]);
  assertEquals(Math.max(...Array.from({ length: 40 }, (_, retries) => reconnectBackoff(retries))), 1);
});
