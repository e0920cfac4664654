// pg_net's worker on the local platform (scripts/stack/net-worker.ts, running
// inside the stack's gateway): requests queued with net.http_* really go out,
// and their outcome lands in net._http_response as pg_net records it. The
// receiving end is a plain HTTP server in this test process.
//
// The first test schedules a real pg_cron job (minute granularity); the last
// one checks, up to ~75 s after scheduling, that pg_cron itself fired it
// through the worker. Everything between runs in that wait.

import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../../../test/assert.ts";
import { ADMIN_CONNECTION, API_URL, HOST, SERVICE_ROLE_KEY } from "../../config.ts";
import { NetWorker, USER_AGENT } from "../../net-worker.ts";
import { adminSql, freePort, sleep, spawnPlatform, waitFor } from "./helpers.ts";

interface Received {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body: string;
}

const sql = adminSql();
const received: Received[] = [];
const slowRequests: (() => void)[] = [];
const receiver: Deno.HttpServer<Deno.NetAddr> = Deno.serve({ hostname: HOST, port: 0, onListen: () => {} }, async (
  request: Request,
): Promise<Response> => {
  const url = new URL(request.url);
  if (url.pathname === "/slow") {
    // held until the test ends: the worker's timeout must fire first
    await new Promise<void>((resolve) => slowRequests.push(resolve));
    return new Response("too late");
  }
  received.push({
    method: request.method,
    path: url.pathname,
    search: url.search,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
  });
  if (url.pathname === "/teapot") return new Response("short and stout", { status: 418 });
  if (url.pathname === "/redirect") return Response.redirect(`http://${HOST}:${receiverPort}/landed`, 302);
  return Response.json({ ok: true, path: url.pathname }, { headers: { "x-receiver": "yes" } });
});
const receiverPort: number = receiver.addr.port;
const receiverUrl = `http://${HOST}:${receiverPort}`;
const runId = crypto.randomUUID().slice(0, 8);
const cronJob = `theset-net-test-${runId}`;
let cronScheduledAt = 0;

interface ResponseRow {
  status_code: number | null;
  content_type: string | null;
  headers: Record<string, string> | null;
  content: string | null;
  timed_out: boolean | null;
  error_msg: string | null;
}

async function responseFor(id: string | number, timeoutMs = 10_000): Promise<ResponseRow> {
  return await waitFor(`net._http_response for request ${id}`, async () => {
    const rows = await sql<ResponseRow[]>`
      select status_code, content_type, headers, content, timed_out, error_msg from net._http_response where id = ${id}
    `;
    return rows[0];
  }, timeoutMs);
}

async function queued(id: string | number): Promise<boolean> {
  const rows = await sql`select 1 from net.http_request_queue where id = ${id}`;
  return rows.length > 0;
}

Deno.test("setup: schedule a pg_cron job that posts through pg_net every minute", async () => {
  await sql`
    select cron.schedule(${cronJob}, '* * * * *',
      format($$select net.http_post(url := %L, body := '{"from":"pg_cron"}'::jsonb)$$, ${`${receiverUrl}/cron/${runId}`}::text))
  `;
  cronScheduledAt = Date.now();
});

Deno.test("net.http_post arrives with its body and headers, and the response is recorded", async () => {
  const [{ id }] = await sql`
    select net.http_post(
      url := ${`${receiverUrl}/hook`},
      body := '{"vote":1,"name":"Ünïcode"}'::jsonb,
      params := '{"q":"a b&c"}'::jsonb,
      headers := '{"X-Probe":"pg-net","Authorization":"Bearer abc"}'::jsonb
    ) as id
  `;
  const response = await responseFor(id);
  assertEquals(response.status_code, 200);
  assertEquals(response.content_type, "application/json");
  assertEquals(JSON.parse(response.content!), { ok: true, path: "/hook" });
  assertEquals(response.headers?.["x-receiver"], "yes");
  assertEquals(response.timed_out, false);
  assertEquals(response.error_msg, null);
  assertEquals(await queued(id), false, "the queue row is deleted");

  const hit = received.find((r) => r.path === "/hook")!;
  assertEquals(hit.method, "POST");
  assertEquals(hit.search, "?q=a%20b%26c");
  assertEquals(JSON.parse(hit.body), { vote: 1, name: "Ünïcode" });
  assertEquals(hit.headers["content-type"], "application/json");
  assertEquals(hit.headers["x-probe"], "pg-net");
  assertEquals(hit.headers["authorization"], "Bearer abc");
  assertEquals(hit.headers["user-agent"], USER_AGENT);
});

