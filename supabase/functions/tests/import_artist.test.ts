// The on-demand import: a fan finds an artist TheSet lacks through the
// ticketmaster function, import_artist queues it (one job however often it is
// asked), import-artist drains the queue (shows, catalog, setlists, the
// predictions, progress step by step), failures go back to the queue with
// backoff, and ensure_predicted_setlist's catalog_sync jobs are served too.

import { assert, assertEquals, assertMatch } from "../../../scripts/test/assert.ts";
import { handler as importArtist } from "../import-artist/handler.ts";
import { handler as ticketmaster } from "../ticketmaster/handler.ts";
import { handler as tours } from "../sync-popular-tours/handler.ts";
import { clearFaults, fault, PUBLISHABLE_KEY, type World, worldTest } from "./support/world.ts";

// the stack's own every-minute import job must not take these worlds' jobs to the demo upstream
const importTest = (name: string, fn: (w: World) => Promise<void>) =>
  worldTest(name, fn, { pauseCronJobs: ["import-artist"] });

// an anonymous visitor as supabase-js calls a function with the publishable key, with the address
// the platform's edge adds (Cloudflare's cf-connecting-ip)
const proxy = (w: World, body: unknown) =>
  w.call(ticketmaster, body, { apikey: PUBLISHABLE_KEY, "cf-connecting-ip": "192.0.2.61" });

importTest("a fan's import: queued once, then shows, catalog, setlists and predictions, with progress", async (w) => {
  const distant = (await w.upstream.dataset()).artists.find((a) => a.name === "Distant Harbors")!;
  const search = await proxy(w, { action: "search_artists", query: "Distant Harb" });
  assertEquals(search.status, 200);
  const hit = search.body.artists.find((a: { ticketmaster_id: string }) => a.ticketmaster_id === distant.tmId);
  assertEquals([hit.name, hit.artist, hit.import_job_id], ["Distant Harbors", null, null]);

  const queued = await proxy(w, { action: "import_artist", ticketmaster_id: distant.tmId });
  assertEquals(queued.status, 202);
  assertEquals(queued.body.status, "queued");
  const again = await proxy(w, { action: "import_artist", ticketmaster_id: distant.tmId });
  assertEquals(again.body.job_id, queued.body.job_id, "a second ask joins the live job");
  const searchAgain = await proxy(w, { action: "search_artists", query: "Distant Harb" });
  assertEquals(
    searchAgain.body.artists.find((a: { ticketmaster_id: string }) => a.ticketmaster_id === distant.tmId).import_job_id,
    queued.body.job_id,
    "the search shows the pending import",
  );

  const run = await w.call(importArtist, { trigger: "test" });
  assertEquals(run.status, 200, JSON.stringify(run.body));
  assertEquals([run.body.status, run.body.items_seen, run.body.items_failed], ["ok", 1, 0]);

  const [job] = await w.sql`
    select status, artist_id::text, progress from public.import_jobs where id = ${queued.body.job_id}`;
  assertEquals(job.status, "done");
  const [artist] = await w.sql`
    select id::text, name, spotify_id, mbid::text, songs_synced_at is not null as catalog, setlists_synced_at is not null as setlists
    from public.artists where ticketmaster_id = ${distant.tmId}`;
  assertEquals(job.artist_id, artist.id);
  assertEquals([artist.name, artist.spotify_id, artist.mbid, artist.catalog, artist.setlists], [
    "Distant Harbors",
    distant.spotifyId,
    distant.mbid,
    true,
    true,
  ]);
  const upcoming = (await w.upstream.dataset()).events.filter((e) => e.attractionIds.includes(distant.tmId));
  const [counts] = await w.sql`
    select (select count(*) from public.shows where artist_id = ${artist.id}::uuid and ticketmaster_id is not null)::int as shows,
           (select count(*) from public.songs where artist_id = ${artist.id}::uuid)::int as songs,
           (select count(*) from public.songs
            where artist_id = ${artist.id}::uuid and spotify_id is not null)::int as catalog_songs,
           (select count(*) from public.setlists sl join public.shows s on s.id = sl.show_id
            where s.artist_id = ${artist.id}::uuid and sl.kind = 'actual')::int as actual,
           (select count(*) from public.setlists sl join public.shows s on s.id = sl.show_id
            where s.artist_id = ${artist.id}::uuid and sl.kind = 'predicted')::int as predicted`;
  assertEquals(counts.shows, upcoming.length);
  assert(counts.songs > 10 && counts.actual > 10, JSON.stringify(counts));
  assertEquals(counts.predicted, upcoming.length, "every upcoming show has its prediction right away");
  assertEquals(job.progress.step, "done");
  assertEquals(
    [job.progress.shows, job.progress.songs, job.progress.setlists, job.progress.predictions],
    // songs first seen only in a setlist have no Spotify track: the catalog is the rest
    [upcoming.length, counts.catalog_songs, counts.actual, upcoming.length],
  );
  assert(job.progress.songs > 10);

  const done = await proxy(w, { action: "import_artist", ticketmaster_id: distant.tmId });
  assertEquals([done.status, done.body.status, done.body.artist_id], [200, "exists", artist.id]);
});

