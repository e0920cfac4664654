// Benchmark-only data for the throwaway bench stack: synthetic artists,
// catalogs, upcoming shows and fans, clearly named as such. Predictions are
// built by the app's own ensure_predicted_setlist from those catalogs, and
// every vote in a benchmark is a real cast_vote call; nothing here writes a
// vote or a counter. None of it ever reaches a developer's or the demo database:
// the benchmarks run only against stacks made by startBenchStack.

import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { PUBLISHABLE_KEY } from "../stack/keys.ts";
import { type BenchStack, inBatches, type Sql } from "./lib.ts";

export interface VotingShow {
  id: string;
  /** the prediction's setlist_songs ids, in order */
  songs: string[];
}

export interface VotingWorld {
  label: string;
  artistIds: string[];
  shows: VotingShow[];
}

/**
 * `artists` synthetic artists with `songsPerArtist` catalog songs each and
 * `showsPerArtist` upcoming shows each, every show with a prediction built by
 * ensure_predicted_setlist (20 songs from a catalog without history).
 */
export async function createVotingWorld(
  sql: Sql,
  options: { label: string; artists: number; showsPerArtist: number; songsPerArtist: number },
): Promise<VotingWorld> {
  const { label, artists, showsPerArtist, songsPerArtist } = options;
  const artistIds = (await sql<{ id: string }[]>`
    insert into public.artists (name, slug)
    select 'Bench artist ' || ${label} || ' ' || n || ' (synthetic)', 'bench-' || ${label} || '-' || n
    from generate_series(1, ${artists}) n
    returning id`).map((r) => r.id);
  await sql`
    insert into public.songs (artist_id, title)
    select a.id, 'Bench song ' || n
    from unnest(${artistIds}::uuid[]) a(id), generate_series(1, ${songsPerArtist}) n`;
  await sql`
    insert into public.shows (artist_id, name, starts_at, local_date)
    select a.id, 'Bench show ' || n || ' (synthetic)', now() + (7 + n) * interval '1 day', current_date + 7 + n
    from unnest(${artistIds}::uuid[]) a(id), generate_series(1, ${showsPerArtist}) n`;
  await sql`
    select public.ensure_predicted_setlist(sh.id)
    from public.shows sh where sh.artist_id = any(${artistIds}::uuid[])`;
  const rows = await sql<{ show_id: string; songs: string[] }[]>`
    select sl.show_id, array_agg(ss.id order by ss.position) as songs
    from public.setlists sl
    join public.shows sh on sh.id = sl.show_id
    join public.setlist_songs ss on ss.setlist_id = sl.id
    where sh.artist_id = any(${artistIds}::uuid[]) and sl.kind = 'predicted'
    group by sl.show_id
    order by sl.show_id`;
  return { label, artistIds, shows: rows.map((r) => ({ id: r.show_id, songs: r.songs })) };
}

/**
 * Fans as rows of auth.users (what GoTrue would have written), for clients
 * that connect to Postgres directly and set the claims PostgREST would set.
 */
