// The SPA proxies' limits (_shared/proxy.ts): per caller (a verified user id,
// else the address the platform vouches for, cf-connecting-ip) a few calls per window,
// then 429 rate_limited with Retry-After; a share of each provider's daily
// budget kept for the scheduled syncs (503 upstream_budget_exhausted for the
// proxies once only that is left); and a cap on a caller's waiting imports.

import { assert, assertEquals } from "../../../scripts/test/assert.ts";
import { identifyCaller } from "../_shared/caller.ts";
import { keyFingerprint } from "../_shared/http/budget.ts";
import { handler as spotify } from "../spotify/handler.ts";
import { handler as ticketmaster } from "../ticketmaster/handler.ts";
import { handler as tours } from "../sync-popular-tours/handler.ts";
import { PUBLISHABLE_KEY, SERVICE_ROLE_KEY, type World, worldTest } from "./support/world.ts";
import { sessionJwt } from "./support/stack.ts";

/**
 * An anonymous caller as a hosted project receives it: Cloudflare's
 * cf-connecting-ip is `address`; x-forwarded-for carries whatever the client
 * wrote and the hop before the gateway.
 */
function fromAddress(address: string, forged = "203.0.113.250, 203.0.113.251"): Record<string, string> {
  return { apikey: PUBLISHABLE_KEY, "cf-connecting-ip": address, "x-forwarded-for": forged };
}

/** A TEST-NET-2 address of its own for each test run, so reruns start from empty windows. */
function freshAddress(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(2));
  return `198.51.${bytes[0]}.${bytes[1]}`;
}

async function userHeaders(sub: string): Promise<Record<string, string>> {
  const now = Math.floor(Date.now() / 1000);
  const token = await sessionJwt(
    { sub, role: "authenticated", aud: "authenticated", iat: now, exp: now + 600, is_anonymous: true },
  );
  return { Authorization: `Bearer ${token}` };
}

/** The caller keys of these headers, as the proxies compute them. */
async function callerKeys(...headers: Record<string, string>[]): Promise<string[]> {
  return await Promise.all(
    headers.map(async (h) => (await identifyCaller(new Request("http://x/", { headers: h }))).key),
  );
}

async function forgetCallers(w: World, keys: string[]): Promise<void> {
  await w.sql`delete from public.caller_quota_usage where caller_key = any(${keys}::text[])`;
  await w.sql`delete from public.import_jobs where requested_by = any(${keys}::text[])`;
}

const search = (query: string) => ({ action: "search_artists", query });

/** Limits small enough to reach in a test: two calls a minute, fifty an hour. */
const TWO_A_MINUTE = { env: { PROXY_CALLS_PER_MINUTE: "2", PROXY_CALLS_PER_HOUR: "50" } };

/**
 * A limits test whose callers are forgotten after it, pass or fail (their
 * quota rows and imports): `track` gives the caller keys of some headers and
 * remembers them for that.
 */
function callersTest(
  name: string,
  fn: (w: World, track: (...headers: Record<string, string>[]) => Promise<string[]>) => Promise<void>,
  options: Parameters<typeof worldTest>[2],
) {
  worldTest(name, async (w) => {
    const tracked: string[] = [];
    const track = async (...headers: Record<string, string>[]) => {
      const keys = await callerKeys(...headers);
      tracked.push(...keys);
      return keys;
    };
    try {
      await fn(w, track);
    } finally {
      await forgetCallers(w, tracked);
    }
  }, options);
}

callersTest(
  "attack: anonymous callers without the platform's address share no quota bucket and cannot mint one; signed-in callers keep their own",
  async (w, track) => {
    // no cf-connecting-ip: a request that did not come through the platform's edge, or a client naming itself
    const rotating = (last: string) => ({ apikey: PUBLISHABLE_KEY, "x-forwarded-for": `198.51.100.9, ${last}` });
    const bare = { apikey: PUBLISHABLE_KEY };
    const alice = await userHeaders(crypto.randomUUID());
    const bob = await userHeaders(crypto.randomUUID());
    const userKeys = await track(alice, bob);
    const asked = (await w.upstream.stats()).requests.ticketmaster;
    // before: each new last x-forwarded-for entry was a fresh caller (a new bucket per request), and
    // visitors with no address at all shared one "unidentified" bucket that one of them could use up
    for (const headers of [rotating(freshAddress()), rotating(freshAddress()), bare, bare, bare]) {
      const res = await w.call(ticketmaster, search("Harbor"), headers);
      assertEquals([res.status, res.body.code], [401, "caller_unidentified"], JSON.stringify(headers));
    }
    assertEquals((await w.upstream.stats()).requests.ticketmaster, asked, "nothing reached Ticketmaster");
    const [{ unidentified }] = await w.sql`
      select count(*)::int as unidentified from public.caller_quota_usage where caller_key = 'unidentified'`;
    assertEquals(unidentified, 0, "no bucket every unidentified visitor shares");

    // honest path: signed in (guest sessions will do), each caller counts on its own verified user id
    assertEquals((await w.call(ticketmaster, search("Harbor"), alice)).status, 200);
    assertEquals((await w.call(ticketmaster, search("Harbor Lights"), alice)).status, 200);
    const third = await w.call(ticketmaster, search("Glass"), alice);
    assertEquals([third.status, third.body.code], [429, "rate_limited"], "alice used up her own minute");
    assertEquals((await w.call(ticketmaster, search("Glass"), bob)).status, 200, "bob is not held by alice's calls");
    const rows = await w.sql`
      select caller_key, calls from public.caller_quota_usage
      where caller_key = any(${userKeys}::text[]) and scope = 'ticketmaster' and window_seconds = 60
      order by calls desc`;
    assertEquals(rows.map((r) => [r.caller_key, r.calls]), [[userKeys[0], 2], [userKeys[1], 1]]);
  },
  TWO_A_MINUTE,
);

