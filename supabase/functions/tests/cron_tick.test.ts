// One pg_cron tick drives the whole path on the running stack: pg_cron runs
// invoke_sync_function, which reads Vault and queues a pg_net request; the
// stack's worker sends it to the gateway, the function server runs
// sync-popular-tours against the demo upstream, rows land in the tables, and
// the function records its sync_runs row and cron_logs entry. In the same
// minute, the import-artist job drains a fan's import queued through the
// gateway. pg_cron ticks once a minute, so this file waits up to ~75 s; the
// other checks run meanwhile. Only in demo mode: with real keys in .env the
// stack would call the real providers.

import postgres from "postgres";
import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../../../scripts/test/assert.ts";
import { ANON_KEY, API_URL, DB_URL, REPO_ROOT as ROOT, stackUpstreamUrl } from "./support/stack.ts";
import { type DemoArtist, fetchDataset } from "./support/upstream.ts";

// npm test names the stack's demo upstream only in demo mode
const demo = stackUpstreamUrl() !== null;
const sql = postgres(DB_URL, { max: 2, onnotice: () => {} });
const tag = crypto.randomUUID().slice(0, 8);
const job = `theset-sync-tick-${tag}`;
/** the demo upstream's import-only artist, as the stack's upstream serves it (read in the setup) */
let importOnly: DemoArtist;
let scheduledAt = new Date();
let importJobId = 0;
/** sync_runs rows this file makes, removed at the end like every test's */
const runIds: number[] = [];

const opts = { ignore: !demo, sanitizeOps: false, sanitizeResources: false };

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, untilMs: number): Promise<T> {
  while (Date.now() < untilMs) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test({
  ...opts,
  name: "setup: a pg_cron job for sync-popular-tours, and a fan's import queued through the gateway",
  async fn() {
    importOnly = (await fetchDataset(stackUpstreamUrl()!)).artists.find((a) => a.name === "Kōri no Uta")!;
    // a run killed before its cleanup leaves its every-minute job behind, writing test runs for ever
    await sql`select cron.unschedule(jobid) from cron.job where jobname like 'theset-sync-tick-%'`;
    scheduledAt = new Date();
    await sql`
      select cron.schedule(${job}, '* * * * *', $$select public.invoke_sync_function('sync-popular-tours',
        '{"trigger": "test", "markets": [{"city": "Chicago", "countryCode": "US"}], "limit": 1}')$$)`;
    // a fresh import each time this file runs
    await sql`delete from public.artists where ticketmaster_id = ${importOnly.tmId}`;
    await sql`update public.import_jobs set status = 'dead' where dedupe_key = ${`tm:${importOnly.tmId}`}
              and status in ('queued', 'running')`;
    const res = await fetch(`${API_URL}/functions/v1/ticketmaster`, {
      method: "POST",
      headers: { "Content-Type": "application/json", apikey: ANON_KEY, Authorization: `Bearer ${ANON_KEY}` },
      body: JSON.stringify({ action: "import_artist", ticketmaster_id: importOnly.tmId }),
    });
    const body = await res.json();
    assertEquals([res.status, body.status], [202, "queued"], JSON.stringify(body));
    importJobId = body.job_id;
  },
});

Deno.test({
  ...opts,
  name: "through the gateway: sync functions check their own secret, the proxies need a JWT",
  async fn() {
    const sync = await fetch(`${API_URL}/functions/v1/sync-setlists`, { method: "POST", body: "{}" });
    assertEquals([sync.status, (await sync.json()).code], [401, "unauthorized"]);
    const proxy = await fetch(`${API_URL}/functions/v1/spotify`, {
      method: "POST",
      body: JSON.stringify({ action: "search_artists", query: "glass" }),
    });
    assertEquals(proxy.status, 401, "verify_jwt is on for the SPA's proxies");
    await proxy.body?.cancel();
    const ok = await fetch(`${API_URL}/functions/v1/spotify`, {
      method: "POST",
      headers: { apikey: ANON_KEY, Authorization: `Bearer ${ANON_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ action: "search_artists", query: "Glass Orchard" }),
    });
    assertEquals(ok.status, 200);
    assertEquals((await ok.json()).artists[0].name, "Glass Orchard");
  },
});

Deno.test({
  ...opts,
  name: "npm run sync -- tours --dry-run goes through the gateway and prints its summary",
  async fn() {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "scripts", "sync", "cli.ts"), "tours", "--dry-run", "--limit", "1"],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    const run = stdout.match(/sync-popular-tours run (\d+): OK \(dry run: rolled back\) in [\d.]+ s via gateway/);
    assert(run, stdout);
    runIds.push(Number(run[1]));
    assertMatch(stdout, /items seen\s+written\s+failed\s+api calls/);
  },
});

Deno.test({
  ...opts,
  name: "one pg_cron tick: Vault, the net queue, the worker, the function, rows, sync_runs and cron_logs",
  async fn() {
    const deadline = scheduledAt.getTime() + 80_000;
    try {
      const run = await waitFor("the tick's sync_runs row", async () => {
        const [row] = await sql`
          select id::int, status, items_written, items_seen from public.sync_runs
          where job = 'sync-popular-tours' and trigger = 'test' and started_at >= ${scheduledAt}
            and finished_at is not null order by id desc limit 1`;
        return row;
      }, deadline);
      runIds.push(run.id);
      assertEquals(run.status, "ok");
      assert(run.items_seen > 0);
      const [jobRun] = await sql`
        select d.status from cron.job_run_details d join cron.job j on j.jobid = d.jobid
        where j.jobname = ${job} order by d.start_time desc limit 1`;
      assertEquals(jobRun.status, "succeeded", "pg_cron ran the command");
      const response = await waitFor("pg_net's response", async () => {
        const [r] = await sql`
          select status_code, content from net._http_response
          where created >= ${scheduledAt} and content like ${`%"run_id":${run.id},%`} limit 1`;
        return r;
      }, deadline);
      assertEquals(response.status_code, 200, "the worker delivered it and got the function's answer");
      const [shows] = await sql`
        select count(*)::int as n from public.shows s join public.venues v on v.id = s.venue_id where v.city = 'Chicago'`;
      assert(shows.n > 0, "Chicago's shows are in the table");
      const [logged] = await sql`
        select status from public.cron_logs where job_name = 'sync-popular-tours' and (details ->> 'run_id')::int = ${run.id}`;
      assertEquals(logged.status, "ok");

      const imported = await waitFor("the fan's import", async () => {
        const [j] = await sql`select status, progress from public.import_jobs where id = ${importJobId}`;
        return j?.status === "done" ? j : null;
      }, scheduledAt.getTime() + 140_000);
      assert(imported.progress.shows > 0 && imported.progress.songs > 0, JSON.stringify(imported.progress));
      const [artist] = await sql`select name from public.artists where ticketmaster_id = ${importOnly.tmId}`;
      assertEquals(artist.name, "Kōri no Uta");
    } finally {
      await sql`select cron.unschedule(${job})`;
      await sql`delete from public.sync_runs where id = any(${runIds}::bigint[])`;
      // the import-only artist goes again (with its shows, songs and setlists), so a later test that looks for an
      // artist the stack's Ticketmaster has and TheSet lacks (keys_flows.test.ts) still finds one
      if (importOnly) await sql`delete from public.artists where ticketmaster_id = ${importOnly.tmId}`;
      await sql.end({ timeout: 2 });
    }
  },
});
