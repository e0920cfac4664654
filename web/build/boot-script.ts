// Inlines the boot script (src/app/boot.ts) into index.html, with the page
// chunks of every route, so that the opened page's data request and chunks
// start as soon as the HTML arrives instead of after the app's JavaScript
// (scripts/bench phone). The script is built here from its own small modules
// (no React DOM, no supabase-js) as one classic script: on a show page it
// paints the show's header with the page's own components (app/showShell.tsx).

import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";
import type { Plugin, ResolvedConfig } from "vite";
import { type ChunkInfo, staticClosure } from "./bundle-budget.ts";
import { PAGE_ROUTES } from "../src/app/routes.ts";
import type { RouteChunks } from "../src/app/boot.ts";

const BOOT_MODULE = fileURLToPath(new URL("../src/app/boot.ts", import.meta.url));
const ROUTER_LINK = fileURLToPath(new URL("./boot-router-link.tsx", import.meta.url));
const ENTRY_ID = "\0theset-boot-entry";

/**
 * Each route's page chunk and the chunks it imports statically, leaving out what the entry already
 * loads (Vite preloads those itself), as URLs under `base`.
 */
export function routeChunks(
  chunkList: Pick<ChunkInfo, "fileName" | "isEntry" | "imports" | "facadeModuleId">[],
  base: string,
): RouteChunks {
  const chunks = new Map(chunkList.map((chunk) => [chunk.fileName, chunk as ChunkInfo]));
  const initial = new Set<string>();
  for (const chunk of chunkList) if (chunk.isEntry) staticClosure(chunk.fileName, chunks, initial);
  const result: RouteChunks = {};
  for (const route of PAGE_ROUTES) {
    const page = chunkList.find((chunk) => chunk.facadeModuleId?.endsWith(`/src/pages/${route.page}.tsx`));
    if (!page) throw new Error(`no chunk for ${route.page} (route ${route.path}) in the build`);
    const files = [...staticClosure(page.fileName, chunks, new Set())].filter((file) => !initial.has(file));
    result[route.path] = files.map((file) => `${base}${file}`);
  }
  return result;
}

/** The boot script as one minified classic script, the app's VITE_ variables and the route chunks built in. */
export async function buildBootScript(chunks: RouteChunks, viteEnv: Record<string, string>): Promise<string> {
  const bundle = await rolldown({
    input: ENTRY_ID,
    plugins: [{
      name: "theset-boot-entry",
      // the show page's header paints before the router exists (boot-router-link.tsx)
      resolveId: (id) => id === ENTRY_ID ? id : id === "react-router-dom" ? ROUTER_LINK : null,
      load: (id) =>
        id === ENTRY_ID
          ? `import { boot } from ${JSON.stringify(BOOT_MODULE)};\nboot(${JSON.stringify(chunks)}, ${
            JSON.stringify(viteEnv)
          });\n`
          : null,
    }],
    // readSupabaseEnv's default argument; the script passes the variables itself
    // only what the script uses: the show page's modules (data/shows.ts) create React contexts and import
    // TanStack Query at their top level, none of which the boot script needs
    treeshake: { moduleSideEffects: (id: string) => id === ENTRY_ID },
    // (TanStack Query's modules say "use client", which the bundle then leaves out)
    onLog: (level, log, handler) => log.code === "MODULE_LEVEL_DIRECTIVE" ? undefined : handler(level, log),
    // (and React's production build, as in the app)
    transform: {
      define: { "import.meta.env": JSON.stringify(viteEnv), "process.env.NODE_ENV": JSON.stringify("production") },
      jsx: "react-jsx",
    },
  });
  try {
    const { output } = await bundle.generate({ format: "iife", minify: true });
    return output[0].code;
  } finally {
    await bundle.close();
  }
}

/** Vite plugin: puts the boot script at the top of index.html's head (in development without preloads). */
export function bootScript(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "theset-boot-script",
    configResolved(resolved) {
      config = resolved;
    },
    transformIndexHtml: {
      order: "post",
      async handler(_html, ctx) {
        const chunks = ctx.bundle
          ? routeChunks(
            Object.values(ctx.bundle).flatMap((output) => output.type === "chunk" ? [output] : []),
            config.base,
          )
          : {};
        const viteEnv = Object.fromEntries(
          Object.entries(config.env).filter(([key, value]) => key.startsWith("VITE_") && typeof value === "string"),
        ) as Record<string, string>;
        return [{ tag: "script", children: await buildBootScript(chunks, viteEnv), injectTo: "head-prepend" }];
      },
    },
  };
}
