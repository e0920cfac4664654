// Test data for the component tests, written into the real database and
// removed again. Every row is named as test data ("Test Fixture Band <tag>",
// a random tag per world), so two test files running side by side, a rerun
// after a crash, or the demo data never collide with it. Votes are never
// inserted: fans() signs real users in through /auth/v1 and they vote with
// cast_vote, exactly as the app does.

import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import type { Database } from "../src/lib/database.ts";
import type { TheSetClient } from "../src/lib/supabase.ts";
import { localDateIn } from "../src/lib/time.ts";
import { connect, fetchFromOwnAddress, memoryStorage, type Sql, stackEnv } from "./stack.ts";

export interface FixtureArtist {
  id: string;
  name: string;
  slug: string;
}

export interface FixtureSong {
  id: string;
  title: string;
}

export interface FixtureVenue {
  id: string;
  name: string;
  city: string;
  country: string;
  timezone: string;
}

export interface FixtureShow {
  id: string;
  name: string;
  artist: FixtureArtist;
  venue: FixtureVenue | null;
}

export interface FixtureSetlistSong {
  id: string;
  title: string;
  songId: string | null;
}

export interface FixtureSetlist {
  id: string;
  songs: FixtureSetlistSong[];
}

/** A fan with their own supabase-js client and session (signed in through the real /auth/v1). */
export interface Fan {
  client: SupabaseClient<Database>;
  userId: string;
  email: string | null;
}

function randomTag(): string {
  return crypto.randomUUID().replace(/-/g, "").slice(0, 10);
}

export class FixtureWorld {
  readonly tag = randomTag();
  readonly sql: Sql = connect();
  private artistIds: string[] = [];
  private venueIds: string[] = [];
  private userIds = new Set<string>();
  private syncRunIds: number[] = [];
  private importJobIds: number[] = [];
  private topics: string[] = [];
  private clients: SupabaseClient<Database>[] = [];
  private appClients: TheSetClient[] = [];
  private ticketmasterCacheKeys: Set<string> | null = null;

  /** "Test Fixture <kind> <tag>": every name a test creates says what it is. */
  name(kind: string): string {
    return `Test Fixture ${kind} ${this.tag}`;
  }

  async artist(options: { songs?: string[]; name?: string; ticketmasterId?: string } = {}) {
    const name = options.name ?? this.name("Band");
    const [artist] = await this.sql<FixtureArtist[]>`
      insert into public.artists (name, ticketmaster_id, genres, songs_synced_at)
      values (${name}, ${options.ticketmasterId ?? null}, ${["test fixture"]}, ${
      options.songs?.length ? new Date() : null
    })
      returning id, name, slug`;
    this.artistIds.push(artist.id);
    const songs: FixtureSong[] = [];
    for (const [index, title] of (options.songs ?? []).entries()) {
      const [song] = await this.sql<FixtureSong[]>`
        insert into public.songs (artist_id, title, album, release_date, duration_ms)
        values (${artist.id}, ${title}, ${this.name("Album")}, ${`2024-01-${String(index + 1).padStart(2, "0")}`},
                ${200_000 + index * 1000})
        returning id, title`;
      songs.push(song);
    }
    return { ...artist, songs };
  }

  async venue(options: { city?: string; country?: string; timezone?: string } = {}): Promise<FixtureVenue> {
    const [venue] = await this.sql<FixtureVenue[]>`
      insert into public.venues (name, city, country, timezone)
      values (${this.name("Hall")}, ${options.city ?? this.name("City")}, ${options.country ?? "DE"},
              ${options.timezone ?? "Europe/Berlin"})
      returning id, name, city, country, timezone`;
    this.venueIds.push(venue.id);
    return venue;
  }

  /** A show of the artist; `startsAt` decides whether voting is open. */
  async show(artist: FixtureArtist, venue: FixtureVenue | null, options: {
    startsAt: Date;
    status?: "scheduled" | "cancelled" | "completed";
    name?: string;
  }): Promise<FixtureShow> {
    const localDate = localDateIn(venue?.timezone ?? "UTC", options.startsAt);
    const [show] = await this.sql<{ id: string; name: string }[]>`
      insert into public.shows (artist_id, venue_id, name, starts_at, local_date, status)
      values (${artist.id}, ${venue?.id ?? null}, ${options.name ?? this.name("Night")}, ${options.startsAt},
              ${localDate}, ${options.status ?? "scheduled"})
      returning id, name`;
    this.topics.push(`show:${show.id}`);
    return { ...show, artist, venue };
  }

