// Which processes make up the local platform, in start order.

import { join } from "node:path";
import { PORTS, ROOT } from "./config.ts";
import type { Service } from "./services.ts";

const deno = Deno.execPath();
const script = (...parts: string[]) => join(ROOT, "scripts", "stack", ...parts);

export function platformServices(_options: { web: boolean }): Service[] {
  const services: Service[] = [
    {
      // edge functions; the gateway's /functions/v1 proxies here
      name: "functions",
      port: PORTS.functions,
      command: [deno, "run", "-A", script("functions", "server.ts")],
      healthPath: "/_internal/health",
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
