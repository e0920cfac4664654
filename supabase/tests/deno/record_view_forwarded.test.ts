// The client address through the running gateway, as the SPA calls it without
// a session: the gateway takes the address from the socket and drops a
// client's own cf-connecting-ip and x-forwarded-for (only a configured trusted
// proxy may send them), so record_view and the proxies' per-caller quotas see
// one caller however many addresses it claims.

import postgres from "postgres";
import { assert, assertEquals } from "../../../scripts/test/assert.ts";
import { DB_URL, postJson } from "../support/env.ts";

const FORGERIES: Record<string, string>[] = [
  { "cf-connecting-ip": "198.51.100.1" },
  { "cf-connecting-ip": "198.51.100.2", "x-forwarded-for": "198.51.100.2" },
  { "cf-connecting-ip": "198.51.100.3", "x-forwarded-for": "203.0.113.5, 198.51.100.3", "x-real-ip": "198.51.100.3" },
];

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("three forged client addresses buy no extra view through the gateway", async () => {
  const sql = postgres(Deno.env.get("SUPABASE_DB_URL") || DB_URL, { max: 1, onnotice: () => {} });
  const tag = crypto.randomUUID().slice(0, 8);
  const [artist] = await sql`
    insert into public.artists (name, slug) values (${`Test Fixture Viewer Band ${tag}`}, ${`test-fixture-viewer-${tag}`})
    returning id::text`;
  try {
    const [show] = await sql`
      insert into public.shows (artist_id, name, starts_at, local_date)
      values (${artist.id}::uuid, ${`Test Fixture Viewed Night ${tag}`}, now() + interval '9 days', current_date + 9)
      returning id::text`;
    for (const forged of FORGERIES) {
      const response = await postJson("rest/v1/rpc/record_view", { show_id: show.id }, { headers: forged });
      assertEquals(response.status, 204, JSON.stringify(forged));
      await response.body?.cancel();
    }
    const marks = await sql`
      select viewer_key = 'ip:' || md5('127.0.0.1') as peer from public.show_view_marks where show_id = ${show.id}::uuid`;
    assertEquals(marks.map((m) => m.peer), [true], "one visitor: the peer's address, hashed");
    const [counted] =
      await sql`select coalesce(sum(views), 0)::int as views from public.show_view_counts where show_id = ${show.id}::uuid`;
    assertEquals(counted.views, 1, "three requests, one view");
  } finally {
    await sql`delete from public.artists where id = ${artist.id}::uuid`;
    await sql.end({ timeout: 2 });
  }
});

Deno.test("three forged client addresses share one proxy quota through the gateway", async () => {
  const sql = postgres(Deno.env.get("SUPABASE_DB_URL") || DB_URL, { max: 1, onnotice: () => {} });
  const key = async (address: string) => `ip:${(await sha256Hex(address)).slice(0, 32)}`;
  const peerKey = await key("127.0.0.1");
  const forgedKeys = await Promise.all(FORGERIES.map((f) => key(f["cf-connecting-ip"])));
  const callsOf = async (keys: string[]) =>
    (await sql`select coalesce(sum(calls), 0)::int as calls from public.caller_quota_usage
      where caller_key = any(${keys}::text[]) and scope = 'ticketmaster' and window_seconds = 3600`)[0].calls;
  try {
    const before = await callsOf([peerKey]);
    for (const forged of FORGERIES) {
      const search = { action: "search_artists", query: "Harbor" };
      const response = await postJson("functions/v1/ticketmaster", search, { headers: forged });
      assert(response.status === 200 || response.status === 429, `answered ${response.status}`);
      await response.body?.cancel();
    }
    assertEquals(await callsOf(forgedKeys), 0, "no forged address got a quota of its own");
    const after = await callsOf([peerKey]);
    assertEquals(after - before, 3, "the peer's hourly quota counted all three");
  } finally {
    await sql.end({ timeout: 2 });
  }
});
