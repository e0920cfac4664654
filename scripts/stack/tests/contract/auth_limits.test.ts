// GoTrue's protections in the local auth: [auth.rate_limit] from
// supabase/config.toml per client address (429 over_request_rate_limit), a
// sign-in for an unknown email costing what a wrong password costs, and a
// password change ending the user's other sessions.
//
// Each test serves the real auth handler on a port of its own (a fresh set of
// buckets, so the stack's gateway keeps its own), and its supabase-js clients
// connect from loopback addresses of their choosing: 127.0.0.1 is the prober,
// another 127.x address the honest fan.

import { join } from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { assert, assertEquals } from "../../../test/assert.ts";
import { ANON_KEY, ROOT } from "../../config.ts";
import { createAuthHandler } from "../../gateway/auth/mod.ts";
import { projectConfigFrom } from "../../gateway/rest/project_config.ts";
import { RATE_LIMIT_WINDOWS, type RateLimitName } from "../../gateway/auth/rate_limit.ts";
import { admin, contract, JWT_SECRET, SERVICE_ROLE_KEY } from "./fixtures.ts";

const test = contract("auth limits");
const config = projectConfigFrom(await Deno.readTextFile(join(ROOT, "supabase", "config.toml"))).auth;
const createdUsers: string[] = [];
let emailCounter = 0;
const freshEmail = (label: string) => `${label}-${Date.now().toString(36)}-${emailCounter++}@contract-limits.test`;

/** A loopback address of its own for a client, so its buckets are not the prober's. */
function otherLoopback(): string {
  const [a, b] = crypto.getRandomValues(new Uint8Array(2));
  return `127.${a}.${b}.${1 + (a % 250)}`;
}

function authServer(auth = config) {
  const handler = createAuthHandler(() => auth);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request, info) => handler(request, { jwtSecret: JWT_SECRET, adminSql: admin }, info),
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  const httpClients: Deno.HttpClient[] = [];
  /** supabase-js connecting from `from` (127.0.0.1 by default) */
  const supabase = (from = "127.0.0.1", key = ANON_KEY): SupabaseClient => {
    const httpClient = Deno.createHttpClient({ localAddress: from });
    httpClients.push(httpClient);
    return createClient(url, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: { fetch: (input, init) => fetch(input, { ...init, client: httpClient }) },
    });
  };
  const post = async (path: string, body: unknown, from = "127.0.0.1", headers: Record<string, string> = {}) => {
    const httpClient = Deno.createHttpClient({ localAddress: from });
    try {
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        client: httpClient,
        headers: {
          apikey: ANON_KEY,
          "Content-Type": "application/json",
          "X-Supabase-Api-Version": "2024-01-01",
          ...headers,
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, headers: response.headers, body: await response.json() };
    } finally {
      httpClient.close();
    }
  };
  return {
    supabase,
    post,
    stop: async () => {
      await server.shutdown();
      for (const c of httpClients) c.close();
    },
  };
}

/**
 * Calls `attempt` until it is refused (true). A bucket refills while it is
 * drained (limit per window), so the accepted count is the limit plus what
 * trickled in meanwhile, never fewer; fails if no refusal comes.
 */
async function drain(name: RateLimitName, attempt: (i: number) => Promise<boolean>): Promise<number> {
  const limit = config.rateLimit[name];
  const started = performance.now();
  for (let accepted = 0; accepted <= limit * 2; accepted++) {
    if (await attempt(accepted)) {
      const trickled = Math.ceil(((performance.now() - started) / 1000) * limit / RATE_LIMIT_WINDOWS[name]);
      assert(accepted >= limit, `${name}: refused after ${accepted}, below the limit of ${limit}`);
      assert(accepted <= limit + trickled, `${name}: ${accepted} accepted, limit ${limit} + ${trickled} refilled`);
      return accepted;
    }
  }
  throw new Error(`${name}: never refused`);
}

test("anonymous sign-ins past anonymous_users an hour from one address get 429; another address still signs in", async () => {
  const server = authServer();
  try {
    await drain("anonymous_users", async (i) => {
      const { data, error } = await server.supabase().auth.signInAnonymously();
      if (error) {
        assertEquals([error.status, error.code], [429, "over_request_rate_limit"], `sign-in ${i + 1}`);
        return true;
      }
      createdUsers.push(data.user!.id);
      return false;
    });
    const raw = await server.post("/auth/v1/signup", { data: {} });
    assertEquals(raw.status, 429);
    assertEquals(raw.body, { code: "over_request_rate_limit", message: "Request rate limit reached" });
    assertEquals(raw.headers.get("X-Supabase-Api-Version"), "2024-01-01");
    // claiming another address buys nothing: nobody is a trusted proxy
    const forged = await server.post("/auth/v1/signup", { data: {} }, "127.0.0.1", {
      "x-forwarded-for": "198.51.100.20",
      "cf-connecting-ip": "198.51.100.21",
    });
    assertEquals(forged.status, 429);

    const honest = await server.supabase(otherLoopback()).auth.signInAnonymously();
    assertEquals(honest.error, null, "a fan at another address is not refused");
    createdUsers.push(honest.data.user!.id);
  } finally {
    await server.stop();
  }
});

