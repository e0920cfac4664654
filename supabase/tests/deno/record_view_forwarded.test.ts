// record_view through the running gateway, as the SPA calls it without a
// session: the gateway appends the connection's address to x-forwarded-for
// (as Supabase's proxy does) and record_view keys the visitor by that last
// entry, so rotating a forged leading entry buys no extra view.

import postgres from "postgres";
import { assertEquals } from "../../../scripts/test/assert.ts";
import { ANON_KEY, API_URL, DB_URL } from "../../../scripts/stack/config.ts";

Deno.test("a forged leading x-forwarded-for buys no extra view through the gateway", async () => {
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
    for (const forged of ["198.51.100.1", "198.51.100.2", "203.0.113.5, 198.51.100.3"]) {
      const response = await fetch(`${API_URL}/rest/v1/rpc/record_view`, {
        method: "POST",
        headers: {
          apikey: ANON_KEY,
          Authorization: `Bearer ${ANON_KEY}`,
          "Content-Type": "application/json",
          "x-forwarded-for": forged,
        },
        body: JSON.stringify({ show_id: show.id }),
      });
      assertEquals(response.status, 204, forged);
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
