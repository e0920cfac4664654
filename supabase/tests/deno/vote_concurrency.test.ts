// cast_vote under contention: many connections, each a different fan, vote,
// change and take back votes on the same three songs at the same moment. No
// call may fail (no deadlock, no serialization error), and afterwards every
// counter equals its vote rows, every fan's rows equal what that fan last did,
// and every real change (and only those) sent one live message.
//
// Connects like PostgREST: as authenticator, switching to the authenticated
// role with the fan's claims for each transaction.

import postgres from "postgres";
import { assertEquals } from "../../../scripts/test/assert.ts";
import { DB_URL } from "../support/env.ts";
import { seededRandom } from "../../../scripts/test/seeded-random.ts";

const FANS = 40;
const ACTIONS_PER_FAN = 25;
const SONGS = 3;

// the fans connect as the API roles do, through authenticator (same password on the local platform)
const connection = { onnotice: () => {} };

Deno.test("concurrent cast_vote keeps counters equal to vote rows", async () => {
  const admin = postgres(DB_URL, { ...connection, max: 2 });
  const voters = postgres(DB_URL, { ...connection, username: "authenticator", max: FANS });
  const run = crypto.randomUUID();
  const fans = Array.from({ length: FANS }, () => crypto.randomUUID());
  const artistId = crypto.randomUUID();
  const showId = crypto.randomUUID();
  const topic = `show:${showId}`;
  let setlistSongIds: string[] = [];

  try {
    await admin.begin(async (tx) => {
      await tx`
        insert into auth.users (id, aud, role, email, is_anonymous, created_at, updated_at)
        select id, 'authenticated', 'authenticated', 'fan-' || id || '@concurrency.test', false, now(), now()
        from unnest(${fans}::uuid[]) id`;
      await tx`insert into public.artists (id, name, slug) values (${artistId}, 'Concurrency Artist', ${
        "concurrency-" + run
      })`;
      await tx`
        insert into public.shows (id, artist_id, name, starts_at, local_date)
        values (${showId}, ${artistId}, 'Concurrency show', now() + interval '7 days', current_date + 7)`;
      await tx`
        insert into public.songs (artist_id, title)
        select ${artistId}, 'Hot Song ' || n from generate_series(1, ${SONGS}) n`;
    });
    // the prediction is built the way the app builds it
    const [{ setlist_id }] = await admin`select public.ensure_predicted_setlist(${showId}) as setlist_id`;
    setlistSongIds =
      (await admin`select id from public.setlist_songs where setlist_id = ${setlist_id} order by position`)
        .map((row) => row.id as string);
    assertEquals(setlistSongIds.length, SONGS);

    // each fan's plan, and the state it must leave behind
    const expectedVotes = new Map<string, number>(); // `${fan}:${song}` -> -1 | 1
    let expectedMessages = 0;
    const plans = fans.map((fan, index) => {
      const random = seededRandom(index + 1);
      return Array.from({ length: ACTIONS_PER_FAN }, () => {
        const song = setlistSongIds[Math.floor(random() * SONGS)];
        const value = [-1, 0, 1][Math.floor(random() * 3)];
        const key = `${fan}:${song}`;
        const before = expectedVotes.get(key) ?? 0;
        if (before !== value) expectedMessages++;
        if (value === 0) expectedVotes.delete(key);
        else expectedVotes.set(key, value);
        return { song, value };
      });
    });

    const failures: string[] = [];
    await Promise.all(fans.map(async (fan, index) => {
      const claims = JSON.stringify({ sub: fan, role: "authenticated", aud: "authenticated", is_anonymous: false });
      for (const { song, value } of plans[index]) {
        try {
          await voters.begin(async (tx) => {
            await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
            await tx`select public.cast_vote(${song}, ${value})`;
          });
        } catch (error) {
          const { code, message } = error as { code?: string; message: string };
          failures.push(`${code ?? "?"} ${message}`);
        }
      }
    }));
    assertEquals(failures, [], "no vote may fail, deadlock or be serialised away");

    const counters = await admin`
      select ss.id, ss.upvotes, ss.downvotes,
        (select count(*)::int from public.votes v where v.setlist_song_id = ss.id and v.value = 1) as up_rows,
        (select count(*)::int from public.votes v where v.setlist_song_id = ss.id and v.value = -1) as down_rows
      from public.setlist_songs ss where ss.id = any(${setlistSongIds}::uuid[]) order by ss.position`;
    for (const row of counters) {
      assertEquals([row.upvotes, row.downvotes], [row.up_rows, row.down_rows], `counters of ${row.id}`);
      const expectedUp = [...expectedVotes].filter(([key, v]) => key.endsWith(`:${row.id}`) && v === 1).length;
      const expectedDown = [...expectedVotes].filter(([key, v]) => key.endsWith(`:${row.id}`) && v === -1).length;
      assertEquals([row.upvotes, row.downvotes], [expectedUp, expectedDown], `what the fans did to ${row.id}`);
    }

    const rows = await admin`
      select user_id || ':' || setlist_song_id as key, value from public.votes where show_id = ${showId}`;
    assertEquals(
      new Map(rows.map((row) => [row.key as string, row.value as number])),
      expectedVotes,
      "each fan's rows are that fan's last votes",
    );

    const [{ messages }] = await admin`
      select count(*)::int as messages from realtime.messages where topic = ${topic} and event = 'vote_counts'`;
    assertEquals(messages, expectedMessages, "one live message per real change");
  } finally {
    await admin`delete from realtime.messages where topic = ${topic}`;
    await admin`delete from public.artists where id = ${artistId}`;
    await admin`delete from auth.users where id = any(${fans}::uuid[])`;
    await voters.end({ timeout: 5 });
    await admin.end({ timeout: 5 });
  }
});
