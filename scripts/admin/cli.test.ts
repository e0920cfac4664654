// npm run admin: grant and revoke through the database URL, then what the
// gateway answers a real supabase-js session: the admin's RPC goes through, a
// fan's gets 403 with the refusal code admin_required, and so does the former
// admin's once they sign in again after a revoke.

import { createClient } from "@supabase/supabase-js";
import { assertEquals, assertRejects } from "../test/assert.ts";
import { ANON_KEY, API_URL, DB_URL, ROOT } from "../stack/config.ts";
import { adminSql } from "../stack/tests/contract/helpers.ts";
import { parseArgs, UsageError } from "./cli.ts";

const PASSWORD = "admin-test-password-1";

function runAdmin(...args: string[]): Promise<Deno.CommandOutput> {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/admin/cli.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
}

async function signedIn(email: string) {
  const client = createClient(API_URL, ANON_KEY, { auth: { persistSession: false, autoRefreshToken: false } });
  const { error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  if (error) throw error;
  return client;
}

Deno.test("arguments: grant/revoke need an email, list none; --db-url picks any database", async () => {
  const env = { get: () => undefined };
  assertEquals(parseArgs(["grant", "a@b.test"], env), { command: "grant", email: "a@b.test", dbUrl: DB_URL });
  assertEquals(parseArgs(["revoke", "a@b.test", "--db-url", "postgresql://u:p@db.example:5432/postgres"], env), {
    command: "revoke",
    email: "a@b.test",
    dbUrl: "postgresql://u:p@db.example:5432/postgres",
  });
  assertEquals(parseArgs(["list"], { get: (n: string) => n === "SUPABASE_DB_URL" ? "postgres://x@y/z" : undefined }), {
    command: "list",
    email: null,
    dbUrl: "postgres://x@y/z",
  });
  for (
    const [args, message] of [
      [["grant"], /grant needs a user's email/],
      [["grant", "not-an-email"], /grant needs a user's email/],
      [["promote", "a@b.test"], /unknown command "promote"/],
      [["grant", "a@b.test", "--db-url", "http://x"], /--db-url needs a postgres:\/\/ URL/],
    ] as [string[], RegExp][]
  ) {
    const error = await assertRejects(() => Promise.resolve().then(() => parseArgs(args, env)), message);
    assertEquals(error instanceof UsageError, true);
  }
});

Deno.test({
  name: "grant makes a user's next token an admin's; a fan and a revoked admin get 403 admin_required",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const operator = `operator-${tag}@example.test`;
    const fan = `fan-${tag}@example.test`;
    const anon = createClient(API_URL, ANON_KEY, { auth: { persistSession: false, autoRefreshToken: false } });
    for (const email of [operator, fan]) {
      const { error } = await anon.auth.signUp({ email, password: PASSWORD });
      if (error) throw error;
    }
    const sql = adminSql();
    try {
      const granted = await runAdmin("grant", operator, "--db-url", DB_URL);
      assertEquals(granted.code, 0, new TextDecoder().decode(granted.stderr));
      assertEquals((await runAdmin("grant", `nobody-${tag}@example.test`)).code, 1);

      const admin = await signedIn(operator);
      const { data, error } = await admin.rpc("admin_sync_runs", { max_rows: 1 });
      assertEquals(error, null);
      assertEquals(Array.isArray(data), true);
      const audit = await admin.from("admin_audit").select("id").limit(1);
      assertEquals(audit.error, null);

      const fanClient = await signedIn(fan);
      const refused = await fanClient.rpc("admin_sync_runs", { max_rows: 1 });
      assertEquals(refused.status, 403);
      assertEquals([refused.error?.code, refused.error?.message], ["42501", "admin_required"]);

      const revoked = await runAdmin("revoke", operator);
      assertEquals(revoked.code, 0, new TextDecoder().decode(revoked.stderr));
      const former = await signedIn(operator);
      const after = await former.rpc("admin_refresh_trending");
      assertEquals([after.status, after.error?.message], [403, "admin_required"]);
    } finally {
      await sql`delete from auth.users where email in (${operator}, ${fan})`;
      await sql.end();
    }
  },
});
