// normalize_song_title against the shared cases in supabase/tests/fixtures/song_titles.json,
// the same file a TypeScript mirror of the rule (in the sync) is tested against.

import postgres from "postgres";
import { assertEquals } from "../../../scripts/test/assert.ts";
import { DB_URL, REPO_ROOT } from "../support/env.ts";

interface TitleCase {
  title: string;
  key: string;
}

const casesFile = `${REPO_ROOT}/supabase/tests/fixtures/song_titles.json`;

Deno.test("normalize_song_title gives every shared case its key", async () => {
  const { cases } = JSON.parse(await Deno.readTextFile(casesFile)) as { cases: TitleCase[] };
  const sql = postgres(DB_URL, {
    max: 1,
  });
  try {
    const titles = cases.map((c) => c.title);
    const rows = await sql`
      select t.title, public.normalize_song_title(t.title) as key
      from unnest(${titles}::text[]) with ordinality as t(title, ord) order by t.ord`;
    assertEquals(rows.map((row) => ({ title: row.title, key: row.key })), cases);
  } finally {
    await sql.end({ timeout: 5 });
  }
});
