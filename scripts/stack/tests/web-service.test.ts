// `npm start` serves the SPA: the registry adds the Vite dev server only when
// asked for the web, on THESET_WEB_PORT, pointed at this stack's gateway.

import { assert, assertEquals } from "../../test/assert.ts";
import { API_URL, PORTS } from "../config.ts";
import { PUBLISHABLE_KEY } from "../keys.ts";
import { platformServices } from "../registry.ts";

Deno.test("the web service is part of the stack only when the web is asked for", () => {
  assert(!platformServices({ web: false }).some((service) => service.name === "web"));
  const web = platformServices({ web: true }).find((service) => service.name === "web");
  assert(web, "platformServices({web: true}) has a 'web' service");
  assertEquals(web.port, PORTS.web);
  assertEquals(web.command.slice(-2), ["--port", String(PORTS.web)]);
  assertEquals(web.env, { VITE_SUPABASE_URL: API_URL, VITE_SUPABASE_PUBLISHABLE_KEY: PUBLISHABLE_KEY });
  // started last: the app needs the gateway it talks to
  assertEquals(platformServices({ web: true }).at(-1)?.name, "web");
});
