// The fan's main flows (live counts, vote, suggest, import) through
// supabase-js against the running stack, once as on a project created today
// (the publishable key, ES256 sessions, the secret key for the operator) and
// once as on a project with legacy keys (the anon key, an HS256 session signed
// with the JWT secret, the service-role key). Each run makes its own artist,
// show and songs (named Test Fixture ...) and removes them afterwards.

import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { assert, assertEquals } from "../../../scripts/test/assert.ts";
import {
  ANON_KEY,
  API_URL,
  claimsOf,
  DB_URL,
  PUBLISHABLE_KEY,
  SECRET_KEY,
  SERVICE_ROLE_KEY,
  signLegacyJwt,
} from "../support/env.ts";

// each client connects from a loopback address of its own: auth counts [auth.rate_limit] per client address
const ownAddress = () => {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  const httpClient = Deno.createHttpClient({ localAddress: `127.${a}.${b}.${(c % 250) + 2}` });
  return { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, client: httpClient }) };
};
const options = () => ({
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  global: ownAddress(),
});

interface Keys {
  label: string;
  /** what the SPA is built with */
  key: string;
  /** what an operator runs the syncs with, sent as supabase-js would */
  operatorHeaders: Record<string, string>;
  /** turns a fresh ES256 session into what this kind of project issues */
  session(token: string): Promise<string>;
}

const KEY_SETS: Keys[] = [
  {
    label: "publishable key, ES256 session, secret key",
    key: PUBLISHABLE_KEY,
    operatorHeaders: { apikey: SECRET_KEY },
    session: (token) => Promise.resolve(token),
  },
  {
    label: "legacy anon key, HS256 session, service-role key",
    key: ANON_KEY,
    operatorHeaders: { apikey: SERVICE_ROLE_KEY, Authorization: `Bearer ${SERVICE_ROLE_KEY}` },
    // the same user and session, signed the legacy way
    session: (token) => signLegacyJwt(claimsOf(token)),
  },
];

async function fan(keys: Keys): Promise<{ id: string; db: SupabaseClient }> {
  // an account, not a guest: guests may vote but not suggest
  const email = `test-fixture-${crypto.randomUUID().slice(0, 8)}@keys-flows.test`;
  const { data, error } = await createClient(API_URL, keys.key, options()).auth.signUp({
    email,
    password: `pw-${crypto.randomUUID()}`,
  });
  assertEquals(error, null);
  const token = await keys.session(data.session!.access_token);
  const db = createClient(API_URL, keys.key, { ...options(), accessToken: () => Promise.resolve(token) });
  return { id: data.user!.id, db };
}

for (const keys of KEY_SETS) {
  Deno.test({
    name: `${keys.label}: live counts, a vote and a suggestion`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const admin = postgres(DB_URL, { max: 2, onnotice: () => {} });
      const tag = crypto.randomUUID().slice(0, 8);
      const [artist] = await admin`insert into public.artists (name, slug)
        values (${`Test Fixture Artist ${tag}`}, ${`test-fixture-${tag}`}) returning id`;
      const watcher = createClient(API_URL, keys.key, options());
      const users: string[] = [];
      try {
        const [show] = await admin`insert into public.shows (artist_id, name, starts_at, local_date)
          values (${artist.id}, ${`Test Fixture Show ${tag}`}, now() + interval '7 days', current_date + 7)
          returning id`;
        await admin`insert into public.songs (artist_id, title)
          select ${artist.id}, 'Test Fixture Song ' || n from generate_series(1, 2) n`;
        const [{ setlist_id }] = await admin`select public.ensure_predicted_setlist(${show.id}) as setlist_id`;
        const [setlistSong] = await admin`select id from public.setlist_songs where setlist_id = ${setlist_id} limit 1`;
        const [extra] = await admin`insert into public.songs (artist_id, title)
          values (${artist.id}, 'Test Fixture Song extra') returning id`;

        // live counts: an anonymous visitor holding only the SPA's key
        const counts: Record<string, unknown>[] = [];
        await new Promise<void>((resolve, reject) => {
          watcher.channel(`show:${show.id}`, { config: { private: true } })
            .on("broadcast", { event: "vote_counts" }, ({ payload }) => counts.push(payload))
            .subscribe((status) => status === "SUBSCRIBED" ? resolve() : status !== "CLOSED" && reject(status));
        });

        const voter = await fan(keys);
        users.push(voter.id);
        const vote = await voter.db.rpc("cast_vote", { setlist_song_id: setlistSong.id, value: 1 });
        assertEquals(vote.error, null);
        const [row] = await admin`select user_id, value from public.votes where setlist_song_id = ${setlistSong.id}`;
        assertEquals([row.user_id, row.value], [voter.id, 1], "the vote is the session's user's");
        for (let waited = 0; counts.length === 0 && waited < 5000; waited += 50) {
          await new Promise((r) => setTimeout(r, 50));
        }
        assertEquals(counts[0]?.setlist_song_id, setlistSong.id);
        assertEquals(counts[0]?.upvotes, 1);

        const suggestion = await voter.db.rpc("suggest_song", { show_id: show.id, song_id: extra.id });
        assertEquals(suggestion.error, null);
        const [added] = await admin`select count(*)::int as n from public.setlist_songs
          where setlist_id = ${setlist_id} and song_id = ${extra.id}`;
        assertEquals(added.n, 1);
      } finally {
        await watcher.removeAllChannels();
        await admin`delete from public.artists where id = ${artist.id}`;
        await admin`delete from auth.users where id = any(${users}::uuid[])`;
        await admin.end();
      }
    },
  });

  Deno.test({
    name: `${keys.label}: a fan queues an artist import, the operator's key runs the queue`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const admin = postgres(DB_URL, { max: 2, onnotice: () => {} });
      const importer = await fan(keys);
      let jobId: number | null = null;
      try {
        // an artist the stack's Ticketmaster has and TheSet lacks, searched the way the SPA searches
        let candidate: { ticketmaster_id: string } | undefined;
        for (const query of ["the", "a", "e", "o", "i", "u"]) {
          const search = await importer.db.functions.invoke("ticketmaster", {
            body: { action: "search_artists", query, size: 20 },
          });
          assertEquals(search.error, null);
          candidate = (search.data.artists as { ticketmaster_id: string; artist: unknown }[])
            .find((a) => a.artist === null);
          if (candidate) break;
        }
        assert(candidate, "the stack's Ticketmaster has an artist TheSet lacks");
        const queued = await importer.db.functions.invoke("ticketmaster", {
          body: { action: "import_artist", ticketmaster_id: candidate.ticketmaster_id },
        });
        assertEquals(queued.error, null);
        jobId = queued.data.job_id;
        assert(typeof jobId === "number");
        // the operator runs the queue as a dry run: every write is made and rolled back
        const run = await fetch(`${API_URL}/functions/v1/import-artist`, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...keys.operatorHeaders },
          body: JSON.stringify({ dry_run: true, trigger: "test" }),
        });
        assertEquals(run.status, 200, await run.clone().text());
        await run.body?.cancel();
      } finally {
        if (jobId !== null) await admin`delete from public.import_jobs where id = ${jobId}`;
        await admin`delete from public.caller_quota_usage where caller_key = ${`user:${importer.id}`}`;
        await admin`delete from auth.users where id = ${importer.id}`;
        await admin.end();
      }
    },
  });
}
