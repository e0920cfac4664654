// Which processes make up the local platform, in start order.

import { join } from "node:path";
import { PORTS, ROOT } from "./config.ts";
import type { Service } from "./services.ts";
import { providerEnvironment, upstreamServices } from "./upstream/env.ts";

const deno = Deno.execPath();
const script = (...parts: string[]) => join(ROOT, "scripts", "stack", ...parts);

export function platformServices(_options: { web: boolean }): Service[] {
  const services: Service[] = [
    // the synthetic Ticketmaster / Spotify / setlist.fm, in demo mode (no provider keys in .env)
    ...upstreamServices(),
    {
      // edge functions; the gateway's /functions/v1 proxies here
      name: "functions",
      port: PORTS.functions,
      command: [deno, "run", "-A", script("functions", "server.ts")],
      healthPath: "/_internal/health",
      // demo mode: the upstream's base URLs and credentials (empty with real keys in .env)
      env: providerEnvironment(),
    },
    {
      name: "gateway",
      port: PORTS.api,
      command: [deno, "run", "-A", script("gateway", "main.ts")],
      healthPath: "/health",
    },
  ];
  return services;
}