importTest("import_artist refuses what is not a Ticketmaster attraction, queueing nothing", async (w) => {
  const bad = await proxy(w, { action: "import_artist", ticketmaster_id: "not an id!" });
  assertEquals([bad.status, bad.body.code, bad.body.details.field], [400, "invalid_input", "ticketmaster_id"]);
  const unknown = await proxy(w, { action: "import_artist", ticketmaster_id: `K8vZ9${w.ns}NoSuch` });
  assertEquals([unknown.status, unknown.body.code], [404, "attraction_not_found"]);
  const [{ n }] = await w
    .sql`select count(*)::int as n from public.import_jobs where dedupe_key like ${`tm:K8vZ9${w.ns}%`}`;
  assertEquals(n, 0);
});

importTest(
  "a failed import goes back to the queue with backoff and its error; the next attempt completes it",
  async (w) => {
    const fjord = (await w.upstream.dataset()).artists.find((a) => a.name === "Fjordlight")!;
    const queued = await proxy(w, { action: "import_artist", ticketmaster_id: fjord.tmId });
    await fault(w, { provider: "ticketmaster", path: "/events.json", kind: "status", status: 500 });
    const failed = await w.call(importArtist, { trigger: "test" });
    assertEquals([failed.body.status, failed.body.items_failed], ["failed", 1]);
    const [job] = await w.sql`
    select status, attempts, last_error, run_after > now() as backing_off from public.import_jobs where id = ${queued.body.job_id}`;
    assertEquals([job.status, job.attempts, job.backing_off], ["queued", 1, true]);
    assertMatch(job.last_error, /ticketmaster: HTTP 500/);
    const errors = await w
      .sql`select provider, item_key from public.sync_errors where run_id = ${failed.body.run_id} order by id`;
    assertEquals(errors.length, 2, "the page that failed, then the job it failed");
    assertMatch(errors[0].item_key, new RegExp(`^attraction ${fjord.tmId} .* page 0$`));
    assertEquals({ ...errors[1] }, { provider: "ticketmaster", item_key: `import_job:${queued.body.job_id}` });

    const idle = await w.call(importArtist, { trigger: "test" });
    assertEquals([idle.body.status, idle.body.items_seen], ["ok", 0], "a job backing off is not taken early");

    await clearFaults(w);
    await w.sql`update public.import_jobs set run_after = now() where id = ${queued.body.job_id}`;
    const retried = await w.call(importArtist, { trigger: "test" });
    assertEquals(retried.body.status, "ok");
    const [after] = await w.sql`select status, attempts from public.import_jobs where id = ${queued.body.job_id}`;
    assertEquals([after.status, after.attempts], ["done", 2]);
  },
);

importTest(
  "ensure_predicted_setlist's catalog_sync job fetches the catalog and builds the waiting prediction",
  async (w) => {
    await w.call(tours, { markets: [{ city: "Chicago", countryCode: "US" }], trigger: "test" });
    const [show] = await w.sql`
    select s.id::text, s.artist_id::text from public.shows s join public.artists a on a.id = s.artist_id
    where a.ticketmaster_id like ${`K8vZ9${w.ns}%`} and a.spotify_id is not null and s.status = 'scheduled'
      and s.starts_at > now() order by s.starts_at limit 1`;
    const [first] = await w.sql`select public.ensure_predicted_setlist(${show.id}::uuid) as id`;
    assertEquals(first.id, null, "no songs yet: nothing to predict from");
    const [job] = await w.sql`
    select id::int, kind, dedupe_key from public.import_jobs where dedupe_key = ${`artist:${show.artist_id}`} and status = 'queued'`;
    assertEquals(job.kind, "catalog_sync");

    const run = await w.call(importArtist, { trigger: "test" });
    assertEquals([run.body.status, run.body.items_seen], ["ok", 1]);
    const [done] = await w.sql`select status, progress from public.import_jobs where id = ${job.id}`;
    assertEquals(done.status, "done");
    assert(done.progress.songs > 0);
    const [predicted] = await w.sql`
    select count(*)::int as n from public.setlists where show_id = ${show.id}::uuid and kind = 'predicted'`;
    assertEquals(predicted.n, 1);
    await w.sql`delete from public.import_jobs where id = ${job.id}`;
  },
);

importTest("a dry run looks at the due jobs without claiming them or writing", async (w) => {
  const plaza = (await w.upstream.dataset()).artists.find((a) => a.name === "Plaza Mayor Collective")!;
  const queued = await proxy(w, { action: "import_artist", ticketmaster_id: plaza.tmId });
  const dry = await w.call(importArtist, { dry_run: true, trigger: "test" });
  assertEquals([dry.status, dry.body.status, dry.body.items_written], [200, "ok", 0]);
  assert(dry.body.rows.shows.inserted > 0, "it counted what it would write");
  const [job] = await w.sql`select status, attempts from public.import_jobs where id = ${queued.body.job_id}`;
  assertEquals([job.status, job.attempts], ["queued", 0]);
  const [{ n }] = await w.sql`select count(*)::int as n from public.artists where ticketmaster_id = ${plaza.tmId}`;
  assertEquals(n, 0);
});
