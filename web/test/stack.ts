// The component tests run against the real local stack: the npm test harness
// (scripts/test/run.ts) starts it and exports its URL, keys and database URL
// (SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY, SUPABASE_DB_URL).
// Everything the app does goes through real supabase-js to the real gateway:
// PostgREST semantics over the real database, GoTrue sessions, Realtime over a
// WebSocket, the edge functions. Tests set up their own rows with postgres.js
// (as the migration owner) and remove them afterwards.

import postgres from "postgres";
import WebSocket from "ws";
import { createTheSetClient, readSupabaseEnv, type TheSetClient } from "../src/lib/supabase.ts";
import { stackEnv } from "../e2e/env.ts";

export { stackEnv };
export type Sql = ReturnType<typeof postgres>;

/** One small pool per test file: the machine's cores are shared with the stack. */
export function connect(): Sql {
  return postgres(stackEnv().dbUrl, { max: 2, onnotice: () => {} });
}

/** auth-js's storage for one client: in memory, so clients never share a session through localStorage. */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

export interface RecordedRequest {
  method: string;
  url: URL;
}

/**
 * A fetch that passes every request to the network unchanged and remembers
 * what was asked, for the few tests that prove a page did not call at all.
 */
export function recordingFetch(): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    fetch: (input, init) => {
      const request = new Request(input, init);
      requests.push({ method: request.method, url: new URL(request.url) });
      return fetch(request);
    },
  };
}

/**
 * A supabase-js client of the app, made as main.tsx makes it: from
 * VITE_SUPABASE_URL / VITE_SUPABASE_ANON_KEY, which vitest.config.ts points at
 * the stack. Each has its own session storage. Realtime runs over the
 * `ws` package: jsdom's WebSocket (undici underneath) dispatches jsdom's Event
 * on Node's EventTarget and throws on the first open, and Node 20 has no
 * WebSocket of its own.
 */
export function appClient(options: { fetch?: typeof fetch } = {}): TheSetClient {
  return createTheSetClient(readSupabaseEnv(import.meta.env), {
    storage: memoryStorage(),
    storageKey: `theset-test-${crypto.randomUUID()}`,
    fetch: options.fetch,
    realtimeTransport: WebSocket,
  });
}

/**
 * The stack's synthetic Ticketmaster / Spotify / setlist.fm (demo mode), whose
 * /__control/faults makes one request fail the way the real provider can;
 * undefined when the stack talks to the real APIs.
 */
export function upstreamUrl(): string | undefined {
  return process.env.THESET_UPSTREAM_URL || undefined;
}