  /** The show's predicted setlist: these catalog songs in this order, no votes. */
  async predictedSetlist(show: FixtureShow, songs: FixtureSong[]): Promise<FixtureSetlist> {
    return await this.setlist(show, "predicted", songs.map((song) => ({ songId: song.id, title: song.title })));
  }

  /**
   * A show a month away of a new artist with these songs, predicted with the
   * first `predicted` of them and no votes yet: what the voting and live tests
   * start from. songId finds a predicted row by title, catalogId a catalog song.
   */
  async votableShow(titles: string[], predicted = titles.length) {
    const artist = await this.artist({ songs: titles });
    const show = await this.show(artist, await this.venue(), { startsAt: new Date(Date.now() + 30 * 86_400_000) });
    const setlist = await this.predictedSetlist(show, artist.songs.slice(0, predicted));
    const songId = (title: string) => setlist.songs.find((song) => song.title === title)!.id;
    const catalogId = (title: string) => artist.songs.find((song) => song.title === title)!.id;
    return { artist, show, setlist, songId, catalogId };
  }

  /** The actual setlist as setlist.fm would give it (a song off the catalog has no songId). */
  async actualSetlist(show: FixtureShow, entries: { songId: string | null; title: string }[]) {
    return await this.setlist(show, "actual", entries);
  }

  private async setlist(
    show: FixtureShow,
    kind: "predicted" | "actual",
    entries: { songId: string | null; title: string }[],
  ): Promise<FixtureSetlist> {
    const [setlist] = await this.sql<{ id: string }[]>`
      insert into public.setlists (show_id, kind) values (${show.id}, ${kind}) returning id`;
    const songs: FixtureSetlistSong[] = [];
    for (const [index, entry] of entries.entries()) {
      const [row] = await this.sql<{ id: string }[]>`
        insert into public.setlist_songs (setlist_id, song_id, title, position)
        values (${setlist.id}, ${entry.songId}, ${entry.title}, ${index + 1})
        returning id`;
      songs.push({ id: row.id, title: entry.title, songId: entry.songId });
    }
    return { id: setlist.id, songs };
  }

  /**
   * A sync_runs row as a sync function leaves it; the job name carries the
   * world's tag. trigger 'cron' (the default) stands for a production run, which
   * the status page counts; 'test' for a run made by tests, which it does not.
   */
  async syncRun(run: {
    job: string;
    status: "ok" | "partial" | "failed";
    startedAt: Date;
    itemsWritten?: number;
    error?: string;
    trigger?: "cron" | "test";
  }): Promise<number> {
    const [row] = await this.sql<{ id: number }[]>`
      insert into public.sync_runs (job, trigger, started_at, finished_at, status, items_seen, items_written, error)
      values (${run.job}, ${run.trigger ?? "cron"}, ${run.startedAt}, ${new Date(
      run.startedAt.getTime() + 4_000,
    )}, ${run.status},
              ${run.itemsWritten ?? 0}, ${run.itemsWritten ?? 0}, ${run.error ?? null})
      returning id::int`;
    this.syncRunIds.push(row.id);
    return row.id;
  }

  /**
   * A job the import queue holds but pg_cron's every-minute import-artist will
   * not take during the test (run_after a day ahead; a running job's lock is
   * fresh): a test can watch it, or let the app join it as it joins any live
   * job, without a real import starting underneath.
   */
  async importJob(job: {
    kind: "artist_import" | "catalog_sync";
    /** artist_import: the Ticketmaster attraction */
    ticketmasterId?: string;
    name?: string;
    /** catalog_sync: the artist whose catalog is wanted */
    artistId?: string | null;
    status?: "queued" | "running";
    progress?: Record<string, unknown>;
  }): Promise<number> {
    const dedupeKey = job.kind === "artist_import" ? `tm:${job.ticketmasterId}` : `artist:${job.artistId}`;
    const payload = job.kind === "artist_import"
      ? { ticketmaster_id: job.ticketmasterId, name: job.name }
      : { artist_id: job.artistId, reason: "test fixture" };
    const running = job.status === "running";
    const [row] = await this.sql<{ id: number }[]>`
      insert into public.import_jobs (kind, dedupe_key, payload, status, attempts, artist_id, progress, run_after, locked_at)
      values (${job.kind}, ${dedupeKey}, ${this.sql.json(payload as never)}, ${job.status ?? "queued"},
              ${running ? 1 : 0}, ${job.artistId ?? null}, ${this.sql.json((job.progress ?? {}) as never)},
              now() + interval '1 day', ${running ? new Date() : null})
      returning id::int`;
    this.importJobIds.push(row.id);
    return row.id;
  }