callersTest(
  "a caller past its per-minute limit gets 429 rate_limited with Retry-After; forging x-forwarded-for does not help",
  async (w, track) => {
    const address = freshAddress();
    const caller = fromAddress(address);
    const other = fromAddress(freshAddress());
    const user = await userHeaders(crypto.randomUUID());
    const keys = await track(caller, other, user);
    assertEquals((await w.call(ticketmaster, search("Harbor"), caller)).status, 200);
    assertEquals((await w.call(ticketmaster, search("Harbor Lights"), caller)).status, 200);
    const asked = (await w.upstream.stats()).requests.ticketmaster;

    const refused = await ticketmaster(
      new Request("http://x/", { method: "POST", headers: caller, body: JSON.stringify(search("Glass")) }),
    );
    assertEquals(refused.status, 429);
    const body = await refused.json();
    assertEquals(body.code, "rate_limited");
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assertEquals(body.details.retry_after_seconds, retryAfter);
    assertEquals(refused.headers.get("access-control-allow-origin"), "*", "the SPA can read the refusal");

    // a new x-forwarded-for on every request (first entry or last) is still the same caller
    for (const forged of ["10.1.1.1", "192.0.2.77, 10.2.2.2", `10.3.3.3, ${freshAddress()}`]) {
      const again = await w.call(ticketmaster, search("Glass"), fromAddress(address, forged));
      assertEquals([again.status, again.body.code], [429, "rate_limited"], forged);
    }
    assertEquals((await w.upstream.stats()).requests.ticketmaster, asked, "refused calls never reached Ticketmaster");

    // the limit is per caller and per proxy
    assertEquals((await w.call(ticketmaster, search("Glass"), other)).status, 200, "another address");
    assertEquals((await w.call(ticketmaster, search("Glass"), user)).status, 200, "a signed-in (guest) user");
    assertEquals((await w.call(spotify, search("Paper Lanterns"), caller)).status, 200, "the other proxy");
    // operators holding the service-role key are not limited
    const service = { Authorization: `Bearer ${SERVICE_ROLE_KEY}`, "x-forwarded-for": address };
    for (let i = 0; i < 3; i++) assertEquals((await w.call(ticketmaster, search("Glass"), service)).status, 200);

    const [counted] = await w.sql`
      select calls from public.caller_quota_usage
      where caller_key = ${keys[0]} and scope = 'ticketmaster' and window_seconds = 60`;
    assertEquals(counted.calls, 2, "the refused calls were not counted");
  },
  TWO_A_MINUTE,
);

callersTest(
  "bad input is refused before the caller's limit is counted; the hourly window limits too",
  async (w, track) => {
    const caller = fromAddress(freshAddress());
    const [key] = await track(caller);
    for (const body of [{}, { action: "search_artists" }, { action: "toString" }, search("x".repeat(101))]) {
      const res = await w.call(ticketmaster, body, caller);
      assertEquals(res.status, 400, JSON.stringify(body));
    }
    const rows = await w.sql`select 1 from public.caller_quota_usage where caller_key = ${key}`;
    assertEquals(rows.length, 0, "nothing written for bad input");

    for (let i = 0; i < 3; i++) assertEquals((await w.call(spotify, search("Lantern"), caller)).status, 200);
    const fourth = await w.call(spotify, search("Lantern"), caller);
    assertEquals([fourth.status, fourth.body.code], [429, "rate_limited"]);
    assert(fourth.body.details.retry_after_seconds > 60, "the hour is what is full");
  },
  { env: { PROXY_CALLS_PER_MINUTE: "100", PROXY_CALLS_PER_HOUR: "3" } },
);