Deno.test("net.http_get and net.http_delete use their methods; status codes and redirects are pg_net's", async () => {
  const [{ get, del, teapot, redirect }] = await sql`
    select net.http_get(${`${receiverUrl}/read`}, '{"page":"2"}'::jsonb) as get,
           net.http_delete(${`${receiverUrl}/remove`}) as del,
           net.http_get(${`${receiverUrl}/teapot`}) as teapot,
           net.http_get(${`${receiverUrl}/redirect`}) as redirect
  `;
  assertEquals((await responseFor(get)).status_code, 200);
  assertEquals((await responseFor(del)).status_code, 200);
  const teapotResponse = await responseFor(teapot);
  assertEquals(teapotResponse.status_code, 418);
  assertEquals(teapotResponse.content, "short and stout");
  const redirected = await responseFor(redirect);
  assertEquals(redirected.status_code, 200, "redirects are followed, as pg_net's curl does");
  assertEquals(JSON.parse(redirected.content!).path, "/landed");
  assertEquals(received.find((r) => r.path === "/read")?.method, "GET");
  assertEquals(received.find((r) => r.path === "/read")?.search, "?page=2");
  assertEquals(received.find((r) => r.path === "/remove")?.method, "DELETE");
});

Deno.test("a request slower than timeout_milliseconds is recorded as timed out", async () => {
  const [{ id }] = await sql`select net.http_get(${`${receiverUrl}/slow`}, timeout_milliseconds := 300) as id`;
  const response = await responseFor(id);
  assertEquals(response.timed_out, true);
  assertEquals(response.status_code, null);
  assertEquals(response.content, null);
  assertMatch(response.error_msg!, /^Timeout of 300 ms reached\. Total time: \d+\.\d+ ms$/);
});

Deno.test("connection failures and bad URLs are recorded with curl's messages, nothing is retried", async () => {
  const closedPort = await freePort();
  const [{ refused, malformed, protocol }] = await sql`
    select net.http_get(${`http://${HOST}:${closedPort}/nobody`}) as refused,
           net.http_get('not a url') as malformed,
           net.http_get('ftp://127.0.0.1/file') as protocol
  `;
  const refusedResponse = await responseFor(refused);
  assertEquals(refusedResponse.error_msg, "Couldn't connect to server");
  assertEquals(refusedResponse.timed_out, false);
  assertEquals(refusedResponse.status_code, null);
  assertEquals((await responseFor(malformed)).error_msg, "URL using bad/illegal format or missing URL");
  assertEquals((await responseFor(protocol)).error_msg, "Unsupported protocol");
  assertEquals(await queued(refused), false);
});

Deno.test("a header with a line break is refused and never sent", async () => {
  const before = received.length;
  const [{ id }] = await sql`
    select net.http_post(${`${receiverUrl}/smuggle`}, headers := ${
    sql.json({ "X-Evil": "a\r\nX-Injected: yes" })
  }::jsonb) as id
  `;
  const response = await responseFor(id);
  assertEquals(response.error_msg, 'header "X-Evil" contains a carriage return or line feed');
  assertEquals(response.status_code, null);
  assertEquals(received.slice(before).some((r) => r.path === "/smuggle"), false);
});

Deno.test("more than one batch (250 requests in one transaction) is drained completely, each once", async () => {
  const before = received.filter((r) => r.path.startsWith("/bulk/")).length;
  const ids = await sql.begin(async (tx) => {
    return await tx<{ id: string }[]>`
      select net.http_post(${`${receiverUrl}/bulk/`} || n, body := jsonb_build_object('n', n)) as id
      from generate_series(1, 250) as n
    `;
  });
  await waitFor("250 responses", async () => {
    const [{ count }] = await sql`
      select count(*)::int as count from net._http_response where id = any(${ids.map((r) => r.id)}::bigint[])
    `;
    return count === 250;
  }, 30_000);
  const bulk = received.filter((r) => r.path.startsWith("/bulk/")).slice(before);
  assertEquals(bulk.length, 250, "every request was sent exactly once");
  assertEquals(new Set(bulk.map((r) => r.path)).size, 250);
  const [{ left }] = await sql`select count(*)::int as left from net.http_request_queue where id = any(${
    ids.map((r) => r.id)
  }::bigint[])`;
  assertEquals(left, 0);
});

Deno.test("the worker survives losing its database connections", async () => {
  const [{ terminated }] = await sql`
    select count(pg_terminate_backend(pid))::int as terminated
    from pg_stat_activity where application_name = 'theset-net-worker'
  `;
  assert(terminated >= 1, `the worker's connections were found and terminated (${terminated})`);
  const [{ id }] = await sql`select net.http_post(${`${receiverUrl}/after-reconnect`}) as id`;
  const response = await responseFor(id, 15_000);
  assertEquals(response.status_code, 200);
  assert(received.some((r) => r.path === "/after-reconnect"));
});

