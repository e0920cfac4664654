// normalize_song_title against the shared cases in supabase/tests/fixtures/song_titles.json, and
// parse_song_title (whose display title the sync stores) giving each case the same key.

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

Deno.test("parse_song_title: the display title the sync stores keeps every shared case's key", async () => {
  const { cases } = JSON.parse(await Deno.readTextFile(casesFile)) as { cases: TitleCase[] };
  const sql = postgres(DB_URL, { max: 1 });
  try {
    const rows = await sql`
      select t.title, public.normalize_song_title(p.display) as key
      from unnest(${cases.map((c) => c.title)}::text[]) with ordinality as t(title, ord)
      cross join lateral public.parse_song_title(t.title) as p
      where p.normalized = public.normalize_song_title(p.display)
      order by t.ord`;
    assertEquals(rows.map((row) => ({ title: row.title, key: row.key })), cases);
  } finally {
    await sql.end({ timeout: 5 });
  }
});
