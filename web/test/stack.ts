// The component tests run against the real local stack: the npm test harness
// (scripts/test/run.ts) starts it and exports its URL, keys and database URL
// (SUPABASE_URL, SUPABASE_PUBLISHABLE_KEY, SUPABASE_SECRET_KEY, the legacy
// SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY, SUPABASE_DB_URL).
// Everything the app does goes through real supabase-js to the real gateway:
// PostgREST semantics over the real database, GoTrue sessions, Realtime over a
// WebSocket, the edge functions. Tests set up their own rows with postgres.js
// (as the migration owner) and remove them afterwards.

import WebSocket from "ws";
import { Agent, fetch as undiciFetch } from "undici";
import { createTheSetClient, readSupabaseEnv, type TheSetClient } from "../src/lib/supabase.ts";
import { callFunction, stackEnv, ticketmasterSearch } from "../e2e/env.ts";

export { callFunction, stackEnv, ticketmasterSearch };
// one pool maker for the component and the browser tests
export { connect, type Sql } from "../e2e/db.ts";

/** auth-js's storage for one client: in memory, so clients never share a session through localStorage. */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

/**
 * A fetch whose connections leave from a loopback address of its own (Linux
 * routes all of 127.0.0.0/8 to the loopback device). The auth server counts
 * [auth.rate_limit] per client address, as GoTrue does; a test run signs in
 * more guests than one address may in an hour, so each test client is a fan
 * at an address of its own, as real fans are. (Node's own fetch cannot choose
 * its source address; undici's, with an Agent, can.)
 */
export function fetchFromOwnAddress(): typeof fetch {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  const dispatcher = new Agent({ localAddress: `127.${a}.${b}.${(c % 250) + 2}` });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(
      input as Parameters<typeof undiciFetch>[0],
      { ...init, dispatcher } as Parameters<typeof undiciFetch>[1],
    )) as unknown as typeof fetch;
}

/**
 * A supabase-js client of the app, made as main.tsx makes it: from
 * VITE_SUPABASE_URL / VITE_SUPABASE_PUBLISHABLE_KEY, which vitest.config.ts points at
 * the stack. Each has its own session storage. Realtime runs over the
 * `ws` package: jsdom's WebSocket (undici underneath) dispatches jsdom's Event
 * on Node's EventTarget and throws on the first open, and Node 20 has no
 * WebSocket of its own.
 */
export function appClient(options: { fetch?: typeof fetch } = {}): TheSetClient {
  return createTheSetClient(readSupabaseEnv(import.meta.env), {
    storage: memoryStorage(),
    storageKey: `theset-test-${crypto.randomUUID()}`,
    fetch: options.fetch ?? fetchFromOwnAddress(),
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
  /** on an "answered" step of an RPC the server answered with 2xx: the JSON it answered */
  answer?: unknown;
}

/** A request `wireFetch` is holding back: it has reached the fetch and waits there until released. */
export interface HeldRequest {
  /** resolves with the request's JSON body once the app has made the request */
  arrived: Promise<unknown>;
  /** lets the request go on to the server */
  release: () => void;
}

export interface Wire {
  fetch: typeof fetch;
  /** every request's steps, in the order they happened */
  events: WireEvent[];
  /** the requests to one path that left for the server: what proves a page did (not) call */
  sent: (path: string) => WireEvent[];
  /**
   * The JSON answers of one RPC, oldest first: for tests that compare a page with
   * exactly what the server told it, while other test files change the same database.
   */
  answers: (fn: string) => unknown[];
  holdNext: (path: string) => HeldRequest;
}

const RPC_PATH = /^\/rest\/v1\/rpc\/[^/]+$/;

/**
 * A fetch that sends every request to the network unchanged and logs when it
 * left and when its answer came back, except that a test can hold the next
 * request to a path before it leaves: the test can look at the app between a
 * click and the server's answer, or let a later request overtake an earlier
 * one, as a slow network can.
 */
export function wireFetch(): Wire {
  const events: WireEvent[] = [];
  const holds: { path: string; arrive: (body: unknown) => void; released: Promise<void> }[] = [];
  return {
    events,
    sent: (path) => events.filter((event) => event.step === "sent" && event.path === path),
    answers: (fn) =>
      events.flatMap((event) =>
        event.step === "answered" && event.path === `/rest/v1/rpc/${fn}` && "answer" in event ? [event.answer] : []
      ),
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
      const answer = RPC_PATH.test(path) && response.ok ? await response.clone().text() : "";
      if (answer) {
        events.push({ step: "answered", path, body, answer: JSON.parse(answer) });
      } else {
        events.push({ step: "answered", path, body });
      }
      return response;
    },
  };
}
