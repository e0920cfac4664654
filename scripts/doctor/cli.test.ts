// npm run doctor against the running stack (every check passes once each sync
// has run) and against broken setups: a wrong secret, an API nobody answers,
// a database nobody answers. Each failure is its own line with its fix, and
// the exit code is 1.

import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../test/assert.ts";
import { ROOT } from "../stack/config.ts";
import { adminSql, freePort } from "../stack/tests/contract/helpers.ts";
import { checkNetQueue } from "./database_checks.ts";
import type { CheckResult } from "./checks.ts";

/** thrown to roll a transaction back on purpose */
class RolledBack extends Error {}

async function doctor(...args: string[]): Promise<{ code: number; out: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/doctor/cli.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: output.code, out: new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr) };
}

Deno.test("the local stack passes every check (after each sync has run once)", async () => {
  let result = await doctor();
  if (/FAIL sync /.test(result.out)) {
    // a fresh stack (stack:up without npm start) has never synced: run each job once, as npm start does
    const sync = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "scripts/sync/cli.ts", "all", "--limit", "3"],
      cwd: ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    assertEquals(sync.code, 0, new TextDecoder().decode(sync.stderr));
    result = await doctor();
  }
  assertEquals(result.code, 0, result.out);
  for (
    const name of ["env CRON_SECRET", "provider ticketmaster", "provider spotify", "provider setlist.fm", "api"]
  ) assertMatch(result.out, new RegExp(`^ok +${name} `, "m"));
  for (const name of ["vault project_url", "vault cron_secret", "cron scheduled", "cron last runs", "pg_net queue"]) {
    assertMatch(result.out, new RegExp(`^ok +${name} `, "m"));
  }
  assertMatch(result.out, /^ok +sync sync-popular-tours +last run [\d.]+ h ago/m);
  assertMatch(result.out, /^all \d+ checks passed$/m);
});

Deno.test("a broken setup: each failure on its own line with its fix, exit code 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "doctor-" });
  try {
    const env = (await Deno.readTextFile(join(ROOT, ".env")))
      .split("\n")
      .filter((line) => !/^(CRON_SECRET|VITE_SUPABASE_\w+_KEY|TICKETMASTER_DAILY_BUDGET)=/.test(line))
      .concat([
        "CRON_SECRET=too-short",
        "VITE_SUPABASE_PUBLISHABLE_KEY=sb_secret_wrongkind",
        "TICKETMASTER_DAILY_BUDGET=lots",
      ])
      .join("\n");
    await Deno.writeTextFile(join(dir, ".env"), env);
    const closed = await freePort();
    const result = await doctor("--env-file", join(dir, ".env"), "--api-url", `http://127.0.0.1:${closed}`);
    assertEquals(result.code, 1, result.out);
    assertMatch(
      result.out,
      /^FAIL env CRON_SECRET +9 characters, under 32\n +fix: CRON_SECRET=\$\(openssl rand -hex 32\)/m,
    );
    assertMatch(result.out, /^FAIL env providers +TICKETMASTER_DAILY_BUDGET is not a positive number/m);
    assertMatch(result.out, /^FAIL env VITE_SUPABASE +VITE_SUPABASE_PUBLISHABLE_KEY is not a publishable key/m);
    assertMatch(result.out, /^FAIL api +unreachable/m);
    assertMatch(
      result.out,
      /^FAIL vault cron_secret +differs from \.env CRON_SECRET\n +fix: store \.env's CRON_SECRET/m,
    );
    // what is not broken still passes
    assertMatch(result.out, /^ok +vault project_url /m);
    assertMatch(result.out, /^5 of \d+ checks failed$/m);

    const noDb = await doctor("--db-url", `postgresql://postgres:postgres@127.0.0.1:${closed}/postgres`);
    assertEquals(noDb.code, 1, noDb.out);
    assertMatch(noDb.out, /^FAIL database .*\n +fix: start the stack \(npm run stack:up\) or pass --db-url/m);
    assert(!/vault|cron scheduled/.test(noDb.out), "no database checks run without a database");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad usage exits 2", async () => {
  const result = await doctor("--db-url", "mysql://nope");
  assertEquals(result.code, 2);
  assertMatch(result.out, /usage: npm run doctor/);
});

Deno.test({
  name: "pg_net queue: a request the worker cannot take is a failure; one it takes passes",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const sql = adminSql();
    const closed = await freePort();
    try {
      // a stopped worker, as far as this transaction sees: the queue is locked against its claim,
      // and the request is queued in here (rolled back afterwards, so nothing is ever sent)
      let stalled: CheckResult | null = null;
      await sql.begin(async (tx) => {
        await tx`lock table net.http_request_queue in exclusive mode`;
        await tx`select net.http_get(url := ${`http://127.0.0.1:${closed}/doctor-stalled`})`;
        stalled = await checkNetQueue(tx as unknown as Parameters<typeof checkNetQueue>[0], 1_000);
        throw new RolledBack();
      }).catch((error) => {
        if (!(error instanceof RolledBack)) throw error;
      });
      assert(stalled !== null);
      stalled = stalled as CheckResult;
      assertEquals(stalled.ok, false, JSON.stringify(stalled));
      assertMatch(stalled.detail, /still queued after 1 s/);
      assertMatch(stalled.fix ?? "", /net\.worker_restart/);

      // the running stack's worker takes a committed request at once (it answers with a connection error)
      await sql`select net.http_get(url := ${`http://127.0.0.1:${closed}/doctor-drained`})`;
      const drained = await checkNetQueue(sql, 10_000);
      assertEquals(drained.ok, true, JSON.stringify(drained));
    } finally {
      await sql.end();
    }
  },
});
