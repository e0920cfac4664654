// npm run sync's argument parsing: jobs by slug or short name, the flags, and
// one clear usage error for anything else.

import { assertEquals, assertRejects } from "../test/assert.ts";
import { parseArgs, UsageError } from "./cli.ts";

Deno.test("jobs by slug, short name or all; flags become the function's body", () => {
  assertEquals(parseArgs(["tours"]), { jobs: ["sync-popular-tours"], body: { trigger: "manual" } });
  assertEquals(parseArgs(["sync-setlists", "--limit", "7", "--dry-run"]), {
    jobs: ["sync-setlists"],
    body: { trigger: "manual", limit: 7, dry_run: true },
  });
  assertEquals(
    parseArgs(["songs", "--artist", "00000000-0000-4000-8000-000000000000"]).body.artist_id,
    "00000000-0000-4000-8000-000000000000",
  );
  assertEquals(parseArgs(["all"]).jobs, ["sync-popular-tours", "sync-artist-songs", "sync-setlists", "import-artist"]);
});

Deno.test("anything else is a usage error that says what is wrong", async () => {
  for (
    const [args, message] of [
      [["nonsense"], /unknown job "nonsense"/],
      [["tours", "--limit"], /--limit needs an integer from 1 to 1000/],
      [["tours", "--limit", "0"], /--limit needs an integer/],
      [["tours", "--limit", "abc"], /--limit needs an integer/],
      [["tours", "--artist", "x"], /--artist needs an artist's uuid/],
      [["tours", "--force"], /unknown option --force/],
    ] as [string[], RegExp][]
  ) {
    const error = await assertRejects(() => Promise.resolve().then(() => parseArgs(args)), message);
    assertEquals(error instanceof UsageError, true);
  }
});
