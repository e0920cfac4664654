// The boundary check finds every way a product file can reach into
// scripts/stack (imports, re-exports, dynamic imports, URLs, spawned commands,
// paths built from pieces), and leaves comments and other scripts alone.

import { assertEquals } from "../test/assert.ts";
import { namesPlatform, platformReferences } from "./boundaries.ts";

const lines = (path: string, source: string) => platformReferences(path, source).map((v) => [v.line, v.text]);

Deno.test("platformReferences: imports, re-exports, dynamic imports and type imports of scripts/stack", () => {
  const source = [
    `import { createUpstream } from "../../../../scripts/stack/upstream/server.ts";`,
    `export { generateDataset } from "../../../../scripts/stack/upstream/fixtures.ts";`,
    `export * from "../../scripts/stack/config.ts";`,
    `import type { Upstream } from "../../scripts/./stack/upstream/server.ts";`,
    `const mod = await import("../../scripts/stack/cli.ts");`,
  ].join("\n");
  assertEquals(lines("supabase/functions/tests/support/x.ts", source), [
    [1, "../../../../scripts/stack/upstream/server.ts"],
    [2, "../../../../scripts/stack/upstream/fixtures.ts"],
    [3, "../../scripts/stack/config.ts"],
    [4, "../../scripts/./stack/upstream/server.ts"],
    [5, "../../scripts/stack/cli.ts"],
  ]);
});

Deno.test("platformReferences: URLs, spawned commands and paths built from pieces", () => {
  const source = [
    `const u = new URL("../../scripts/stack/upstream/main.ts", import.meta.url);`,
    `await run("deno", ["run", "-A", "scripts/stack/cli.ts", "first-sync"]);`,
    "const t = `${ROOT}/scripts/stack/cli.ts`;",
    `const j = join(ROOT, "scripts", "stack", "cli.ts");`,
    `const c = "scripts/" + "stack/cli.ts";`,
  ].join("\n");
  assertEquals(lines("web/e2e/x.ts", source), [
    [1, "../../scripts/stack/upstream/main.ts"],
    [2, "scripts/stack/cli.ts"],
    [3, "/scripts/stack/cli.ts"],
    [4, "scripts/stack/cli.ts"],
    [5, "scripts/stack/cli.ts"],
  ]);
  // TSX parses too, and JSON (an import map, package.json) is read as text
  assertEquals(lines("web/src/X.tsx", `export const X = () => <a href={"/scripts/stack/"}>x</a>;`).length, 1);
  assertEquals(lines("supabase/functions/deno.json", `{\n  "imports": { "stack/": "../../scripts/stack/" }\n}`), [
    [2, "../../scripts/stack/"],
  ]);
});

Deno.test("platformReferences: comments, other scripts and look-alike names are not references", () => {
  const source = [
    `// the local gateway plays Cloudflare's part (scripts/stack/gateway/forwarded.ts)`,
    `/** measured by scripts/stack's bench */`,
    `import { assertEquals } from "../../../scripts/test/assert.ts";`,
    `const s = join(ROOT, "scripts", "sync", "cli.ts");`,
    `const other = "scripts/stacked/x.ts";`,
    `const words = ["scripts", "stacks"];`,
  ].join("\n");
  assertEquals(lines("supabase/functions/tests/x.test.ts", source), []);
  assertEquals(namesPlatform("scripts/stack"), true);
  assertEquals(namesPlatform("../scripts/stack/../test/assert.ts"), false, "it resolves . and .. first");
});
