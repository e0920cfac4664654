// Puts the two secrets the scheduled syncs read into the local Vault on every
// `stack:up`: project_url (the gateway, where pg_net reaches the functions)
// and cron_secret (CRON_SECRET from .env). Idempotent: an equal secret is left
// alone, a changed one updated. On hosted Supabase an operator does the same
// once with vault.create_secret (README).

import postgres from "postgres";
import { API_URL, DB_URL } from "./config.ts";

export interface VaultOutcome {
  name: string;
  action: "created" | "updated" | "unchanged" | "skipped";
}

async function ensureSecret(
  sql: postgres.Sql,
  name: string,
  value: string,
  description: string,
): Promise<VaultOutcome> {
  const [existing] = await sql<{ id: string; decrypted_secret: string }[]>`
    select id::text, decrypted_secret from vault.decrypted_secrets where name = ${name}`;
  if (!existing) {
    await sql`select vault.create_secret(${value}, ${name}, ${description})`;
    return { name, action: "created" };
  }
  if (existing.decrypted_secret === value) return { name, action: "unchanged" };
  await sql`select vault.update_secret(${existing.id}::uuid, ${value})`;
  return { name, action: "updated" };
}

export async function ensureVaultSecrets(
  values: { projectUrl?: string; cronSecret?: string | undefined } = {},
): Promise<VaultOutcome[]> {
  const projectUrl = values.projectUrl ?? API_URL;
  const cronSecret = values.cronSecret ?? Deno.env.get("CRON_SECRET")?.trim();
  const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
  try {
    const outcomes = [
      await ensureSecret(sql, "project_url", projectUrl, "where pg_cron's jobs reach the edge functions"),
    ];
    if (cronSecret) {
      outcomes.push(
        await ensureSecret(sql, "cron_secret", cronSecret, "the secret pg_cron sends to the sync functions"),
      );
    } else {
      // without it the jobs fail with sync_not_configured, which sync_health shows
      outcomes.push({ name: "cron_secret", action: "skipped" });
    }
    return outcomes;
  } finally {
    await sql.end({ timeout: 2 });
  }
}
