// The functions verify their callers themselves (verify_jwt = false): a
// session through the project's JWKS (inline, else fetched, cached, refetched
// on an unknown kid), legacy HS256 only where its secret is configured, the
// publishable/anon key as an anonymous visitor, the secret/service-role key as
// the service role; anything else a 401 JSON error. The attacks are the ones
// the old caller.ts let through: it read `sub` from a token without checking
// the signature, so any edited or self-signed token named any user.

import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { assert, assertEquals, assertMatch, assertRejects } from "../../../scripts/test/assert.ts";
import {
  ANON_KEY,
  API_URL,
  functionsJwks,
  LEGACY_JWT_SECRET as JWT_SECRET,
  PUBLISHABLE_KEY,
  PUBLISHABLE_KEYS_JSON,
  SECRET_KEY,
  SECRET_KEYS_JSON,
  SERVICE_ROLE_KEY,
  sessionJwt as signSessionJwt,
  signHs256 as signJwt,
  sleep,
} from "./support/stack.ts";
import { identifyCaller } from "../_shared/caller.ts";
import { HttpError } from "../_shared/json.ts";
import { JWKS_REFETCH_COOLDOWN_MS, verifySessionToken } from "../_shared/verify.ts";
import { handler as ticketmaster } from "../ticketmaster/handler.ts";

/** Runs `fn` with these variables set (undefined: unset), then puts the environment back. */
async function withEnv(vars: Record<string, string | undefined>, fn: () => Promise<void>): Promise<void> {
  const previous = Object.keys(vars).map((k) => [k, Deno.env.get(k)] as const);
  for (const [k, v] of Object.entries(vars)) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  try {
    await fn();
  } finally {
    for (const [k, v] of previous) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  }
}

/** A hosted project created today, as its functions see it (its keys, and its JWKS with the tests' session key). */
async function hostedEnv(extra: Record<string, string | undefined> = {}) {
  return {
    SUPABASE_URL: API_URL,
    SUPABASE_PUBLISHABLE_KEYS: PUBLISHABLE_KEYS_JSON,
    SUPABASE_SECRET_KEYS: SECRET_KEYS_JSON,
    SUPABASE_JWKS: JSON.stringify(await functionsJwks()),
    SUPABASE_ANON_KEY: ANON_KEY,
    SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
    SUPABASE_PUBLISHABLE_KEY: undefined,
    SUPABASE_SECRET_KEY: undefined,
    LEGACY_JWT_SECRET: undefined,
    ...extra,
  };
}

function sessionClaims(sub: string, lifetime = 600) {
  const now = Math.floor(Date.now() / 1000);
  return { sub, role: "authenticated", aud: "authenticated", iat: now, exp: now + lifetime };
}

const caller = (headers: Record<string, string>) => identifyCaller(new Request("http://x/", { headers }));

async function attackerKey(kid: string): Promise<{ privateKey: CryptoKey; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return { privateKey, publicJwk: { ...await exportJWK(publicKey), kid, alg: "ES256", use: "sig" } };
}

Deno.test("a verified session is its user; the publishable and anon keys are anonymous; secret keys are the service role", async () => {
  await withEnv(await hostedEnv(), async () => {
    const sub = crypto.randomUUID();
    const session = await signSessionJwt(sessionClaims(sub));
    assertEquals(await caller({ Authorization: `Bearer ${session}` }), { kind: "user", key: `user:${sub}` });
    // a session beside the publishable key: the session decides, as on hosted
    assertEquals((await caller({ Authorization: `Bearer ${session}`, apikey: PUBLISHABLE_KEY })).kind, "user");
    // anonymous visitors are known by the address Cloudflare vouches for (cf-connecting-ip), kept as a hash
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode("198.51.100.7"));
    const addressKey = `ip:${
      [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 32)
    }`;
    const anonymous: Record<string, string>[] = [
      { apikey: PUBLISHABLE_KEY },
      { Authorization: `Bearer ${PUBLISHABLE_KEY}`, apikey: PUBLISHABLE_KEY },
      { Authorization: `Bearer ${ANON_KEY}`, apikey: ANON_KEY },
    ];
    for (const headers of anonymous) {
      assertEquals(await caller({ ...headers, "cf-connecting-ip": "198.51.100.7", "x-forwarded-for": "10.0.0.9" }), {
        kind: "address",
        key: addressKey,
      });
      // without it there is nothing of its own to count against: 401 caller_unidentified, never a shared key
      const refused = await assertRejects(() => caller({ ...headers, "x-forwarded-for": "198.51.100.7" }));
      assert(refused instanceof HttpError && refused.status === 401 && refused.code === "caller_unidentified");
    }
    const service: Record<string, string>[] = [
      { apikey: SECRET_KEY },
      { Authorization: `Bearer ${SECRET_KEY}` },
      { Authorization: `Bearer ${SERVICE_ROLE_KEY}` },
    ];
    for (const headers of service) {
      assertEquals((await caller(headers)).kind, "service_role", JSON.stringify(headers));
    }
  });
});

