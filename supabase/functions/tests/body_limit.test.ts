// Every edge function reads its JSON body through readJsonObject, which caps
// it at MAX_JSON_BODY_BYTES: a larger body is refused with 413
// payload_too_large before anything is parsed, whether Content-Length
// announces it or it streams without one, and a hostile stream is not read to
// its end. Through the real gateway and function server, for every function:
// a body of exactly the cap is read (and judged on its content), one byte more
// is refused.

import { assert, assertEquals } from "../../../scripts/test/assert.ts";
import { HttpError, MAX_JSON_BODY_BYTES, readJsonObject } from "../_shared/json.ts";

const API_URL = Deno.env.get("SUPABASE_URL") ?? "";
const ANON_KEY = Deno.env.get("SUPABASE_ANON_KEY") ?? "";
const SERVICE_ROLE_KEY = Deno.env.get("SUPABASE_SERVICE_ROLE_KEY") ?? "";

/** A JSON object of exactly `bytes` bytes: `fields`, padded with spaces. */
function paddedJson(fields: Record<string, unknown>, bytes: number): string {
  const text = JSON.stringify(fields);
  return text + " ".repeat(bytes - text.length);
}

/** A body stream of `total` bytes in 16 KiB chunks that counts what was pulled from it. */
function countingStream(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error("the body was accepted");
}

Deno.test("readJsonObject: a body of exactly the cap is parsed, one byte more is 413 before parsing", async () => {
  const atCap = paddedJson({ ok: true }, MAX_JSON_BODY_BYTES);
  assertEquals(await readJsonObject(new Request("http://x/", { method: "POST", body: atCap })), { ok: true });
  // not JSON at all: had it been parsed, this would be a 400 invalid_json
  const over = "{".repeat(MAX_JSON_BODY_BYTES + 1);
  const refused = await refusal(readJsonObject(new Request("http://x/", { method: "POST", body: over })));
  assertEquals([refused.status, refused.code], [413, "payload_too_large"]);
  assertEquals(refused.details, { limit: MAX_JSON_BODY_BYTES });
});

Deno.test("readJsonObject: a stream without Content-Length stops being read at the cap", async () => {
  const { stream, pulled } = countingStream(20 * 1024 * 1024);
  const request = new Request("http://x/", { method: "POST", body: stream });
  assertEquals(request.headers.get("content-length"), null);
  const refused = await refusal(readJsonObject(request));
  assertEquals([refused.status, refused.code], [413, "payload_too_large"]);
  assert(pulled() <= MAX_JSON_BODY_BYTES + 3 * 16 * 1024, `read ${pulled()} bytes of a 20 MB body`);
});

const FUNCTIONS: { slug: string; token: string; fields: Record<string, unknown>; code: string }[] = [
  { slug: "ticketmaster", token: ANON_KEY, fields: { action: "drop_tables" }, code: "invalid_action" },
  { slug: "spotify", token: ANON_KEY, fields: { action: "drop_tables" }, code: "invalid_action" },
  { slug: "sync-popular-tours", token: SERVICE_ROLE_KEY, fields: { limt: 5 }, code: "invalid_body" },
  { slug: "sync-artist-songs", token: SERVICE_ROLE_KEY, fields: { limt: 5 }, code: "invalid_body" },
  { slug: "sync-setlists", token: SERVICE_ROLE_KEY, fields: { limt: 5 }, code: "invalid_body" },
  { slug: "import-artist", token: SERVICE_ROLE_KEY, fields: { limt: 5 }, code: "invalid_body" },
];

Deno.test({
  name: "every function, through the gateway: the cap is read and judged, one byte more is a 413 JSON error",
  ignore: API_URL === "",
  fn: async () => {
    for (const { slug, token, fields, code } of FUNCTIONS) {
      const call = (body: BodyInit) =>
        fetch(`${API_URL}/functions/v1/${slug}`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, apikey: ANON_KEY, "Content-Type": "application/json" },
          body,
        });
      const atCap = await call(paddedJson(fields, MAX_JSON_BODY_BYTES));
      assertEquals([atCap.status, (await atCap.json()).code], [400, code], `${slug}: a body at the cap is read`);
      const over = await call(paddedJson(fields, MAX_JSON_BODY_BYTES + 1));
      assertEquals(over.status, 413, `${slug}: one byte over`);
      assertEquals(over.headers.get("access-control-allow-origin"), "*");
      assertEquals(await over.json(), {
        code: "payload_too_large",
        message: `the request body must be at most ${MAX_JSON_BODY_BYTES} bytes`,
        details: { limit: MAX_JSON_BODY_BYTES },
      });
    }
    // and a 20 MB stream without Content-Length, as a hostile client sends it
    const { stream } = countingStream(20 * 1024 * 1024);
    const streamed = await fetch(`${API_URL}/functions/v1/spotify`, {
      method: "POST",
      headers: { Authorization: `Bearer ${ANON_KEY}`, apikey: ANON_KEY, "Content-Type": "application/json" },
      body: stream,
    });
    assertEquals([streamed.status, (await streamed.json()).code], [413, "payload_too_large"]);
  },
});