export async function createFans(sql: Sql, count: number, label: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    insert into auth.users (id, aud, role, email, is_anonymous, created_at, updated_at)
    select gen_random_uuid(), 'authenticated', 'authenticated',
      'bench-' || ${label} || '-' || n || '@bench.invalid', false, now(), now()
    from generate_series(1, ${count}) n
    returning id`;
  return rows.map((r) => r.id);
}

/** The JWT claims PostgREST would set for a signed-in (non-guest) fan. */
export function fanClaims(userId: string): string {
  return JSON.stringify({ sub: userId, role: "authenticated", aud: "authenticated", is_anonymous: false });
}

/** The benchmarks vote far more than a fan may in a day; the operator's knob for that is app_limits. */
export async function liftDailyVoteLimit(sql: Sql): Promise<void> {
  await sql`update public.app_limits set daily_vote_actions = 1000000000`;
}

/**
 * A supabase-js client the way the SPA makes one, minus storage (many clients share this process);
 * with `fromAddress`, its connections leave from that local address.
 */
export function benchClient(
  apiUrl: string,
  options: { key?: string; fromAddress?: string } = {},
): SupabaseClient {
  const httpClient = options.fromAddress ? Deno.createHttpClient({ localAddress: options.fromAddress }) : null;
  return createClient(apiUrl, options.key ?? PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    ...(httpClient ? { global: { fetch: (input, init) => fetch(input, { ...init, client: httpClient }) } } : {}),
  });
}

/**
 * The loopback address bench fan `i` connects from. Real fans come from many
 * addresses, and auth's [auth.rate_limit] counts sign-ups per address, so
 * fifty fans from one address would be refused as the abuse they look like.
 */
export function fanAddress(i: number): string {
  return `127.42.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

/** `count` fans signed up through /auth/v1 with email and password, each with its own signed-in client. */
export async function signUpFans(apiUrl: string, count: number, label: string) {
  return await inBatches(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
    const client = benchClient(apiUrl, { fromAddress: fanAddress(i) });
    const email = `bench-${label}-${i}-${crypto.randomUUID().slice(0, 8)}@bench.invalid`;
    const { data, error } = await client.auth.signUp({ email, password: "bench password" });
    if (error || !data.user || !data.session) throw new Error(`sign-up of ${email} failed: ${error?.message}`);
    return { client, userId: data.user.id };
  });
}

/**
 * A fan's next vote that changes something: no vote yet -> up or down; a
 * vote -> the opposite or taken back. Every call is then a real write (one
 * vote row, one counter, one live message), as every pgbench transaction is.
 */
export function nextChange(state: Map<string, number>, song: string, random: () => number): number {
  const current = state.get(song) ?? 0;
  const value = current === 0 ? (random() < 0.5 ? 1 : -1) : (random() < 0.5 ? -current : 0);
  return value;
}

export function applyVote(state: Map<string, number>, song: string, value: number): void {
  if (value === 0) state.delete(song);
  else state.set(song, value);
}

/** Setlist songs whose counters differ from their vote rows (must be none). */
export async function counterMismatches(sql: Sql, setlistSongIds: string[]) {
  return await sql<{ id: string; upvotes: number; downvotes: number; up_rows: number; down_rows: number }[]>`
    select ss.id, ss.upvotes, ss.downvotes, coalesce(v.up_rows, 0) as up_rows, coalesce(v.down_rows, 0) as down_rows
    from public.setlist_songs ss
    left join (
      select setlist_song_id, count(*) filter (where value = 1)::int as up_rows,
        count(*) filter (where value = -1)::int as down_rows
      from public.votes group by setlist_song_id
    ) v on v.setlist_song_id = ss.id
    where ss.id = any(${setlistSongIds}::uuid[])
      and (ss.upvotes, ss.downvotes) is distinct from (coalesce(v.up_rows, 0), coalesce(v.down_rows, 0))`;
}

export interface VoteAnswer {
  setlist_song_id: string;
  upvotes: number;
  downvotes: number;
  my_vote: number;
}

export interface DirectVoter {
  userId: string;
  cast: (setlistSongId: string, value: number) => Promise<VoteAnswer>;
  end: () => Promise<void>;
}

/**
 * A fan talking to Postgres directly on a connection of its own, the way
 * PostgREST runs a request: log in as authenticator, and per transaction set
 * role and JWT claims locally, then call cast_vote. The four statements are
 * pipelined: one network round trip per vote. A failed call aborts the
 * transaction (the COMMIT behind it then only rolls back) and rejects.
 */
export function directVoter(stack: BenchStack, userId: string, application: string): DirectVoter {
  const conn = stack.sql({ username: "authenticator", max: 1, application });
  const claims = fanClaims(userId);
  return {
    userId,
    cast: async (setlistSongId, value) => {
      const [, , rows] = await Promise.all([
        conn`begin`,
        conn`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`,
        conn<{ answer: VoteAnswer }[]>`select public.cast_vote(${setlistSongId}::uuid, ${value}::integer) as answer`,
        conn`commit`,
      ]);
      return rows[0].answer;
    },
    end: () => conn.end({ timeout: 1 }),
  };
}
