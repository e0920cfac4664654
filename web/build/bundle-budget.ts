// Checks the initial JavaScript budget at build time and reports every route's
// own weight. "Initial" is the entry chunk plus everything it imports
// statically: what the browser must download before the first page renders.
// A route's weight is its lazily loaded chunk plus the chunks only it pulls in
// (chunks already in the initial set are not counted again).

import { gzipSync } from "node:zlib";
import { basename, extname } from "node:path";
import type { Plugin } from "vite";

/** The part of a Rollup/Rolldown output chunk this report needs. */
export interface ChunkInfo {
  fileName: string;
  code: string;
  isEntry: boolean;
  isDynamicEntry: boolean;
  imports: string[];
  facadeModuleId: string | null;
}

export interface BundleReport {
  initial: { files: string[]; gzipBytes: number };
  routes: { name: string; files: string[]; gzipBytes: number }[];
  budgetBytes: number;
  withinBudget: boolean;
}

export function staticClosure(start: string, chunks: Map<string, ChunkInfo>, into: Set<string>): Set<string> {
  const pending = [start];
  while (pending.length) {
    const file = pending.pop()!;
    if (into.has(file)) continue;
    const chunk = chunks.get(file);
    if (!chunk) continue;
    into.add(file);
    pending.push(...chunk.imports);
  }
  return into;
}

function routeName(chunk: ChunkInfo): string {
  const source = chunk.facadeModuleId ?? chunk.fileName;
  return basename(source, extname(source));
}

export function bundleReport(chunkList: ChunkInfo[], budgetBytes: number): BundleReport {
  const chunks = new Map(chunkList.map((chunk) => [chunk.fileName, chunk]));
  const gzipSizes = new Map<string, number>();
  const gzipSize = (file: string) => {
    let size = gzipSizes.get(file);
    if (size === undefined) {
      size = gzipSync(chunks.get(file)!.code, { level: 9 }).length;
      gzipSizes.set(file, size);
    }
    return size;
  };
  const sum = (files: Iterable<string>) => [...files].reduce((total, file) => total + gzipSize(file), 0);

  const initialFiles = new Set<string>();
  for (const chunk of chunkList) if (chunk.isEntry) staticClosure(chunk.fileName, chunks, initialFiles);

  const routes = chunkList
    .filter((chunk) => chunk.isDynamicEntry && !initialFiles.has(chunk.fileName))
    .map((chunk) => {
      const own = [...staticClosure(chunk.fileName, chunks, new Set())].filter((file) => !initialFiles.has(file));
      return { name: routeName(chunk), files: own.sort(), gzipBytes: sum(own) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  const initialBytes = sum(initialFiles);
  return {
    initial: { files: [...initialFiles].sort(), gzipBytes: initialBytes },
    routes,
    budgetBytes,
    withinBudget: initialBytes <= budgetBytes,
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export function formatReport(report: BundleReport): string {
  const rows: [string, string][] = [
    ["initial (entry + static imports)", kb(report.initial.gzipBytes)],
    ...report.routes.map((route): [string, string] => [`route ${route.name}`, kb(route.gzipBytes)]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, size]) => `  ${label.padEnd(width)}  ${size.padStart(9)} gzip`);
  const verdict = report.withinBudget
    ? `within the initial budget of ${kb(report.budgetBytes)}`
    : `OVER the initial budget of ${kb(report.budgetBytes)} by ${kb(report.initial.gzipBytes - report.budgetBytes)}`;
  return ["JavaScript sizes:", ...lines, `  ${verdict}`].join("\n");
}

/** Vite plugin: prints the report, writes bundle-report.json, fails the build over budget. */
export function bundleBudget(options: { budgetBytes: number }): Plugin {
  return {
    name: "theset-bundle-budget",
    apply: "build",
    generateBundle(_outputOptions, bundle) {
      const chunks: ChunkInfo[] = [];
      for (const output of Object.values(bundle)) {
        if (output.type !== "chunk") continue;
        chunks.push({
          fileName: output.fileName,
          code: output.code,
          isEntry: output.isEntry,
          isDynamicEntry: output.isDynamicEntry,
          imports: output.imports,
          facadeModuleId: output.facadeModuleId,
        });
      }
      const report = bundleReport(chunks, options.budgetBytes);
      this.emitFile({ type: "asset", fileName: "bundle-report.json", source: JSON.stringify(report, null, 2) });
      console.log(formatReport(report));
      if (!report.withinBudget) {
        this.error(
          `initial JavaScript is ${report.initial.gzipBytes} bytes gzip, over the budget of ${report.budgetBytes} (web/budget.json)`,
        );
      }
    },
  };
}
