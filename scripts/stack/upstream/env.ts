// Demo mode: with no provider key in .env, the stack starts the synthetic
// upstream and hands the functions its base URLs and credentials. With every
// key set, the functions talk to the real APIs and no upstream runs. With
// only some keys, the providers without one stay unconfigured (their syncs
// fail saying so): real and synthetic data are never mixed.

import { HOST, PORTS } from "../config.ts";
import type { Service } from "../services.ts";
import { DEMO_CREDENTIALS } from "./server.ts";

const KEYS = ["TICKETMASTER_API_KEY", "SPOTIFY_CLIENT_ID", "SPOTIFY_CLIENT_SECRET", "SETLISTFM_API_KEY"];

function set(name: string): boolean {
  return (Deno.env.get(name) ?? "").trim() !== "";
}

export function demoMode(): boolean {
  return KEYS.every((k) => !set(k));
}

export const UPSTREAM_URL = `http://${HOST}:${PORTS.upstream}`;

/** Variables the function server (and in-process sync runs) need on top of .env. */
export function providerEnvironment(): Record<string, string> {
  if (!demoMode()) return {};
  const base = (name: string) => set(name) ? Deno.env.get(name)!.trim() : UPSTREAM_URL;
  return {
    TICKETMASTER_BASE_URL: base("TICKETMASTER_BASE_URL"),
    SPOTIFY_API_BASE_URL: base("SPOTIFY_API_BASE_URL"),
    SPOTIFY_ACCOUNTS_BASE_URL: base("SPOTIFY_ACCOUNTS_BASE_URL"),
    SETLISTFM_BASE_URL: base("SETLISTFM_BASE_URL"),
    TICKETMASTER_API_KEY: DEMO_CREDENTIALS.ticketmasterApiKey,
    SPOTIFY_CLIENT_ID: DEMO_CREDENTIALS.spotifyClientId,
    SPOTIFY_CLIENT_SECRET: DEMO_CREDENTIALS.spotifyClientSecret,
    SETLISTFM_API_KEY: DEMO_CREDENTIALS.setlistfmApiKey,
    // the demo upstream publishes its Spotify quota (DEFAULT_RATE_LIMITS: 150 per 30 s); keep just under it
    SPOTIFY_REQUESTS_PER_30S: "140",
  };
}

/** The upstream service, in demo mode only. */
export function upstreamServices(): Service[] {
  if (!demoMode()) return [];
  return [{
    name: "upstream",
    port: PORTS.upstream,
    command: [Deno.execPath(), "run", "-A", new URL("./main.ts", import.meta.url).pathname],
    healthPath: "/health",
  }];
}
