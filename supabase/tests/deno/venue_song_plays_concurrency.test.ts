// venue_song_plays stays exact when writers overlap: two transactions adding the same song to different
// setlists of one venue both count; two adding the same song to ONE setlist count once (the second waits
// for the first's setlist lock and then sees its row: without that lock each would see only its own row and
// add a play); a recount (a show moved to the venue) waits for a delete's delta still in flight and counts
// after it; a writer of a show's setlist whose show is being moved counts at the new venue. Each overlap is forced with two connections, the first holding its transaction open.

import postgres from "postgres";
import { assert, assertEquals } from "../../../scripts/test/assert.ts";
import { DB_URL } from "../support/env.ts";

const connection = { onnotice: () => {}, max: 1 };

/** Runs `second` while `first`'s transaction is still open after its statement; reports whether `second` had to wait. */
async function overlap(
  a: postgres.Sql,
  b: postgres.Sql,
  first: (tx: postgres.TransactionSql) => Promise<unknown>,
  second: (tx: postgres.TransactionSql) => Promise<unknown>,
): Promise<{ secondWaited: boolean }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const firstWrote = new Promise<void>((resolve) => (started = resolve));
  const firstDone = a.begin(async (tx) => {
    await first(tx);
    started();
    await held;
  });
  await firstWrote;
  let secondFinished = false;
  const secondDone = b.begin(async (tx) => {
    await second(tx);
  }).then(() => (secondFinished = true));
  await new Promise((resolve) => setTimeout(resolve, 400));
  const secondWaited = !secondFinished;
  release();
  await Promise.all([firstDone, secondDone]);
  return { secondWaited };
}

Deno.test("venue_song_plays is exact when writers of one venue overlap", async () => {
  const admin = postgres(DB_URL, connection);
  const a = postgres(DB_URL, connection);
  const b = postgres(DB_URL, connection);
  const artistId = crypto.randomUUID();
  const venueId = crypto.randomUUID();
  const otherVenueId = crypto.randomUUID();
  const songId = crypto.randomUUID();
  const showIds = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const setlistIds = showIds.map(() => crypto.randomUUID());
  const plays = async (venue = venueId) => {
    const [row] = await admin`
      select coalesce((select plays from public.venue_song_plays where venue_id = ${venue} and song_id = ${songId}), 0)
        as kept,
        (select count(distinct sl.id)::int from public.shows s
         join public.setlists sl on sl.show_id = s.id and sl.kind = 'actual'
         join public.setlist_songs ss on ss.setlist_id = sl.id and ss.song_id = ${songId} and not ss.is_tape
         where s.venue_id = ${venue}) as live`;
    return row as { kept: number; live: number };
  };
  const addSong = (tx: postgres.TransactionSql, setlist: number, position: number) =>
    tx`insert into public.setlist_songs (setlist_id, song_id, title, position)
       values (${setlistIds[setlist]}, ${songId}, 'Overlap Song', ${position})`;

  try {
    await admin.begin(async (tx) => {
      await tx`insert into public.artists (id, name, slug) values (${artistId}, 'Overlap Artist', ${
        "overlap-" + artistId
      })`;
      await tx`insert into public.venues (id, name, city, country) values
        (${venueId}, 'Overlap Hall', 'Testville', 'GB'), (${otherVenueId}, 'Other Overlap Hall', 'Testville', 'GB')`;
      await tx`insert into public.songs (id, artist_id, title) values (${songId}, ${artistId}, 'Overlap Song')`;
      await tx`
        insert into public.shows (id, artist_id, venue_id, name, local_date, time_tba, status)
        select s.id, ${artistId}, case when s.n = 4 then ${otherVenueId}::uuid else ${venueId}::uuid end,
          'Overlap show ' || s.n, current_date - 10 * s.n::int, true, 'completed'
        from unnest(${showIds}::uuid[]) with ordinality as s(id, n)`;
      await tx`
        insert into public.setlists (id, show_id, kind)
        select x.setlist_id, x.show_id, 'actual' from unnest(${setlistIds}::uuid[], ${showIds}::uuid[]) as x(setlist_id, show_id)`;
    });

    // the same song added to two setlists of the venue at once: two plays
    await overlap(a, b, (tx) => addSong(tx, 0, 1), (tx) => addSong(tx, 1, 1));
    assertEquals(await plays(), { kept: 2, live: 2 }, "two setlists, two plays");

    // the same song added twice to one setlist at once: one play, the second writer waiting for the first
    const sameSetlist = await overlap(a, b, (tx) => addSong(tx, 2, 1), (tx) => addSong(tx, 2, 2));
    assert(sameSetlist.secondWaited, "the second writer of the setlist waits for the first's commit");
    assertEquals(await plays(), { kept: 3, live: 3 }, "one setlist holding the song twice is one play");

    // a delete's delta in flight, and a recount of the venue (the fourth show moved there, with the song)
    await admin`insert into public.setlist_songs (setlist_id, song_id, title, position)
      values (${setlistIds[3]}, ${songId}, 'Overlap Song', 1)`;
    const recount = await overlap(
      a,
      b,
      (tx) => tx`delete from public.setlist_songs where setlist_id = ${setlistIds[0]}`,
      (tx) => tx`update public.shows set venue_id = ${venueId} where id = ${showIds[3]}`,
    );
    assert(recount.secondWaited, "the recount waits for the delta in flight");
    assertEquals(await plays(), { kept: 3, live: 3 }, "one play taken off, one moved in");

    // a move in flight (the first show, its setlist now empty, to the other hall) and a writer adding the song to
    // that show's setlist: the writer read the old venue, waited for the move's lock, and must count the play at
    // the new venue (before the fix it landed at the old one: kept 4 against a live 3)
    const moved = await overlap(
      a,
      b,
      (tx) => tx`update public.shows set venue_id = ${otherVenueId} where id = ${showIds[0]}`,
      (tx) => addSong(tx, 0, 1),
    );
    assert(moved.secondWaited, "the writer waits for the move");
    assertEquals(await plays(), { kept: 3, live: 3 }, "the old venue gains nothing");
    assertEquals(await plays(otherVenueId), { kept: 1, live: 1 }, "the play is counted at the show's new venue");
  } finally {
    await admin`delete from public.artists where id = ${artistId}`;
    await admin`delete from public.venues where id in (${venueId}, ${otherVenueId})`;
    await Promise.all([a.end({ timeout: 5 }), b.end({ timeout: 5 }), admin.end({ timeout: 5 })]);
  }
});
