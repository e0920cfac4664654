// The SPA's build. Vite's root is web/, but the environment comes from the
// project's .env (VITE_SUPABASE_URL, VITE_SUPABASE_PUBLISHABLE_KEY or the legacy
// VITE_SUPABASE_ANON_KEY) so the app and the
// local stack always agree on ports and keys.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { bundleBudget } from "./build/bundle-budget.ts";
import { bootScript } from "./build/boot-script.ts";
import { homeShell } from "./build/home-shell.ts";
import { inlineCss } from "./build/inline-css.ts";
import { realtimeOnDemandAlias } from "./build/realtime-on-demand.ts";

const webDir = fileURLToPath(new URL(".", import.meta.url));
const budget = JSON.parse(readFileSync(new URL("./budget.json", import.meta.url), "utf8")) as {
  initialJsGzipBytes: number;
};

export default defineConfig({
  root: webDir,
  envDir: fileURLToPath(new URL("..", import.meta.url)),
  plugins: [react(), bootScript(), homeShell(), inlineCss(), bundleBudget({ budgetBytes: budget.initialJsGzipBytes })],
  resolve: { alias: [realtimeOnDemandAlias] },
  server: { host: "127.0.0.1", strictPort: true },
  preview: { host: "127.0.0.1", strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
});
