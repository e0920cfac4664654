// The sync functions fail closed outside the local stack while CRON_SECRET is
// unsafe: unset, shorter than 32 characters, or the public example value from
// .env.example. Every caller then gets 503 cron_secret_not_configured, nothing
// runs or is written, and the log says why. On the local stack (SUPABASE_URL
// on the loopback interface) the example value keeps working.

import { assert, assertEquals, assertMatch } from "../../../scripts/test/assert.ts";
import { EXAMPLE_CRON_SECRET, isLocalPlatform } from "../_shared/auth.ts";
import { handler as tours } from "../sync-popular-tours/handler.ts";
import { handler as songs } from "../sync-artist-songs/handler.ts";
import { handler as setlists } from "../sync-setlists/handler.ts";
import { handler as importArtist } from "../import-artist/handler.ts";
import { CRON_SECRET, SERVICE_ROLE_KEY, type World, worldTest } from "./support/world.ts";

const HOSTED_URL = "https://abcdefghijklmnopqrst.supabase.co";
const DRY_RUN = { markets: [{ city: "Chicago", countryCode: "US" }], dry_run: true, trigger: "test" };

/** Runs `fn` with SUPABASE_URL and CRON_SECRET set (undefined: unset), then puts both back. */
async function withDeployment<T>(url: string, secret: string | undefined, fn: () => Promise<T>): Promise<T> {
  const before = { url: Deno.env.get("SUPABASE_URL"), secret: Deno.env.get("CRON_SECRET") };
  Deno.env.set("SUPABASE_URL", url);
  if (secret === undefined) Deno.env.delete("CRON_SECRET");
  else Deno.env.set("CRON_SECRET", secret);
  try {
    return await fn();
  } finally {
    for (const [name, value] of [["SUPABASE_URL", before.url], ["CRON_SECRET", before.secret]] as const) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  }
}

/** Everything written to console.error while `fn` runs (the functions' warn and error log lines). */
async function capturingErrors<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    return { result: await fn(), lines };
  } finally {
    console.error = original;
  }
}

async function runCount(w: World): Promise<number> {
  const [{ n }] = await w.sql`select count(*)::int as n from public.sync_runs`;
  return n;
}

Deno.test("the local stack is recognised by SUPABASE_URL on the loopback interface only", async () => {
  const cases: [string, boolean][] = [
    ["http://127.0.0.1:54321", true],
    ["http://localhost:54321", true],
    ["http://[::1]:54321", true],
    [HOSTED_URL, false],
    ["http://kong:8000", false],
    ["http://127.0.0.1.example.com", false],
    ["not a url", false],
  ];
  for (const [url, local] of cases) {
    assertEquals(await withDeployment(url, CRON_SECRET, () => Promise.resolve(isLocalPlatform())), local, url);
  }
});

worldTest("outside the local stack an unsafe CRON_SECRET is a 503 for every caller; nothing runs", async (w) => {
  const before = await runCount(w);
  const unsafe: [string | undefined, RegExp][] = [
    [EXAMPLE_CRON_SECRET, /public example value/],
    [undefined, /not set/],
    ["", /not set/],
    ["0123456789abcdef0123456789abcde", /shorter than 32/],
  ];
  for (const [secret, reason] of unsafe) {
    const callers: Record<string, string>[] = [
      { Authorization: `Bearer ${secret ?? ""}` },
      { "x-cron-secret": secret ?? "" },
      { Authorization: `Bearer ${SERVICE_ROLE_KEY}` },
      {},
    ];
    for (const headers of callers) {
      for (const handler of [tours, songs, setlists, importArtist]) {
        const { result, lines } = await capturingErrors(() =>
          withDeployment(HOSTED_URL, secret, () => w.call(handler, DRY_RUN, headers))
        );
        assertEquals(result.status, 503, `${secret}: ${JSON.stringify(headers)}`);
        assertEquals(result.body.code, "cron_secret_not_configured");
        assert(!JSON.stringify(result.body).includes(EXAMPLE_CRON_SECRET), "the answer never echoes the secret");
        const logged = lines.map((line) => JSON.parse(line)).find((l) => l.event === "cron_secret_not_configured");
        assert(logged, "a log line says why");
        assertEquals(logged.level, "error");
        assertMatch(logged.reason, reason);
      }
    }
  }
  assertEquals(await runCount(w), before, "no run recorded");
  assertEquals((await w.upstream.stats()).requests.ticketmaster, 0, "no provider asked");
});

worldTest(
  "a random secret of 32+ characters is accepted outside the local stack; a wrong one is still 401",
  async (w) => {
    const strong = crypto.randomUUID().replaceAll("-", "");
    assertEquals(strong.length, 32);
    await withDeployment(HOSTED_URL, strong, async () => {
      const ok = await w.call(tours, DRY_RUN, { Authorization: `Bearer ${strong}` });
      assertEquals(ok.status, 200, JSON.stringify(ok.body));
      const wrong = await w.call(tours, DRY_RUN, { Authorization: `Bearer ${EXAMPLE_CRON_SECRET}` });
      assertEquals([wrong.status, wrong.body.code], [401, "unauthorized"]);
    });
  },
);

worldTest("on the local stack the example value still works, as .env.example ships it", async (w) => {
  await withDeployment("http://127.0.0.1:54321", EXAMPLE_CRON_SECRET, async () => {
    const ok = await w.call(tours, DRY_RUN, { Authorization: `Bearer ${EXAMPLE_CRON_SECRET}` });
    assertEquals(ok.status, 200, JSON.stringify(ok.body));
    const wrong = await w.call(tours, DRY_RUN, { Authorization: "Bearer local-cron-secret-change-m" });
    assertEquals([wrong.status, wrong.body.code], [401, "unauthorized"]);
  });
});
