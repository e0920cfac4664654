// Component tests use the real supabase-js client; only the network under it
// is replaced. This stub answers the HTTP requests supabase-js makes with
// responses shaped like PostgREST's and GoTrue's, records every request so a
// test can assert what was asked, and says loudly when a request has no answer.

import { createTheSetClient, type TheSetClient } from "../src/lib/supabase.ts";

export interface StubRequest {
  method: string;
  url: URL;
  /** pathname without the service prefix, e.g. "/rest/v1/shows" */
  path: string;
  headers: Headers;
  body: unknown;
}

export interface StubResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Responder = (request: StubRequest) => StubResponse | Promise<StubResponse>;

interface Route {
  method: string;
  path: string;
  respond: Responder;
}

export const SUPABASE_URL = "http://supabase.test";

export class StubBackend {
  readonly requests: StubRequest[] = [];
  private routes: Route[] = [];

  /** Answers METHOD path (exact pathname); later registrations win, so a test can override a default. */
  on(method: string, path: string, respond: Responder | StubResponse): this {
    this.routes.unshift({
      method,
      path,
      respond: typeof respond === "function" ? respond : () => respond,
    });
    return this;
  }

  requestsTo(method: string, path: string): StubRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const recorded: StubRequest = { method: request.method, url, path: url.pathname, headers: request.headers, body };
    this.requests.push(recorded);
    const route = this.routes.find((r) => r.method === request.method && r.path === url.pathname);
    if (!route) {
      console.warn(`stub backend: no answer for ${request.method} ${url.pathname}${url.search}`);
      return new Response(
        JSON.stringify({ code: "STUB404", message: `no stub for ${request.method} ${url.pathname}${url.search}` }),
        { status: 404, headers: { "Content-Type": "application/json" } },
      );
    }
    const answer = await route.respond(recorded);
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? null), {
      status,
      headers: { "Content-Type": "application/json", ...answer.headers },
    });
  };
}

/** A PostgREST refusal as the database raises it: P0001 with the stable code as message. */
export function refusal(code: string): StubResponse {
  return { status: 400, body: { code: "P0001", message: code, details: `refused: ${code}`, hint: null } };
}

export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

export function stubClient(backend: StubBackend, options: { realtimeTransport?: unknown } = {}): TheSetClient {
  return createTheSetClient({ url: SUPABASE_URL, anonKey: "test-anon-key" }, {
    fetch: backend.fetch,
    storage: memoryStorage(),
    storageKey: `test-${Math.random()}`,
    realtimeTransport: options.realtimeTransport,
  });
}

function base64url(value: object): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** A GoTrue session JSON for a user (the signature is not checked by the client). */
export function sessionFor(user: { id: string; email?: string | null; is_anonymous: boolean }) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: user.id,
    role: "authenticated",
    aud: "authenticated",
    exp: now + 3600,
    iat: now,
    email: user.email ?? "",
    is_anonymous: user.is_anonymous,
    session_id: "00000000-0000-4000-8000-000000000001",
  };
  const accessToken = `${base64url({ alg: "HS256", typ: "JWT" })}.${base64url(claims)}.signature`;
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: 3600,
    expires_at: now + 3600,
    refresh_token: `refresh-${user.id}-${Math.random()}`,
    user: {
      id: user.id,
      aud: "authenticated",
      role: "authenticated",
      email: user.email ?? "",
      app_metadata: { provider: user.is_anonymous ? "anonymous" : "email" },
      user_metadata: {},
      identities: [],
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      is_anonymous: user.is_anonymous,
    },
  };
}
