// The production build of web/ for the browser benchmarks (spa.ts, phone.ts): vite
// builds it against the bench stack, a small server serves it as a static host
// would (gzip, cache headers, client routes to index.html), and headless Chromium
// (Debian's, with the e2e tests' flags) loads it. withBuiltApp does all three and
// takes them down again.

import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type Browser, chromium } from "playwright-core";
import { ROOT } from "../stack/config.ts";
import { PUBLISHABLE_KEY } from "../stack/keys.ts";
import { CHROMIUM_ARGS } from "../../web/e2e/chromium-flags.ts";

export const CHROMIUM = Deno.env.get("THESET_CHROMIUM") ?? "/usr/bin/chromium";

export interface BundleReport {
  initial: { files: string[]; gzipBytes: number };
  routes: { name: string; files: string[]; gzipBytes: number }[];
  budgetBytes: number;
  withinBudget: boolean;
}

export const STATIC_PAGE =
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>static baseline</title></head>
<body><main><h1>Static baseline</h1><ol aria-label="Predicted setlist (static)">${
    Array.from({ length: 20 }, (_, i) => `<li data-song-id="${i + 1}">Song ${i + 1}</li>`).join("")
  }</ol></main></body></html>`;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

const gzipped = new Map<string, Uint8Array<ArrayBuffer>>();

/** A file of the build, gzipped when the browser accepts it and it is text (as every static host does). */
async function staticFile(request: Request, file: string, headers: Record<string, string>): Promise<Response> {
  const body = await Deno.readFile(file);
  const text = /^(text\/|application\/json|image\/svg)/.test(headers["content-type"]);
  if (!text || !/\bgzip\b/.test(request.headers.get("accept-encoding") ?? "")) return new Response(body, { headers });
  let zipped = gzipped.get(file);
  if (!zipped) gzipped.set(file, zipped = new Uint8Array(gzipSync(body, { level: 9 })));
  return new Response(zipped, { headers: { ...headers, "content-encoding": "gzip", vary: "accept-encoding" } });
}

/** Serves the build like a static host: files as they are (gzipped), any other path gets index.html (client routing). */
export function serveBuild(dir: string): { url: string; close: () => Promise<void> } {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    const path = decodeURIComponent(new URL(request.url).pathname);
    if (path === "/bench-static.html") {
      return new Response(STATIC_PAGE, { headers: { "content-type": TYPES[".html"] } });
    }
    const file = path.includes("..") ? null : join(dir, path);
    try {
      if (file && (await Deno.stat(file)).isFile) {
        const type = TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream";
        // as a static host serves a Vite build: hashed assets forever, the HTML revalidated
        const cache = path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
        return await staticFile(request, file, { "content-type": type, "cache-control": cache });
      }
    } catch {
      // not a file: the app's route
    }
    return await staticFile(request, join(dir, "index.html"), {
      "content-type": TYPES[".html"],
      "cache-control": "no-cache",
    });
  });
  const { port } = server.addr as Deno.NetAddr;
  return { url: `http://127.0.0.1:${port}`, close: () => server.shutdown() };
}

export async function buildApp(apiUrl: string, outDir: string): Promise<BundleReport> {
  const out = await new Deno.Command("node", {
    args: [
      join(ROOT, "node_modules", "vite", "bin", "vite.js"),
      "build",
      "--config",
      join(ROOT, "web", "vite.config.ts"),
      "--outDir",
      outDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    cwd: ROOT,
    // variables in the environment win over .env: the build talks to the bench stack
    env: { VITE_SUPABASE_URL: apiUrl, VITE_SUPABASE_PUBLISHABLE_KEY: PUBLISHABLE_KEY, NODE_ENV: "production" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`vite build failed: ${new TextDecoder().decode(out.stderr).slice(-500)}`);
  return JSON.parse(await Deno.readTextFile(join(outDir, "bundle-report.json")));
}

export interface BuiltApp {
  bundle: BundleReport;
  /** where serveBuild serves it */
  url: string;
  browser: Browser;
}

/** Builds the app against apiUrl, serves it and launches Chromium for use; closes all and removes the build after. */
export async function withBuiltApp<T>(apiUrl: string, prefix: string, use: (app: BuiltApp) => Promise<T>): Promise<T> {
  const outDir = await Deno.makeTempDir({ prefix });
  let served: { url: string; close: () => Promise<void> } | null = null;
  let browser: Browser | null = null;
  try {
    const bundle = await buildApp(apiUrl, outDir);
    served = serveBuild(outDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    return await use({ bundle, url: served.url, browser });
  } finally {
    await browser?.close();
    await served?.close();
    await Deno.remove(outDir, { recursive: true }).catch(() => {});
  }
}
