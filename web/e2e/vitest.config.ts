// Browser tests (npm run test:e2e): playwright-core driving Debian's Chromium
// against the running stack. The global setup builds the SPA, serves it with
// Vite's preview server pointed at the stack, makes sure the demo data is
// there, and stops what it started.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    // every page a test visits must have been checked with axe (e2e/accessibility.ts)
    setupFiles: ["e2e/accessibility-setup.ts"],
    // one browser at a time: the machine has two cores shared with the stack
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