Deno.test("attack: an edited or self-signed session never names a user (401 invalid_jwt)", async () => {
  await withEnv(await hostedEnv(), async () => {
    const victim = crypto.randomUUID();
    const honest = await signSessionJwt(sessionClaims(crypto.randomUUID()));
    const [header, , signature] = honest.split(".");
    const editedPayload = btoa(JSON.stringify(sessionClaims(victim))).replaceAll("=", "").replaceAll("+", "-")
      .replaceAll("/", "_");
    const stackKid = JSON.parse(atob(header.replaceAll("-", "+").replaceAll("_", "/"))).kid;
    const sameKid = await attackerKey(stackKid);
    const ownKid = await attackerKey("attacker-key");
    const forged = [
      `${header}.${editedPayload}.${signature}`, // the victim's sub under an honest signature
      await new SignJWT(sessionClaims(victim)).setProtectedHeader({ alg: "ES256", kid: stackKid })
        .sign(sameKid.privateKey), // the project's kid, another key
      await new SignJWT(sessionClaims(victim)).setProtectedHeader({ alg: "ES256", kid: "attacker-key" })
        .sign(ownKid.privateKey), // a kid the project never had (fetched, still unknown)
      `${btoa('{"alg":"none"}').replaceAll("=", "")}.${editedPayload}.`, // unsigned
      await signJwt(sessionClaims(victim), JWT_SECRET), // HS256 where no legacy secret is configured
      await signSessionJwt(sessionClaims(victim, -60)), // expired
    ];
    for (const token of forged) {
      const error = await assertRejects(() => caller({ Authorization: `Bearer ${token}`, apikey: PUBLISHABLE_KEY }));
      assertEquals([(error as { status?: number }).status, (error as { code?: string }).code], [401, "invalid_jwt"]);
    }
    const expired = await assertRejects(() => verifySessionToken(forged.at(-1)!));
    assertMatch(expired.message, /expired/);
  });
});

Deno.test("legacy HS256 sessions verify only where LEGACY_JWT_SECRET is configured", async () => {
  const sub = crypto.randomUUID();
  const legacy = await signJwt(sessionClaims(sub), JWT_SECRET);
  await withEnv(await hostedEnv({ LEGACY_JWT_SECRET: JWT_SECRET }), async () => {
    assertEquals(await caller({ Authorization: `Bearer ${legacy}` }), { kind: "user", key: `user:${sub}` });
    const other = await signJwt(sessionClaims(sub), "another-secret-of-at-least-32-characters!!");
    await assertRejects(() => caller({ Authorization: `Bearer ${other}` }), /invalid JWT/);
  });
});

Deno.test("no credential, an unknown key or a forged token: the proxy answers 401 JSON", async () => {
  await withEnv(await hostedEnv(), async () => {
    const body = JSON.stringify({ action: "search_artists", query: "glass" });
    const cases: [Record<string, string>, string][] = [
      [{}, "unauthorized"],
      [{ apikey: "sb_publishable_not-this-projects" }, "unauthorized"],
      [{ Authorization: "Bearer not-a-jwt" }, "invalid_jwt"],
      [{ Authorization: `Bearer ${await signJwt(sessionClaims(crypto.randomUUID()), JWT_SECRET)}` }, "invalid_jwt"],
    ];
    for (const [headers, code] of cases) {
      const response = await ticketmaster(new Request("http://x/", { method: "POST", headers, body }));
      assertEquals(response.status, 401, JSON.stringify(headers));
      assertEquals(response.headers.get("content-type"), "application/json");
      assertEquals((await response.json()).code, code);
    }
  });
});

Deno.test("the JWKS endpoint: fetched when SUPABASE_JWKS lacks the kid, cached, refetched for a new kid", async () => {
  const first = await attackerKey("rotation-1");
  const second = await attackerKey("rotation-2");
  const served: JWK[] = [first.publicJwk];
  let fetches = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (request) => {
    if (new URL(request.url).pathname !== "/auth/v1/.well-known/jwks.json") return new Response(null, { status: 404 });
    fetches++;
    return Response.json({ keys: served });
  });
  try {
    const url = `http://127.0.0.1:${server.addr.port}`;
    // the inline set is the stack's: it lacks both keys, so the endpoint decides
    await withEnv(await hostedEnv({ SUPABASE_URL: url }), async () => {
      const sign = (key: CryptoKey, kid: string, sub: string) =>
        new SignJWT(sessionClaims(sub)).setProtectedHeader({ alg: "ES256", kid }).sign(key);
      const sub = crypto.randomUUID();
      assertEquals((await verifySessionToken(await sign(first.privateKey, "rotation-1", sub))).sub, sub);
      assertEquals((await verifySessionToken(await sign(first.privateKey, "rotation-1", sub))).sub, sub);
      assertEquals(fetches, 1, "the set is fetched once and cached");
      // the project rotates: a session signed with the new key arrives
      served.push(second.publicJwk);
      const rotated = await sign(second.privateKey, "rotation-2", sub);
      await assertRejects(() => verifySessionToken(rotated), /kid/); // within the cooldown: no refetch yet
      assertEquals(fetches, 1);
      await sleep(JWKS_REFETCH_COOLDOWN_MS + 200);
      assertEquals((await verifySessionToken(rotated)).sub, sub);
      assertEquals(fetches, 2, "an unknown kid refetches the set once the cooldown passed");
      // the stack's own sessions still verify from the inline set, without a fetch
      await verifySessionToken(await signSessionJwt(sessionClaims(sub)));
      assert(fetches === 2);
    });
  } finally {
    await server.shutdown();
  }
});
