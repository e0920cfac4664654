// The stack's "upstream" service: the demo upstream on PORTS.upstream.

import { HOST, PORTS } from "../config.ts";
import { createUpstream } from "./server.ts";

const upstream = createUpstream({ hostname: HOST, port: PORTS.upstream, today: Deno.env.get("THESET_UPSTREAM_TODAY") });
console.log(
  `synthetic upstream listening on ${upstream.url} (${upstream.dataset.artists.length} artists, ` +
    `${upstream.dataset.events.length} events, ${upstream.dataset.allSetlists.length} setlists, anchored on ${upstream.dataset.options.today})`,
);
const stop = async () => {
  await upstream.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGTERM", stop);
Deno.addSignalListener("SIGINT", stop);
