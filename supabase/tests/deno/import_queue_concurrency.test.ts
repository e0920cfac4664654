// claim_import_jobs from several workers at once: every due job is claimed by
// exactly one of them (for update skip locked), none twice, none waiting.

import postgres from "postgres";
import { assertEquals } from "../../../scripts/test/assert.ts";
import { DB_URL } from "../support/env.ts";

const JOBS = 60;
const WORKERS = 6;

Deno.test("concurrent workers claim disjoint import jobs", async () => {
  const sql = postgres(DB_URL, {
    max: WORKERS + 1,
    onnotice: () => {},
  });
  const prefix = `concurrency:${crypto.randomUUID()}:`;
  try {
    const keys = Array.from({ length: JOBS }, (_, i) => prefix + i);
    const ids = (await sql`
      select public.enqueue_import('artist_import', key, '{}'::jsonb) as id from unnest(${keys}::text[]) key`)
      .map((row) => String(row.id));

    // each worker claims small batches inside its own transaction until nothing of ours is left
    const claimedBy = await Promise.all(Array.from({ length: WORKERS }, async () => {
      const mine: string[] = [];
      for (;;) {
        const batch = await sql.begin(async (tx) => {
          await tx`select set_config('role', 'service_role', true)`;
          const rows = await tx`select id, dedupe_key from public.claim_import_jobs('artist_import', 4)`;
          // jobs queued by other tests or the app are not ours to hold
          const others = rows.filter((row) => !String(row.dedupe_key).startsWith(prefix)).map((row) => row.id);
          if (others.length) {
            await tx`
              update public.import_jobs set status = 'queued', attempts = attempts - 1, locked_at = null
              where id = any(${others}::bigint[])`;
          }
          return rows.filter((row) => String(row.dedupe_key).startsWith(prefix)).map((row) => String(row.id));
        });
        if (batch.length === 0) break;
        mine.push(...batch);
      }
      return mine;
    }));

    const all = claimedBy.flat();
    assertEquals(all.length, JOBS, "every job was claimed once");
    assertEquals(new Set(all), new Set(ids), "and they are exactly the queued jobs");
    const [{ running, attempts }] = await sql`
      select count(*) filter (where status = 'running')::int as running, sum(attempts)::int as attempts
      from public.import_jobs where dedupe_key like ${prefix + "%"}`;
    assertEquals([running, attempts], [JOBS, JOBS], "each is running after one attempt");
  } finally {
    await sql`delete from public.import_jobs where dedupe_key like ${prefix + "%"}`;
    await sql.end({ timeout: 5 });
  }
});
