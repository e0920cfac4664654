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
 * A fetch that passes every request on unchanged and keeps the JSON answers of
 * the RPCs called through it, by function name, oldest first: for tests that
 * compare a page with exactly what the server told it, while other test files
 * change the same database.
 */
export function rpcAnswerFetch(): { fetch: typeof fetch; answers: (fn: string) => unknown[] } {
  const answers = new Map<string, unknown[]>();
  return {
    answers: (fn) => answers.get(fn) ?? [],
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const response = await fetch(request);
      const rpc = new URL(request.url).pathname.match(/\/rest\/v1\/rpc\/([^/]+)$/);
      if (rpc && response.ok) {
        const list = answers.get(rpc[1]) ?? [];
        list.push(await response.clone().json());
        answers.set(rpc[1], list);
      }
      return response;
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

/** One step of a request through `wireFetch`: it left for the server, or the server's answer came back. */
export interface WireEvent {
  step: "sent" | "answered";
  /** the URL path, e.g. /rest/v1/rpc/cast_vote */
  path: string;
  /** the JSON body the request carried (undefined for none) */
  body: unknown;
}

/** A request `wireFetch` is holding back: it has reached the fetch and waits there until released. */
export interface HeldRequest {
  /** resolves with the request's JSON body once the app has made the request */
  arrived: Promise<unknown>;
  /** lets the request go on to the server */
  release: () => void;
}

/**
 * A fetch that sends every request to the network unchanged and logs when it
 * left and when its answer came back, except that a test can hold the next
 * request to a path before it leaves: the test can look at the app between a
 * click and the server's answer, or let a later request overtake an earlier
 * one, as a slow network can.
 */
export function wireFetch(): {
  fetch: typeof fetch;
  events: WireEvent[];
  holdNext: (path: string) => HeldRequest;
} {
  const events: WireEvent[] = [];
  const holds: { path: string; arrive: (body: unknown) => void; released: Promise<void> }[] = [];
  return {
    events,
    holdNext: (path) => {
      let arrive!: (body: unknown) => void;
      let release!: () => void;
      const arrived = new Promise<unknown>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ path, arrive, released });
      return { arrived, release };
    },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      const text = request.body ? await request.clone().text() : "";
      const body: unknown = text ? JSON.parse(text) : undefined;
      const holdIndex = holds.findIndex((hold) => hold.path === path);
      if (holdIndex >= 0) {
        const [hold] = holds.splice(holdIndex, 1);
        hold.arrive(body);
        await hold.released;
      }
      events.push({ step: "sent", path, body });
      const response = await fetch(request);
      events.push({ step: "answered", path, body });
      return response;
    },
  };
}
