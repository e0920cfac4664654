// Direct SQL for the browser tests: finding a show to vote on, and checking
// afterwards what the database holds (who owns which vote). Reads only,
// except for asking for a prediction the way the show page would.

import postgres from "postgres";
import { stackEnv } from "./env.ts";

export type Sql = ReturnType<typeof postgres>;

export function connect(): Sql {
  return postgres(stackEnv().dbUrl, { max: 2, onnotice: () => {} });
}

export interface VotableShow {
  showId: string;
  artistId: string;
  setlistId: string;
  songs: { id: string; title: string; song_id: string | null }[];
  /** a catalog song of the artist that the prediction lacks (what a fan could suggest), if any */
  missingSong: { id: string; title: string } | null;
}

/**
 * Upcoming, not cancelled shows whose prediction has at least `minSongs` songs,
 * skipping the ones other tests already used (votes and suggestions change them).
 */
export async function votableShows(
  sql: Sql,
  count: number,
  accept: (show: VotableShow) => boolean = () => true,
  minSongs = 3,
): Promise<VotableShow[]> {
  const candidates = await sql<{ id: string; artist_id: string }[]>`
    select sh.id, sh.artist_id
    from public.shows sh
    where sh.status = 'scheduled' and sh.starts_at > now() + interval '1 day'
      and exists (select 1 from public.songs so where so.artist_id = sh.artist_id)
    order by sh.starts_at, sh.id
    limit 200`;
  const found: VotableShow[] = [];
  for (const show of candidates) {
    const [{ setlist_id }] = await sql<{ setlist_id: string | null }[]>`
      select public.ensure_predicted_setlist(${show.id}::uuid) as setlist_id`;
    if (!setlist_id) continue;
    const songs = await sql<{ id: string; title: string; song_id: string | null }[]>`
      select ss.id, ss.title, ss.song_id from public.setlist_songs ss
      where ss.setlist_id = ${setlist_id} order by ss.position`;
    const untouched = await sql`
      select 1 from public.votes v join public.setlist_songs ss on ss.id = v.setlist_song_id
      where ss.setlist_id = ${setlist_id} limit 1`;
    if (songs.length < minSongs || untouched.length) continue;
    const [missingSong = null] = await sql<{ id: string; title: string }[]>`
      select so.id, so.title from public.songs so
      where so.artist_id = ${show.artist_id}
        and not exists (select 1 from public.setlist_songs ss where ss.setlist_id = ${setlist_id} and ss.song_id = so.id)
      order by so.title limit 1`;
    const candidate = { showId: show.id, artistId: show.artist_id, setlistId: setlist_id, songs, missingSong };
    if (accept(candidate)) found.push(candidate);
    if (found.length === count) break;
  }
  if (found.length < count) {
    throw new Error(
      `the demo data has ${found.length} upcoming shows with a fresh prediction, the tests need ${count}`,
    );
  }
  return found;
}
