// @vitest-environment node
// The initial-JS budget: what counts as initial, what a route weighs, and a
// real Vite build that fails over budget and passes under it.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "vite";
import { bundleBudget, type BundleReport, bundleReport, type ChunkInfo, formatReport } from "./bundle-budget.ts";

const chunk = (fileName: string, size: number, extra: Partial<ChunkInfo> = {}): ChunkInfo => ({
  fileName,
  // incompressible-ish content so gzip sizes differ by chunk
  code: Array.from({ length: size }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join(""),
  isEntry: false,
  isDynamicEntry: false,
  imports: [],
  facadeModuleId: null,
  ...extra,
});

describe("bundleReport", () => {
  const chunks = [
    chunk("index.js", 4000, { isEntry: true, imports: ["vendor.js"] }),
    chunk("vendor.js", 8000),
    chunk("ShowPage.js", 2000, {
      isDynamicEntry: true,
      imports: ["vendor.js", "shared.js"],
      facadeModuleId: "/src/pages/ShowPage.tsx",
    }),
    chunk("HomePage.js", 1000, {
      isDynamicEntry: true,
      imports: ["shared.js"],
      facadeModuleId: "/src/pages/HomePage.tsx",
    }),
    chunk("shared.js", 500),
  ];

  it("counts the entry and its static imports as initial, and routes without what is already initial", () => {
    const report = bundleReport(chunks, 1_000_000);
    expect(report.initial.files).toEqual(["index.js", "vendor.js"]);
    expect(report.routes.map((r) => [r.name, r.files])).toEqual([
      ["HomePage", ["HomePage.js", "shared.js"]],
      ["ShowPage", ["ShowPage.js", "shared.js"]],
    ]);
    expect(report.withinBudget).toBe(true);
  });

  it("is over budget when the initial gzip size exceeds it", () => {
    const within = bundleReport(chunks, 1_000_000);
    const over = bundleReport(chunks, within.initial.gzipBytes - 1);
    expect(over.withinBudget).toBe(false);
    expect(bundleReport(chunks, within.initial.gzipBytes).withinBudget).toBe(true);
    expect(formatReport(over)).toMatch(/OVER the initial budget/);
  });
});

describe("bundleBudget plugin in a real build", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "theset-budget-"));
    await writeFile(join(dir, "index.html"), `<script type="module" src="./main.js"></script>`);
    await writeFile(join(dir, "main.js"), `document.body.textContent = "${"x".repeat(3000)}"; import("./route.js");`);
    await writeFile(join(dir, "route.js"), `export const page = "${"route ".repeat(200)}";`);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const buildWith = (budgetBytes: number) =>
    build({
      root: dir,
      configFile: false,
      logLevel: "silent",
      plugins: [bundleBudget({ budgetBytes })],
      build: { outDir: join(dir, "dist"), emptyOutDir: true },
    });

  it("fails the build over budget, naming the size and the budget", async () => {
    await expect(buildWith(10)).rejects.toThrow(/initial JavaScript is \d+ bytes gzip, over the budget of 10/);
  });

  it("passes under budget and writes bundle-report.json with the route", async () => {
    await buildWith(1_000_000);
    const report = JSON.parse(await readFile(join(dir, "dist", "bundle-report.json"), "utf8")) as BundleReport;
    expect(report.withinBudget).toBe(true);
    expect(report.routes.map((r) => r.name)).toEqual(["route"]);
    expect(report.initial.gzipBytes).toBeGreaterThan(0);
  });
});
