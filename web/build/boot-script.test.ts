// @vitest-environment node
// The boot script's build: every route's page chunks (without what the entry
// already loads), and the app's real build with the script at the top of
// index.html, carrying the show page's chunks and the app's settings.

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "vite";
import { routeChunks } from "./boot-script.ts";
import { PAGE_ROUTES } from "../src/app/routes.ts";

const pageChunk = (page: string, imports: string[] = []) => ({
  fileName: `${page}.js`,
  isEntry: false,
  imports,
  facadeModuleId: `/app/src/pages/${page}.tsx`,
});

describe("routeChunks", () => {
  const entry = { fileName: "index.js", isEntry: true, imports: ["vendor.js"], facadeModuleId: "/app/index.html" };
  const vendor = { fileName: "vendor.js", isEntry: false, imports: [], facadeModuleId: null };
  const pages = [...new Set(PAGE_ROUTES.map((route) => route.page))].map((page) =>
    page === "ShowPage" ? pageChunk(page, ["vendor.js", "votes.js"]) : pageChunk(page, ["vendor.js"])
  );
  const votes = { fileName: "votes.js", isEntry: false, imports: [], facadeModuleId: null };

  it("gives each route its page chunk and what that pulls in, without what the entry loads", () => {
    const chunks = routeChunks([entry, vendor, votes, ...pages], "/base/");
    expect(chunks["/shows/:showId"]).toEqual(["/base/ShowPage.js", "/base/votes.js"]);
    expect(chunks["/"]).toEqual(["/base/HomePage.js"]);
    expect(Object.keys(chunks)).toEqual(PAGE_ROUTES.map((route) => route.path));
  });

  it("fails the build when a route's page has no chunk", () => {
    const withoutShowPage = pages.filter((chunk) => chunk.fileName !== "ShowPage.js");
    expect(() => routeChunks([entry, vendor, ...withoutShowPage], "/")).toThrow(/no chunk for ShowPage/);
  });
});

describe("the app's build", () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("puts the boot script first in index.html, with the show page's chunks and the app's URL", async () => {
    dir = await mkdtemp(join(tmpdir(), "theset-boot-"));
    // vitest runs with NODE_ENV=test, which would make Vite bundle React's development build
    const testNodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({
        configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
        mode: "production",
        logLevel: "silent",
        build: { outDir: join(dir, "dist"), emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = testNodeEnv;
    }
    const html = await readFile(join(dir, "dist", "index.html"), "utf8");
    const head = html.slice(html.indexOf("<head>") + "<head>".length).trimStart();
    expect(head.startsWith("<script>")).toBe(true);
    const script = head.slice("<script>".length, head.indexOf("</script>"));
    expect(script).toMatch(/\/shows\/:showId`?"?:\[[^\]]*\/assets\/ShowPage-[\w-]+\.js/);
    expect(script).toContain(process.env.VITE_SUPABASE_URL ?? "");
    // a classic script: no module syntax left in it
    expect(script).not.toMatch(/\bimport\b|\bexport\b|import\.meta/);

    // the stylesheet comes with it (build/inline-css.ts)
    expect(html).not.toMatch(/<link rel="stylesheet"/);
    expect(html).toMatch(/<style>[^<]*\.hero\{/);
    // the home page's first frame is in it once (build/home-shell.ts)
    expect(html.split("Predict the setlist.")).toHaveLength(2);
    // realtime-js (its Phoenix protocol's join) is not in the initial JavaScript but in a chunk of its own
    const entry = html.match(/<script type="module" crossorigin src="\/assets\/(index-[\w-]+\.js)">/)?.[1];
    expect(entry).toBeDefined();
    const assets = join(dir, "dist", "assets");
    const withJoin = [];
    for (const file of await readdir(assets)) {
      if (file.endsWith(".js") && (await readFile(join(assets, file), "utf8")).includes("phx_join")) {
        withJoin.push(file);
      }
    }
    expect(withJoin).toHaveLength(1);
    expect(withJoin).not.toContain(entry);
  }, 120_000);
});
