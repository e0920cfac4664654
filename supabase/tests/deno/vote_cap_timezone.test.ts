// The daily vote cap through the gateway, as a caller would try to stretch it:
// PostgREST applies `Prefer: timezone=...` to the transaction, so a cap
// counted with current_date reset whenever the caller switched between zones
// on either side of the date line. It counts UTC days now: switching zones
// buys nothing, and the next UTC day still starts a fresh count.

import postgres from "postgres";
import { assertEquals } from "../../../scripts/test/assert.ts";
import { DB_URL, postJson, signLegacyJwt } from "../support/env.ts";

Deno.test("Prefer: timezone does not reset the daily vote cap", async () => {
  const sql = postgres(Deno.env.get("SUPABASE_DB_URL") || DB_URL, { max: 1, onnotice: () => {} });
  const tag = crypto.randomUUID().slice(0, 8);
  const fan = crypto.randomUUID();
  const [artist] = await sql`
    insert into public.artists (name, slug) values (${`Test Fixture Zone Band ${tag}`}, ${`test-fixture-zone-${tag}`})
    returning id::text`;
  try {
    await sql`insert into auth.users (id, aud, role, email, is_anonymous, created_at, updated_at)
      values (${fan}, 'authenticated', 'authenticated', ${`zone-${tag}@timezone.test`}, false, now(), now())`;
    const [show] = await sql`
      insert into public.shows (artist_id, name, starts_at, local_date)
      values (${artist.id}::uuid, ${`Test Fixture Zone Night ${tag}`}, now() + interval '9 days', current_date + 9)
      returning id::text`;
    await sql`insert into public.songs (artist_id, title)
      select ${artist.id}::uuid, 'Test Fixture Zone Song ' || n from generate_series(1, 4) n`;
    const [{ setlist_id }] = await sql`select public.ensure_predicted_setlist(${show.id}::uuid) as setlist_id`;
    const songs =
      (await sql`select id::text from public.setlist_songs where setlist_id = ${setlist_id} order by position`)
        .map((row) => row.id as string);
    // the fan has one action left today (UTC)
    await sql`insert into public.vote_action_counts (user_id, day, actions_today, actions_total)
      select ${fan}::uuid, (now() at time zone 'utc')::date, lim.daily_vote_actions - 1, lim.daily_vote_actions - 1
      from public.app_limits lim`;

    const now = Math.floor(Date.now() / 1000);
    const token = await signLegacyJwt(
      { sub: fan, role: "authenticated", aud: "authenticated", iat: now, exp: now + 600, is_anonymous: false },
    );
    const vote = async (song: string, timeZone?: string) => {
      const response = await postJson("rest/v1/rpc/cast_vote", { setlist_song_id: song, value: 1 }, {
        token,
        headers: timeZone ? { Prefer: `timezone=${timeZone}` } : {},
      });
      const body = await response.json();
      return { status: response.status, code: body.message, applied: response.headers.get("Preference-Applied") };
    };

    const last = await vote(songs[0], "Pacific/Kiritimati");
    assertEquals(last.status, 200, "the last action of the day");
    assertEquals(last.applied, "timezone=Pacific/Kiritimati", "the gateway applies the caller's zone");
    assertEquals((await vote(songs[1])).code, "daily_vote_limit", "the next is refused");
    // the attack: zones on either side of the date line are on different calendar dates
    const west = await vote(songs[1], "Pacific/Pago_Pago");
    assertEquals([west.status, west.code], [400, "daily_vote_limit"], "UTC-11 starts no new day");
    assertEquals((await vote(songs[2], "Pacific/Kiritimati")).code, "daily_vote_limit", "UTC+14 neither");
    assertEquals((await vote(songs[3], "Pacific/Pago_Pago")).code, "daily_vote_limit", "nor switching back");

    // the honest path: a new UTC day is a new count
    await sql`update public.vote_action_counts set day = day - 1 where user_id = ${fan}::uuid`;
    assertEquals((await vote(songs[1], "Pacific/Kiritimati")).status, 200, "yesterday's actions do not count today");
  } finally {
    await sql`delete from public.artists where id = ${artist.id}::uuid`;
    await sql`delete from auth.users where id = ${fan}::uuid`;
    await sql.end({ timeout: 2 });
  }
});
