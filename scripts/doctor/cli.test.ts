// npm run doctor against the running stack (every check passes once each sync
// has run) and against broken setups: a wrong secret, an API nobody answers,
// a database nobody answers. Each failure is its own line with its fix, and
// the exit code is 1.

import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../test/assert.ts";
import { ROOT } from "../stack/config.ts";
import { freePort } from "../stack/tests/contract/helpers.ts";

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
      .filter((line) => !/^(CRON_SECRET|VITE_SUPABASE_ANON_KEY|TICKETMASTER_DAILY_BUDGET)=/.test(line))
      .concat(["CRON_SECRET=too-short", "VITE_SUPABASE_ANON_KEY=not-a-jwt", "TICKETMASTER_DAILY_BUDGET=lots"])
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
    assertMatch(result.out, /^FAIL env VITE_SUPABASE +VITE_SUPABASE_ANON_KEY is not a JWT/m);
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