callersTest(
  "the proxies leave the syncs their reserve: 503 upstream_budget_exhausted while a sync still gets through",
  async (w, track) => {
    // a daily budget of 10 with half in reserve: the proxies may take 5
    const fingerprint = keyFingerprint(w.keys.ticketmaster);
    const used = async () =>
      (await w.sql`
        select requests from public.api_usage
        where provider = 'ticketmaster' and key_id = ${fingerprint} and day = (now() at time zone 'utc')::date`)[0]
        ?.requests;
    await w.sql`
      insert into public.api_usage (provider, key_id, day, requests)
      values ('ticketmaster', ${fingerprint}, (now() at time zone 'utc')::date, 4)`;
    const caller = fromAddress(freshAddress());
    await track(caller);
    const last = await w.call(ticketmaster, search("Harbor"), caller);
    assertEquals(last.status, 200, "the fifth request of the day is the proxies' last");
    assertEquals(await used(), 5);

    const asked = (await w.upstream.stats()).requests.ticketmaster;
    const refused = await w.call(ticketmaster, search("Glass"), caller);
    assertEquals([refused.status, refused.body.code], [503, "upstream_budget_exhausted"]);
    assertEquals((await w.upstream.stats()).requests.ticketmaster, asked, "Ticketmaster was not asked");
    assertEquals(await used(), 5, "a refusal spends nothing");

    // the scheduled sync draws on the whole budget, so the reserve is there for it
    const run = await w.call(tours, {
      markets: [{ city: "Chicago", countryCode: "US" }],
      page_size: 50,
      trigger: "test",
    });
    assert((await w.upstream.stats()).requests.ticketmaster > asked, "the sync reached Ticketmaster");
    assert((await used()) > 5, `the sync spent the reserve (${JSON.stringify(run.body)})`);
    assert((await used()) <= 10, "and never more than the budget");
  },
  { env: { TICKETMASTER_DAILY_BUDGET: "10", SYNC_BUDGET_RESERVE: "0.5" } },
);

callersTest(
  "a caller may have PROXY_MAX_PENDING_IMPORTS imports waiting; the next is 429 too_many_imports",
  async (w, track) => {
    const [first, second, third] = (await w.upstream.dataset()).artists.filter((a) => !a.inMarkets);
    const caller = fromAddress(freshAddress());
    const other = fromAddress(freshAddress());
    const keys = await track(caller, other);
    const importOf = (tmId: string, headers = caller) =>
      w.call(ticketmaster, { action: "import_artist", ticketmaster_id: tmId }, headers);
    const one = await importOf(first.tmId);
    const two = await importOf(second.tmId);
    assertEquals([one.status, two.status], [202, 202]);

    const asked = (await w.upstream.stats()).requests.ticketmaster;
    const refused = await ticketmaster(
      new Request("http://x/", {
        method: "POST",
        headers: caller,
        body: JSON.stringify({ action: "import_artist", ticketmaster_id: third.tmId }),
      }),
    );
    assertEquals(refused.status, 429);
    assertEquals((await refused.json()).code, "too_many_imports");
    assertEquals(refused.headers.get("retry-after"), "60");
    assertEquals(
      (await w.upstream.stats()).requests.ticketmaster,
      asked,
      "no Ticketmaster request for a refused import",
    );
    assertEquals((await w.sql`select 1 from public.import_jobs where dedupe_key = ${`tm:${third.tmId}`}`).length, 0);

    // asking again for an import already waiting joins it, at the cap or not
    const joined = await importOf(first.tmId);
    assertEquals([joined.status, joined.body.job_id], [202, one.body.job_id]);
    // another caller has slots of their own, and joining someone's import does not make it theirs
    const theirs = await importOf(third.tmId, other);
    assertEquals(theirs.status, 202);
    assertEquals((await importOf(first.tmId, other)).body.job_id, one.body.job_id);
    const owners = await w.sql`
      select dedupe_key, requested_by from public.import_jobs where id = any(${[
      one.body.job_id,
      two.body.job_id,
      theirs.body.job_id,
    ]}::bigint[]) order by id`;
    assertEquals(owners.map((r) => r.requested_by), [keys[0], keys[0], keys[1]]);

    // a finished import frees a slot
    await w.sql`update public.import_jobs set status = 'done', finished_at = now() where id = ${one.body.job_id}`;
    await w.sql`delete from public.import_jobs where id = ${theirs.body.job_id}`;
    const freed = await importOf(third.tmId);
    assertEquals(freed.status, 202);
  },
  { env: { PROXY_MAX_PENDING_IMPORTS: "2" }, pauseCronJobs: ["import-artist"] },
);
