// Unit and component tests (npm run test:web), in jsdom. The component tests
// run against the real local stack that the npm test harness starts and
// describes in SUPABASE_URL / SUPABASE_PUBLISHABLE_KEY / SUPABASE_SECRET_KEY (and
// the legacy SUPABASE_ANON_KEY / SUPABASE_SERVICE_ROLE_KEY) / SUPABASE_DB_URL; the app's own variables point at the same stack. The
// browser tests have their own config in e2e/.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { realtimeOnDemandAlias } from "./build/realtime-on-demand.ts";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  // the app's realtime client, loaded on first use, as in the build; supabase-js is run through Vite
  // (not loaded by Node as it is) so that its import of realtime-js takes the alias
  resolve: { alias: [realtimeOnDemandAlias] },
  test: {
    server: { deps: { inline: ["@supabase/supabase-js"] } },
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}", "build/**/*.test.ts"],
    setupFiles: ["./test/setup.ts"],
    pool: "threads",
    maxWorkers: 2,
    // a test waits for the real stack (sign-ins, the show page's queries, a realtime join)
    testTimeout: 20_000,
    hookTimeout: 20_000,
    env: {
      VITE_SUPABASE_URL: process.env.SUPABASE_URL ?? "",
      // the app runs with the publishable key, as on a project created today
      VITE_SUPABASE_PUBLISHABLE_KEY: process.env.SUPABASE_PUBLISHABLE_KEY ?? "",
    },
  },
});
