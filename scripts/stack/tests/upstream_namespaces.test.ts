// The demo upstream's control API for tests that reach it by URL only: a
// namespace of its own (its ids, keys, faults, quotas and counters under
// /__ns/<name>/), its data as JSON, and the checks on what a test may ask.

import { assert, assertEquals } from "../../test/assert.ts";
import { generateDataset } from "../upstream/fixtures.ts";
import { createUpstream, DEMO_CREDENTIALS } from "../upstream/server.ts";
import { type Controllable, MAX_NAMESPACES, Namespaces, validateNamespaceSpec } from "../upstream/control.ts";

const TODAY = "2026-11-25";

async function call(method: string, url: string, body?: unknown) {
  const res = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  // deno-lint-ignore no-explicit-any -- control and provider JSON, asserted field by field
  return { status: res.status, body: await res.json().catch(() => null) as any };
}

Deno.test("a namespace: its own ids, keys, faults, quotas and counters, its data as JSON, gone when deleted", async () => {
  const up = createUpstream({ today: TODAY });
  try {
    const made = await call("POST", `${up.url}/__control/namespaces`, {
      namespace: "tns1",
      today: TODAY,
      credentials: {
        ticketmaster_api_key: "tm-ns",
        setlistfm_api_key: "sfm-ns",
        spotify_client_id: "sp-ns",
        spotify_client_secret: "sp-ns-secret",
      },
      rate_limits: { ticketmaster: { limit: 2, windowMs: 60_000 } },
    });
    assertEquals(made.status, 201);
    assertEquals(made.body, { namespace: "tns1", url: `${up.url}/__ns/tns1`, seed: 20261125, today: TODAY });
    const ns = made.body.url;

    // the data it serves, as JSON: the generator's for that namespace and day
    const data = (await call("GET", `${ns}/__control/dataset`)).body;
    const expected = generateDataset({ namespace: "tns1", today: TODAY });
    assertEquals(data.artists, JSON.parse(JSON.stringify(expected.artists)));
    assertEquals(data.events.length, expected.events.length);
    assertEquals(Object.keys(data.setlists_by_mbid).sort(), [...expected.setlistsByMbid.keys()].sort());
    assertEquals(Object.keys(data.tracks_by_album).length, expected.tracksByAlbum.size);
    assert(data.artists.every((a: { tmId: string }) => a.tmId.startsWith("K8vZ9tns1")));

    // its own key, not the server's; the URLs it hands out stay inside it
    const artist = data.artists[0].tmId;
    const path = `/discovery/v2/attractions/${artist}.json`;
    assertEquals((await call("GET", `${ns}${path}?apikey=${DEMO_CREDENTIALS.ticketmasterApiKey}`)).status, 401);
    const own = await call("GET", `${ns}${path}?apikey=tm-ns`);
    assertEquals([own.status, own.body.id], [200, artist]);
    assert(own.body.images.every((i: { url: string }) => i.url.startsWith(`${ns}/demo-images/`)));
    const image = await fetch(own.body.images[0].url);
    assertEquals([image.status, image.headers.get("content-type")], [200, "image/svg+xml"]);
    await image.body?.cancel();
    assertEquals((await call("GET", `${up.url}${path}?apikey=${DEMO_CREDENTIALS.ticketmasterApiKey}`)).status, 404);

    // its quota (2 a minute) and its faults are its own; the server's counters do not move
    assertEquals((await call("GET", `${ns}${path}?apikey=tm-ns`)).status, 429, "the third request in a minute");
    await call("POST", `${ns}/__control/reset`);
    assertEquals(
      (await call("POST", `${ns}/__control/faults`, { provider: "ticketmaster", kind: "status" })).status,
      201,
    );
    assertEquals((await call("GET", `${ns}${path}?apikey=tm-ns`)).status, 500);
    const served = `${up.url}/discovery/v2/attractions/${up.dataset.artists[0].tmId}.json`;
    assertEquals((await call("GET", `${served}?apikey=${DEMO_CREDENTIALS.ticketmasterApiKey}`)).status, 200);
    assertEquals((await call("GET", `${ns}/__control/stats`)).body.requests.ticketmaster, 1);
    assertEquals(up.requests.ticketmaster, 2, "the server's own: the attraction it does not have, and one it has");
    assertEquals((await call("GET", `${ns}/__control/faults`)).body.length, 1);
    assertEquals((await call("GET", `${up.url}/__control/faults`)).body, []);

    assertEquals((await call("GET", `${up.url}/__control/namespaces`)).body, ["tns1"]);
    assertEquals((await call("DELETE", `${up.url}/__control/namespaces/tns1`)).status, 200);
    assertEquals((await call("GET", `${up.url}/__control/namespaces`)).body, []);
    const gone = await call("GET", `${ns}${path}?apikey=tm-ns`);
    assertEquals([gone.status, gone.body.message], [404, "no namespace tns1 (POST /__control/namespaces)"]);
    assertEquals((await call("DELETE", `${up.url}/__control/namespaces/tns1`)).status, 404);
  } finally {
    await up.close();
  }
});

Deno.test("namespaces: a bad request is a 400 saying why, a taken name a 409, and at most MAX_NAMESPACES", async () => {
  const up = createUpstream({ today: TODAY });
  try {
    const refusals = [
      [{}, "namespace: 1 to 24 letters and digits"],
      [{ namespace: "has-dash" }, "namespace: 1 to 24 letters and digits"],
      [{ namespace: "t1", today: "25-11-2026" }, "today: YYYY-MM-DD"],
      [{ namespace: "t1", seed: 1.5 }, "seed: an integer"],
      [{ namespace: "t1", credentials: { ticketmaster_api_key: "k" } }, "credentials: {"],
      [{ namespace: "t1", rate_limits: { ticketmaster: { limit: 0, windowMs: 1 } } }, "ticketmaster: {"],
      [{ namespace: "t1", rate_limits: { myspace: null } }, "unknown provider myspace"],
    ] as const;
    for (const [body, message] of refusals) {
      const res = await call("POST", `${up.url}/__control/namespaces`, body);
      assertEquals(res.status, 400, JSON.stringify(body));
      assert(res.body.message.startsWith(message), `${JSON.stringify(body)}: ${res.body.message}`);
    }
    const limits = await call("POST", `${up.url}/__control/rate-limits`, { spotify: { limit: "many" } });
    assertEquals(limits.status, 400, "the server's own limits are checked the same way");

    assertEquals((await call("POST", `${up.url}/__control/namespaces`, { namespace: "t1" })).status, 201);
    const again = await call("POST", `${up.url}/__control/namespaces`, { namespace: "t1" });
    assertEquals([again.status, again.body.message], [409, "namespace t1 exists"]);
  } finally {
    await up.close();
  }

  // the cap, on the registry itself (a namespace's data costs a generation each)
  const dataset = generateDataset({ today: TODAY });
  const book = new Namespaces<Controllable>(() => ({ dataset } as Controllable));
  const make = (n: number) =>
    book.control(
      new Request("http://x/__control/namespaces", { method: "POST", body: JSON.stringify({ namespace: `n${n}` }) }),
      new URL("http://x/__control/namespaces"),
    );
  for (let n = 0; n < MAX_NAMESPACES; n++) assertEquals((await make(n))!.status, 201);
  assertEquals((await make(MAX_NAMESPACES))!.status, 429);
  assertEquals(book.size, MAX_NAMESPACES);
  assertEquals(validateNamespaceSpec({ namespace: "ok1", seed: 7 }), { namespace: "ok1", seed: 7, today: undefined });
});
