// scripts/write-env.sh (run by npm run setup): .env from .env.example with a
// fresh random CRON_SECRET, never the example's public placeholder, and an
// existing .env left alone.

import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertNotEquals } from "./test/assert.ts";
import { ROOT } from "./stack/config.ts";
import { EXAMPLE_CRON_SECRET } from "../supabase/functions/_shared/auth.ts";

const SCRIPT = join(ROOT, "scripts", "write-env.sh");
const EXAMPLE = await Deno.readTextFile(join(ROOT, ".env.example"));

async function writeEnv(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command("sh", { args: [SCRIPT, dir], stdout: "piped", stderr: "piped" }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

async function projectCopy(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "theset-env-" });
  await Deno.writeTextFile(join(dir, ".env.example"), EXAMPLE);
  return dir;
}

const secretOf = (env: string) => env.match(/^CRON_SECRET=(.*)$/m)?.[1];

Deno.test(".env.example carries the placeholder the functions refuse outside the local stack", () => {
  assertEquals(secretOf(EXAMPLE), EXAMPLE_CRON_SECRET);
});

Deno.test("a fresh .env gets a random 48-hex CRON_SECRET, owner-only, everything else as in the example", async () => {
  const [one, two] = [await projectCopy(), await projectCopy()];
  try {
    for (const dir of [one, two]) {
      const run = await writeEnv(dir);
      assertEquals(run.code, 0, run.stderr);
      assertMatch(run.stdout, /random CRON_SECRET/);
    }
    const [a, b] = [await Deno.readTextFile(join(one, ".env")), await Deno.readTextFile(join(two, ".env"))];
    assertMatch(secretOf(a)!, /^[0-9a-f]{48}$/);
    assertNotEquals(secretOf(a), secretOf(b), "each machine its own secret");
    assert(!a.includes(EXAMPLE_CRON_SECRET), "the placeholder is gone");
    assertEquals(
      a.replace(/^CRON_SECRET=.*$/m, "CRON_SECRET=x"),
      EXAMPLE.replace(/^CRON_SECRET=.*$/m, "CRON_SECRET=x"),
      "every other line is the example's",
    );
    assertEquals((await Deno.stat(join(one, ".env"))).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(one, { recursive: true });
    await Deno.remove(two, { recursive: true });
  }
});

Deno.test("an existing .env is never rewritten; without .env.example nothing is written", async () => {
  const dir = await projectCopy();
  try {
    await Deno.writeTextFile(join(dir, ".env"), "CRON_SECRET=mine\nTICKETMASTER_API_KEY=kept\n");
    const again = await writeEnv(dir);
    assertEquals(again.code, 0);
    assertEquals(await Deno.readTextFile(join(dir, ".env")), "CRON_SECRET=mine\nTICKETMASTER_API_KEY=kept\n");

    await Deno.remove(join(dir, ".env"));
    await Deno.remove(join(dir, ".env.example"));
    const missing = await writeEnv(dir);
    assertEquals(missing.code, 1);
    assertMatch(missing.stderr, /\.env\.example not found/);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), [], "no .env and no temporary file");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
