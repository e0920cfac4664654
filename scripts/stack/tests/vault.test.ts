// stack:up's Vault step: project_url and cron_secret are created once, left
// alone when equal, updated when changed, and never stored in clear.

import postgres from "postgres";
import { assertEquals, assertNotEquals } from "../../test/assert.ts";
import { API_URL, DB_URL } from "../config.ts";
import { ensureVaultSecrets } from "../vault.ts";

Deno.test("ensureVaultSecrets creates, keeps, updates, and encrypts", async () => {
  const sql = postgres(Deno.env.get("SUPABASE_DB_URL") || DB_URL, { max: 1, onnotice: () => {} });
  const read = async () =>
    Object.fromEntries(
      (await sql<{ name: string; decrypted_secret: string; secret: string }[]>`
        select name, decrypted_secret, secret from vault.decrypted_secrets where name in ('project_url', 'cron_secret')`)
        .map((r) => [r.name, r]),
    );
  // the stack's real secrets, which the test replaces: put back exactly these afterwards
  const before = await read();
  try {
    await sql`delete from vault.secrets where name in ('project_url', 'cron_secret')`;
    const created = await ensureVaultSecrets({ projectUrl: "http://vault-test.invalid", cronSecret: "first-secret" });
    assertEquals(created.map((o) => o.action), ["created", "created"]);
    const same = await ensureVaultSecrets({ projectUrl: "http://vault-test.invalid", cronSecret: "first-secret" });
    assertEquals(same.map((o) => o.action), ["unchanged", "unchanged"]);
    const changed = await ensureVaultSecrets({ projectUrl: "http://vault-test.invalid", cronSecret: "second-secret" });
    assertEquals(changed.map((o) => o.action), ["unchanged", "updated"]);
    const stored = await read();
    assertEquals(stored.cron_secret.decrypted_secret, "second-secret");
    assertNotEquals(stored.cron_secret.secret, "second-secret", "the table holds ciphertext");
    const [{ n }] = await sql`select count(*)::int as n from vault.secrets where name = 'cron_secret'`;
    assertEquals(n, 1, "updated in place, not duplicated");
    // with no values it stores what stack:up stores
    await ensureVaultSecrets();
    assertEquals((await read()).project_url.decrypted_secret, API_URL);
  } finally {
    // restore the values found before (ensureVaultSecrets() alone would keep
    // "second-secret" when this process has no CRON_SECRET); no asserting here,
    // so a failure above is the one reported
    try {
      await ensureVaultSecrets({
        projectUrl: before.project_url?.decrypted_secret,
        cronSecret: before.cron_secret?.decrypted_secret,
      });
      const absent = ["project_url", "cron_secret"].filter((name) => !(name in before));
      if (absent.length > 0) await sql`delete from vault.secrets where name in ${sql(absent)}`;
    } finally {
      await sql.end({ timeout: 2 });
    }
  }
});