Deno.test("responses older than 6 hours are pruned, newer ones kept", async () => {
  const worker = new NetWorker({
    // the worker connects as the platform's superuser, as the gateway starts it
    connection: ADMIN_CONNECTION,
  });
  try {
    const [{ old, fresh }] = await sql`
      with rows as (
        insert into net._http_response (id, status_code, content, created)
        values (-9000001, 200, 'old', now() - interval '6 hours 1 minute'),
               (-9000002, 200, 'fresh', now() - interval '5 hours 59 minutes')
        returning id
      )
      select min(id) as fresh, max(id) as old from rows
    `;
    await worker.pruneResponses();
    const left = await sql<{ id: string }[]>`select id::text from net._http_response where id in (${old}, ${fresh})`;
    assertEquals(left.map((r) => r.id), [String(fresh)]);
  } finally {
    await sql`delete from net._http_response where id in (-9000001, -9000002)`;
    await worker.stop();
  }
});

Deno.test("a pg_cron job's command reaches an edge function through the worker and the gateway", async () => {
  // a function of our own, served by a second gateway + function server; the URL and the key come from Vault
  const root = await Deno.makeTempDir({ prefix: "theset-cron-" });
  const dir = join(root, "supabase", "functions", "cron-probe");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, "index.ts"),
    `Deno.serve(async (req) => Response.json({ got: await req.json(), auth: req.headers.get("authorization") }));\n`,
  );
  const platform = await spawnPlatform({ functionsDir: join(root, "supabase", "functions"), withFunctions: true });
  const job = `theset-cron-probe-${runId}`;
  const urlSecret = `theset_test_project_url_${runId}`;
  const keySecret = `theset_test_service_key_${runId}`;
  try {
    await sql`select vault.create_secret(${platform.gateway.url}, ${urlSecret}, 'test: project url')`;
    await sql`select vault.create_secret(${SERVICE_ROLE_KEY}, ${keySecret}, 'test: service role key')`;
    // written the way Supabase documents scheduling an edge function
    await sql`
      select cron.schedule(${job}, '0 0 1 1 *', format($cmd$
        select net.http_post(
          url := (select decrypted_secret from vault.decrypted_secrets where name = %L) || '/functions/v1/cron-probe',
          headers := jsonb_build_object(
            'Content-Type', 'application/json',
            'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = %L)),
          body := jsonb_build_object('job', %L)
        ) as request_id
      $cmd$, ${urlSecret}::text, ${keySecret}::text, ${job}::text))
    `;
    const [{ command }] = await sql`select command from cron.job where jobname = ${job}`;
    const [{ request_id }] = await sql.unsafe(command);
    const response = await responseFor(request_id, 15_000);
    assertEquals(response.status_code, 200);
    assertEquals(JSON.parse(response.content!), { got: { job }, auth: `Bearer ${SERVICE_ROLE_KEY}` });
    assert(API_URL !== platform.gateway.url, "the request went to the spawned gateway, not the stack's");
  } finally {
    await sql`select cron.unschedule(jobid) from cron.job where jobname = ${job}`;
    await sql`delete from vault.secrets where name in (${urlSecret}, ${keySecret})`;
    await platform.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test({
  name: "pg_cron itself fires the scheduled job within a minute, and pg_net delivers it",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    try {
      const remaining = Math.max(5_000, 75_000 - (Date.now() - cronScheduledAt));
      const hit = await waitFor(
        "the pg_cron job's request",
        () => received.find((r) => r.path === `/cron/${runId}`),
        remaining,
      );
      assertEquals(hit.method, "POST");
      assertEquals(JSON.parse(hit.body), { from: "pg_cron" });
      // pg_cron marks the run finished in a separate update after the command's transaction commits, and the
      // worker can deliver the request before that update lands, so wait for the run to leave "running".
      const status = await waitFor("the pg_cron run to finish", async () => {
        const [row] = await sql`
          select d.status from cron.job_run_details d join cron.job j on j.jobid = d.jobid
          where j.jobname = ${cronJob} order by d.start_time desc limit 1
        `;
        return row && row.status !== "running" && row.status !== "starting" ? row.status : undefined;
      }, 15_000);
      assertEquals(status, "succeeded");
    } finally {
      await sql`select cron.unschedule(jobid) from cron.job where jobname = ${cronJob}`;
      for (const release of slowRequests) release();
      await sleep(10);
      await receiver.shutdown();
      await sql.end();
    }
  },
});
