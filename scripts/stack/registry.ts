// Which processes make up the local platform, in start order.

import { join } from "node:path";
import { API_URL, PORTS, ROOT } from "./config.ts";
import { PUBLISHABLE_KEY } from "./keys.ts";
import type { Service } from "./services.ts";
import { providerEnvironment, upstreamServices } from "./upstream/env.ts";

const deno = Deno.execPath();
const script = (...parts: string[]) => join(ROOT, "scripts", "stack", ...parts);

export function platformServices(options: { web: boolean }): Service[] {
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
  if (options.web) services.push(webService());
  return services;
}

/**
 * The SPA's Vite dev server (npm start). It is told this stack's URL and anon
 * key directly, so the app served here always talks to the platform started
 * beside it, whatever VITE_* values .env carries for other targets.
 */
export function webService(port = PORTS.web): Service {
  return {
    name: "web",
    port,
    command: [
      "node",
      join(ROOT, "node_modules", "vite", "bin", "vite.js"),
      "--config",
      join(ROOT, "web", "vite.config.ts"),
      "--port",
      String(port),
    ],
    healthPath: "/",
    env: { VITE_SUPABASE_URL: API_URL, VITE_SUPABASE_PUBLISHABLE_KEY: PUBLISHABLE_KEY },
  };
}