test("wrong passwords past sign_in_sign_ups in 5 minutes get 429, the right one too; another address signs in", async () => {
  const server = authServer();
  const email = freshEmail("guessed");
  try {
    // the sign-up is one of the address's sign_in_sign_ups
    const signedUp = await server.supabase(otherLoopback()).auth.signUp({ email, password: "the right one" });
    assertEquals(signedUp.error, null);
    const prober = server.supabase();
    await drain("sign_in_sign_ups", async (i) => {
      const wrong = await prober.auth.signInWithPassword({ email, password: `guess ${i}` });
      if (wrong.error?.status === 429) return true;
      assertEquals([wrong.error?.status, wrong.error?.code], [400, "invalid_credentials"], `guess ${i + 1}`);
      return false;
    });
    const refused = await prober.auth.signInWithPassword({ email, password: "the right one" });
    assertEquals([refused.error?.status, refused.error?.code], [429, "over_request_rate_limit"]);
    const signUp = await prober.auth.signUp({ email: freshEmail("late"), password: "a fine password" });
    assertEquals(signUp.error?.code, "over_request_rate_limit", "sign-ups share the bucket");

    const honest = await server.supabase(otherLoopback()).auth.signInWithPassword({ email, password: "the right one" });
    assertEquals(honest.error, null, "the owner at their own address signs in");
  } finally {
    await server.stop();
  }
});

test("refresh grants past token_refresh and verifications past token_verifications get 429", async () => {
  const server = authServer();
  try {
    await drain("token_refresh", async (i) => {
      const spent = await server.post("/auth/v1/token?grant_type=refresh_token", { refresh_token: `nope-${i}` });
      if (spent.status === 429) {
        assertEquals(spent.body.code, "over_request_rate_limit");
        return true;
      }
      assertEquals(spent.status, 400, `refresh ${i + 1}`);
      return false;
    });
    await drain("token_verifications", async (i) => {
      const verify = await server.post("/auth/v1/verify", { type: "email", token: "123456" });
      if (verify.status === 429) {
        assertEquals(verify.body.code, "over_request_rate_limit");
        return true;
      }
      assertEquals(verify.status, 404, `verification ${i + 1}`);
      return false;
    });

    // a real refresh from another address still works
    const fan = server.supabase(otherLoopback());
    const { data } = await fan.auth.signInAnonymously();
    createdUsers.push(data.user!.id);
    const refreshed = await fan.auth.refreshSession({ refresh_token: data.session!.refresh_token });
    assertEquals(refreshed.error, null);
  } finally {
    await server.stop();
  }
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test("a sign-in for an unknown email takes as long as one with a wrong password", async () => {
  // limits raised for this test only: it measures time, not limits
  const server = authServer({
    ...config,
    rateLimit: { ...config.rateLimit, sign_in_sign_ups: 1000 },
  });
  const email = freshEmail("timed");
  try {
    const fan = server.supabase();
    assertEquals((await fan.auth.signUp({ email, password: "the right one" })).error, null);
    const took = async (address: string) => {
      const started = performance.now();
      const { error } = await fan.auth.signInWithPassword({ email: address, password: "a wrong guess" });
      assertEquals(error?.code, "invalid_credentials");
      return performance.now() - started;
    };
    await took(freshEmail("warm-up"));
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 9; i++) {
      known.push(await took(email));
      unknown.push(await took(freshEmail("nobody")));
    }
    // bcrypt at cost 10 is tens of milliseconds; a lookup alone is a few. The
    // ratio is loose on purpose: it catches skipping bcrypt, not scheduler noise
    const ratio = median(unknown) / median(known);
    assert(
      ratio > 0.5 && ratio < 2,
      `unknown ${median(unknown).toFixed(1)} ms vs wrong password ${median(known).toFixed(1)} ms`,
    );
  } finally {
    await server.stop();
  }
});

test("a password change ends the user's other sessions and refresh tokens; the changing session stays", async () => {
  const server = authServer();
  const email = freshEmail("changed");
  try {
    const from = otherLoopback();
    const laptop = server.supabase(from);
    const phone = server.supabase(from);
    assertEquals((await laptop.auth.signUp({ email, password: "first password" })).error, null);
    const phoneSession = (await phone.auth.signInWithPassword({ email, password: "first password" })).data.session!;
    const laptopSession = (await laptop.auth.getSession()).data.session!;

    assertEquals((await laptop.auth.updateUser({ password: "second password" })).error, null);
    assertEquals(
      (await server.supabase(from).auth.getUser(phoneSession.access_token)).error?.name,
      "AuthSessionMissingError",
      "the other session is gone",
    );
    const stolenRefresh = await server.supabase(from).auth.refreshSession({
      refresh_token: phoneSession.refresh_token,
    });
    assertEquals(stolenRefresh.error?.code, "refresh_token_not_found", "its refresh token no longer works");
    assertEquals(
      (await server.supabase(from).auth.getUser(laptopSession.access_token)).error,
      null,
      "the caller's stays",
    );
    const kept = await server.supabase(from).auth.refreshSession({ refresh_token: laptopSession.refresh_token });
    assertEquals(kept.error, null, "and its refresh token still refreshes");

    // an admin's password change ends every session, the last one included
    const adminClient = server.supabase(from, SERVICE_ROLE_KEY);
    const changed = await adminClient.auth.admin.updateUserById(laptopSession.user.id, { password: "third password" });
    assertEquals(changed.error, null);
    assertEquals(
      (await server.supabase(from).auth.getUser(kept.data.session!.access_token)).error?.name,
      "AuthSessionMissingError",
    );
    const [{ live }] = await admin`
      select count(*)::int as live from auth.refresh_tokens where user_id = ${laptopSession.user.id} and not revoked`;
    assertEquals(live, 0);
  } finally {
    await server.stop();
  }
});

test("teardown: the users these tests made", async () => {
  await admin`delete from auth.users where email like '%@contract-limits.test'`;
  await admin`delete from auth.users where id = any(${createdUsers}::uuid[])`;
});
