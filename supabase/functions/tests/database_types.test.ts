// The sync's row shapes and the proxies' reads are typed from the generated
// database types (_shared/tables.ts), so a migration that renames or retypes a
// column they use fails `deno check`. Proved on a scratch copy of
// supabase/functions whose database.types.ts is edited the way `npm run
// db:types` would rewrite it after such a migration: the unedited copy checks,
// each edited one does not, naming the column.

import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../../../scripts/test/assert.ts";
import { REPO_ROOT as ROOT } from "./support/stack.ts";

const FUNCTIONS = join(ROOT, "supabase", "functions");
// inside the project (so deno.json and node_modules resolve) but in the git-ignored .stack folder
const SCRATCH_PARENT = join(ROOT, ".stack");
// the code a schema change must not slip past: the mappers (the writers' rows), the writers, the jobs, the proxies
const ENTRIES = [
  "_shared/writers/tours.ts",
  "_shared/writers/songs.ts",
  "_shared/writers/setlists.ts",
  "_shared/sync/jobs/import.ts",
  "ticketmaster/handler.ts",
  "spotify/handler.ts",
];

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name === "tests") continue;
    const source = join(from, entry.name);
    if (entry.isDirectory) await copyTree(source, join(to, entry.name));
    else if (entry.isFile) await Deno.copyFile(source, join(to, entry.name));
  }
}

async function check(dir: string): Promise<{ code: number; output: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", ...ENTRIES.map((entry) => join(dir, entry))],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, output: decoder.decode(out.stdout) + decoder.decode(out.stderr) };
}

/** A schema change, as it shows in the regenerated types: [what, edit, what the error must name]. */
const CHANGES: [string, (types: string) => string, RegExp][] = [
  ["artists.mbid renamed", (t) => t.replaceAll('"mbid"', '"musicbrainz_id"'), /mbid/],
  ["songs.normalized_title renamed", (t) => t.replaceAll('"normalized_title"', '"title_key"'), /normalized_title/],
  ["import_jobs.dedupe_key renamed", (t) => t.replaceAll('"dedupe_key"', '"job_key"'), /dedupe_key/],
  ["show_status loses postponed", (t) => t.replace('|"postponed"|', "|"), /postponed/],
];

Deno.test({
  name: "a schema change that breaks the sync's rows or the proxies' reads fails deno check",
  sanitizeResources: false,
  async fn(t) {
    await Deno.mkdir(SCRATCH_PARENT, { recursive: true });
    const scratch = await Deno.makeTempDir({ dir: SCRATCH_PARENT, prefix: "types-check-" });
    const typesPath = join(scratch, "_shared", "database.types.ts");
    try {
      await copyTree(FUNCTIONS, scratch);
      const original = await Deno.readTextFile(typesPath);

      await t.step("the unedited copy checks", async () => {
        const result = await check(scratch);
        assertEquals(result.code, 0, result.output);
      });

      for (const [what, edit, names] of CHANGES) {
        await t.step(what, async () => {
          const edited = edit(original);
          assert(edited !== original, `the edit for "${what}" changed nothing: the generated file's format moved`);
          await Deno.writeTextFile(typesPath, edited);
          try {
            const result = await check(scratch);
            assert(result.code !== 0, `${what}: deno check passed, so the code does not use the generated types`);
            assertMatch(result.output, /TS\d{4}/);
            assertMatch(result.output, names);
          } finally {
            await Deno.writeTextFile(typesPath, original);
          }
        });
      }
    } finally {
      await Deno.remove(scratch, { recursive: true });
    }
  },
});