  /** Remembers which Ticketmaster responses are cached now, so cleanup removes only the ones the test caused. */
  async snapshotTicketmasterCache(): Promise<void> {
    const rows = await this.sql<{ cache_key: string }[]>`
      select cache_key from public.api_cache where provider = 'ticketmaster'`;
    this.ticketmasterCacheKeys = new Set(rows.map((row) => row.cache_key));
  }

  /** An app client a test rendered with: whoever it signed in (a guest the page created, say) is removed at cleanup. */
  trackClient(client: TheSetClient): TheSetClient {
    this.appClients.push(client);
    return client;
  }

  /** A fan signed in through /auth/v1: a guest (anonymous) or with an email account. */
  async fan(kind: "guest" | "email", password = "test fixture password"): Promise<Fan> {
    const env = stackEnv();
    const client = createClient<Database>(env.supabaseUrl, env.publishableKey, {
      auth: { storage: memoryStorage(), storageKey: `fixture-fan-${crypto.randomUUID()}`, autoRefreshToken: false },
      // a fan at an address of their own: sign-ins are rate limited per address
      global: { fetch: fetchFromOwnAddress() },
    });
    this.clients.push(client);
    const email = kind === "email" ? `fixture-fan-${this.tag}-${randomTag()}@example.test` : null;
    const { data, error } = email
      ? await client.auth.signUp({ email, password })
      : await client.auth.signInAnonymously();
    if (error || !data.user) throw new Error(`fixture fan could not sign in: ${error?.message}`);
    this.userIds.add(data.user.id);
    return { client, userId: data.user.id, email };
  }

  /** A fan's vote, cast with cast_vote; throws on a refusal so a setup mistake is loud. */
  async vote(fan: Fan, setlistSongId: string, value: -1 | 0 | 1) {
    const { data, error } = await fan.client.rpc("cast_vote", { setlist_song_id: setlistSongId, value });
    if (error) throw new Error(`fixture vote refused: ${error.code} ${error.message}`);
    return data as { upvotes: number; downvotes: number };
  }

  /** Removes everything the world created; each step runs even if one before it failed. */
  async cleanup(): Promise<void> {
    const failures: unknown[] = [];
    const step = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        failures.push(error);
      }
    };
    for (const client of this.appClients) {
      await step(async () => {
        const { data } = await client.auth.getSession();
        if (data.session) this.userIds.add(data.session.user.id);
        await client.removeAllChannels();
      });
    }
    for (const client of this.clients) await step(() => client.removeAllChannels());
    const sql = this.sql;
    // users first: their votes go with them (and with the setlist songs below)
    await step(() => sql`delete from auth.users where id = any(${[...this.userIds]}::uuid[])`);
    // artists take their shows, songs, setlists, views, scores and import jobs along
    await step(() => sql`delete from public.artists where id = any(${this.artistIds}::uuid[])`);
    await step(() => sql`delete from public.venues where id = any(${this.venueIds}::uuid[])`);
    await step(() => sql`delete from public.sync_runs where id = any(${this.syncRunIds}::bigint[])`);
    await step(() => sql`delete from public.import_jobs where id = any(${this.importJobIds}::bigint[])`);
    await step(() => sql`delete from realtime.messages where topic = any(${this.topics}::text[])`);
    if (this.ticketmasterCacheKeys) {
      const before = [...this.ticketmasterCacheKeys];
      await step(() =>
        sql`delete from public.api_cache where provider = 'ticketmaster' and not (cache_key = any(${before}::text[]))`
      );
    }
    await step(() => sql.end());
    if (failures.length) throw new AggregateError(failures, `fixture cleanup failed ${failures.length} time(s)`);
  }
}

/** How long a broadcast may take to arrive in these tests: delivery time is the benchmarks' business. */
export const LIVE_DELIVERY = { timeout: 5_000 };

/**
 * A fresh FixtureWorld for every test of the calling file, handed to `use`
 * before each test; after each, the rendered tree is unmounted first (so no
 * page keeps a channel open) and then the world removes what it created.
 */
export function freshWorldEachTest(use: (world: FixtureWorld) => void): void {
  let current: FixtureWorld | undefined;
  beforeEach(() => {
    current = new FixtureWorld();
    use(current);
  });
  afterEach(async () => {
    cleanup();
    await current?.cleanup();
    current = undefined;
  });
}
