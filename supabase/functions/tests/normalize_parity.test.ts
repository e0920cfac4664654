// The sync's TypeScript text rules against the database's own (the catalog
// migration's normalize_song_title and slugify): same answers on the shared
// cases, on every title of the synthetic catalogs and setlists, and on
// awkward inputs. The database keeps songs.normalized_title by trigger, so a
// mismatch would split or merge songs behind the sync's back.

import postgres from "postgres";
import { assertEquals } from "../../../scripts/test/assert.ts";
import { REPO_ROOT as ROOT } from "./support/stack.ts";
import { datasetFor } from "./support/upstream.ts";
import { normalizeSongTitle, parseTitle, slugify } from "../_shared/mappers/normalize.ts";
import { DB_URL } from "./support/world.ts";

const shared = JSON.parse(await Deno.readTextFile(`${ROOT}/supabase/tests/fixtures/song_titles.json`)) as {
  cases: { title: string; key: string }[];
};
const dataset = await datasetFor({ today: "2026-11-25" });
const datasetTitles = [
  ...[...dataset.tracksByAlbum.values()].flat().map((t) => String(t.name)),
  ...dataset.allSetlists.flatMap((s) =>
    ((s.sets as { set: { song: { name: string }[] }[] }).set ?? []).flatMap((set) => set.song.map((song) => song.name))
  ),
];
const awkward = [
  "",
  " ",
  "?",
  "(Demo)",
  "Live",
  "- Live -",
  "Song (Live) (Remastered) [Deluxe]",
  "Song (Live at X) Part 2",
  "Song - Part 2 - Live",
  "Song—Live",
  "Song –  Remix",
  "Song feat.Someone",
  "Feat. Intro",
  "Song (with Someone)",
  "Song [Bonus Track]",
  "Song (From “The Film” Soundtrack)",
  "Ｆｕｌｌｗｉｄｔｈ Song",
  "ﬁne ligature",
  "İstanbul",
  "Ærøskøbing Þórr",
  "Song™ ©",
  "東京 (Live)",
  "Привет - Remastered",
  "A\u00a0B",
  "Don`t ´Stop´ ʼNow",
  "Rock'n'Roll & More",
];

Deno.test("normalize_song_title: the TypeScript mirror gives every shared case its key", () => {
  assertEquals(shared.cases.map((c) => ({ title: c.title, key: normalizeSongTitle(c.title) })), shared.cases);
});

Deno.test({
  name: "normalize_song_title and slugify: TypeScript and SQL agree on every title and name",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
    try {
      const titles = [...new Set([...shared.cases.map((c) => c.title), ...datasetTitles, ...awkward])];
      const rows = await sql<{ key: string }[]>`
        select public.normalize_song_title(t) as key from unnest(${titles}::text[]) with ordinality as u(t, o) order by o`;
      const mismatches = titles.filter((t, i) => normalizeSongTitle(t) !== rows[i].key).map((t, i) => ({
        title: t,
        ts: normalizeSongTitle(t),
        sql: rows[titles.indexOf(t)].key,
        i,
      }));
      assertEquals(mismatches, [], `${titles.length} titles compared`);

      const names = [...dataset.artists.map((a) => a.name), ...awkward, "Beyoncé & Jay-Z", "Guns N' Roses", "AC/DC"];
      const slugs = await sql<{ slug: string }[]>`
        select public.slugify(n) as slug from unnest(${names}::text[]) with ordinality as u(n, o) order by o`;
      assertEquals(names.map((n) => slugify(n)), slugs.map((s) => s.slug));
    } finally {
      await sql.end({ timeout: 2 });
    }
  },
});

Deno.test("the title the sync stores has the key of the title it came from", () => {
  // songs.title holds parseTitle().display and the trigger keys it: that key must be the original's
  const titles = [...new Set([...shared.cases.map((c) => c.title), ...datasetTitles])];
  const drift = titles.filter((t) => normalizeSongTitle(parseTitle(t).display) !== normalizeSongTitle(t));
  assertEquals(drift, []);
});
