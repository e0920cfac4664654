// Starts what the browser tests need and stops it afterwards: a production
// build of the SPA (in a temporary folder, so web/dist is left alone) served
// by Vite's preview server on a free port, talking to the running stack.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";
import type { TestProject } from "vitest/node";
import { stackEnv } from "./env.ts";
import { ensureDemoData } from "./demo-data.ts";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
  }
}

const configFile = fileURLToPath(new URL("../vite.config.ts", import.meta.url));

export default async function setup(project: TestProject) {
  const env = stackEnv();
  // Vite gives variables already in the environment precedence over .env
  process.env.VITE_SUPABASE_URL = env.supabaseUrl;
  process.env.VITE_SUPABASE_PUBLISHABLE_KEY = env.publishableKey;

  await ensureDemoData(env);

  const outDir = await mkdtemp(join(tmpdir(), "theset-e2e-build-"));
  // vitest runs with NODE_ENV=test, which would make Vite bundle React's development build
  const testNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile, mode: "production", logLevel: "warn", build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = testNodeEnv;
  }
  const server = await preview({
    configFile,
    logLevel: "warn",
    build: { outDir },
    preview: { port: 0, host: "127.0.0.1", strictPort: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === "string") throw new Error("the preview server has no TCP address");
  project.provide("appUrl", `http://127.0.0.1:${address.port}`);

  return async () => {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  };
}
