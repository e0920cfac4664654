// The local platform issues what a Supabase project created today issues:
// sessions signed ES256 with the stack's key (kid in the header, public keys
// at /auth/v1/.well-known/jwks.json), publishable and secret API keys that the
// gateway maps to anon and service_role in REST, Auth, Realtime and the
// functions, and PostgREST / Realtime / GoTrue verifying ES256 sessions while
// legacy HS256 keys keep working (the other contract files use those).

import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { assert, assertEquals, assertMatch } from "../../../test/assert.ts";
import { fromBase64url } from "../../jwt.ts";
import { PUBLISHABLE_KEY, SECRET_KEY, SIGNING_KEYS_PATH } from "../../keys.ts";
import { admin, ANON_KEY, API_URL, client, contract, GRANT_CONTRACT_FIXTURES, raw } from "./fixtures.ts";

const test = contract("new keys");
const created: string[] = [];

function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(fromBase64url(token.split(".")[0])));
}

const ROLE_PROBE = `
  create or replace function public.contract_keys_role() returns jsonb language sql stable as $$
    select jsonb_build_object('role', current_user, 'uid', auth.uid(), 'claim_role', auth.jwt() ->> 'role')
  $$;
`;

test("setup: a function that says which role and user a request runs as", async () => {
  await admin.unsafe(ROLE_PROBE);
  await admin.unsafe(GRANT_CONTRACT_FIXTURES);
});

test("the JWKS is served without an API key, public halves only, the key the stack keeps in .stack/", async () => {
  const response = await fetch(`${API_URL}/auth/v1/.well-known/jwks.json`);
  assertEquals(response.status, 200);
  const { keys } = await response.json();
  const kept = JSON.parse(await Deno.readTextFile(SIGNING_KEYS_PATH)).keys;
  assertEquals(keys.map((k: { kid: string }) => k.kid), kept.map((k: { kid: string }) => k.kid));
  for (const key of keys) {
    assertEquals([key.kty, key.crv, key.alg], ["EC", "P-256", "ES256"]);
    assert(!("d" in key), "the private part never leaves the stack's folder");
  }
});

test("a session is ES256 with the kid of the JWKS, and verifies against the served set", async () => {
  const supabase = client(PUBLISHABLE_KEY);
  const { data, error } = await supabase.auth.signInAnonymously();
  assertEquals(error, null);
  created.push(data.user!.id);
  const token = data.session!.access_token;
  const header = headerOf(token);
  assertEquals(header.alg, "ES256");
  const verified = await jwtVerify(token, createRemoteJWKSet(new URL(`${API_URL}/auth/v1/.well-known/jwks.json`)));
  assertEquals(verified.protectedHeader.kid, header.kid);
  assertEquals(verified.payload.sub, data.user!.id);
  // PostgREST and GoTrue take it
  assertEquals((await supabase.rpc("contract_keys_role")).data, {
    role: "authenticated",
    uid: data.user!.id,
    claim_role: "authenticated",
  });
  assertEquals((await supabase.auth.getUser()).data.user?.id, data.user!.id);
});

test("the publishable key is anon and the secret key is service_role, in apikey alone or as the bearer", async () => {
  for (const [key, role] of [[PUBLISHABLE_KEY, "anon"], [SECRET_KEY, "service_role"]]) {
    const viaClient = await client(key).rpc("contract_keys_role");
    assertEquals(viaClient.data, { role, uid: null, claim_role: role }, `${role} through supabase-js`);
    const apikeyOnly = await raw("/rest/v1/rpc/contract_keys_role", {
      method: "POST",
      key,
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    assertEquals(apikeyOnly.body, { role, uid: null, claim_role: role }, `${role} with no Authorization`);
  }
  // the secret key administers users through auth-js, the publishable key does not
  const service = client(SECRET_KEY);
  assertEquals((await service.auth.admin.listUsers({ perPage: 1 })).error, null);
  const refused = await client(PUBLISHABLE_KEY).auth.admin.listUsers({ perPage: 1 });
  assertEquals(refused.error?.status, 403);
  // a key of no project is refused at the gateway
  const unknown = await raw("/rest/v1/rpc/contract_keys_role", {
    method: "POST",
    key: "sb_publishable_nope",
    body: "{}",
  });
  assertEquals(unknown.status, 401);
  assertMatch(JSON.stringify(unknown.body), /Invalid API key/);
});

test("attack: a session signed with another key under the stack's kid is refused by REST, Auth and Realtime", async () => {
  const kept = JSON.parse(await Deno.readTextFile(SIGNING_KEYS_PATH)).keys[0];
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  assert((await exportJWK(publicKey)).x !== kept.x);
  const userId = crypto.randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const forged = await new SignJWT({ sub: userId, role: "service_role", aud: "authenticated", exp: now + 600 })
    .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: kept.kid }).sign(privateKey);
  const rest = await client(PUBLISHABLE_KEY, { Authorization: `Bearer ${forged}` })
    .rpc("contract_keys_role");
  assertEquals([rest.status, rest.error?.code], [401, "PGRST301"]);
  const auth = await raw("/auth/v1/user", { key: PUBLISHABLE_KEY, headers: { Authorization: `Bearer ${forged}` } });
  assertEquals(auth.status, 403);
  // Realtime: the socket opens with the publishable key, the join carries the forged session
  const realtime = client(PUBLISHABLE_KEY);
  realtime.realtime.setAuth(forged);
  try {
    const joined = await new Promise<{ status: string; reason?: string }>((resolve) => {
      realtime.channel(`contract-keys-${crypto.randomUUID()}`).subscribe((status, error) => {
        if (status === "SUBSCRIBED" || status === "CHANNEL_ERROR" || status === "TIMED_OUT") {
          resolve({ status, reason: error?.message });
        }
      });
    });
    assertEquals(joined.status, "CHANNEL_ERROR");
    assertMatch(joined.reason ?? "", /signature/i);
  } finally {
    await realtime.removeAllChannels();
  }
});

test("realtime: the publishable key joins as anon, an ES256 session as its user", async () => {
  const anonymous = client(PUBLISHABLE_KEY);
  const user = client(PUBLISHABLE_KEY);
  const { data } = await user.auth.signInAnonymously();
  created.push(data.user!.id);
  user.realtime.setAuth(data.session!.access_token);
  try {
    for (const supabase of [anonymous, user]) {
      const status = await new Promise<string>((resolve) => {
        supabase.channel(`contract-keys-${crypto.randomUUID()}`).subscribe((s) => {
          if (s !== "SUBSCRIBED" && s !== "CHANNEL_ERROR" && s !== "TIMED_OUT") return;
          resolve(s);
        });
      });
      assertEquals(status, "SUBSCRIBED");
    }
  } finally {
    await anonymous.removeAllChannels();
    await user.removeAllChannels();
  }
});

test("legacy keys keep working beside the new ones", async () => {
  const legacy = await client(ANON_KEY).rpc("contract_keys_role");
  assertEquals(legacy.data, { role: "anon", uid: null, claim_role: "anon" });
});

test("teardown", async () => {
  await admin`delete from auth.users where id = any(${created}::uuid[])`;
  await admin.unsafe("drop function if exists public.contract_keys_role()");
});
