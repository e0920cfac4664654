// Puts the home page's first frame into index.html (src/app/shell.tsx renders
// it from the app's components at build time), so a phone paints the home
// page's hero as soon as the HTML and the stylesheet are in, before the app's
// JavaScript has arrived (scripts/bench phone). index.html serves every path,
// so the markup waits in a <template> (inert: never painted, never in the
// document's text) and a small inline script right after the root copies it in
// only when the opened path is the shell's. The app's first render replaces it
// with the same tree.

import { fileURLToPath } from "node:url";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Plugin } from "vite";

import { SHELL_GLOBAL } from "../src/lib/bootData.ts";

const run = promisify(execFile);

export const ROOT_MARKUP = '<div id="root"></div>';

/**
 * Renders the static shell of each shell path with Vite's own module pipeline (JSX, import.meta.glob), in a
 * Node process of its own: React's builds are chosen by NODE_ENV when first loaded, and the process running
 * the build may have loaded another than the production one (a test run does).
 */
export async function renderShells(): Promise<Record<string, string>> {
  const render = `
    import { createServer } from "vite";
    import react from "@vitejs/plugin-react";
    const server = await createServer({
      configFile: false, root: ${JSON.stringify(fileURLToPath(new URL("..", import.meta.url)))}, logLevel: "silent",
      plugins: [react()], appType: "custom", server: { middlewareMode: true, hmr: false, ws: false },
    });
    try {
      const shell = await server.ssrLoadModule(${
    JSON.stringify(fileURLToPath(new URL("../src/app/shell.tsx", import.meta.url)))
  });
      const shells = {};
      for (const route of Object.keys(shell.SHELL_ROUTES)) shells[route] = await shell.renderShell(route);
      process.stdout.write(JSON.stringify(shells));
    } finally {
      await server.close();
    }`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "--eval", render], {
    cwd: fileURLToPath(new URL(".", import.meta.url)),
    env: { ...process.env, NODE_ENV: "production" },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, string>;
}

/**
 * The script that copies the opened route's shell, if any, into the root; runs while the HTML is parsed.
 * The boot script names the route (the show page's route serves every show's path); without it, the path
 * itself. The copied top nodes stay on the shell's global, so the boot script can paint into them while
 * they are in the document (SHELL_GLOBAL, src/app/showShell.tsx).
 */
export const COPY_SHELL = `(function(){var r=document.getElementById("root"),` +
  `s=window.${SHELL_GLOBAL}=window.${SHELL_GLOBAL}||{},p=s.route||location.pathname;` +
  `document.querySelectorAll("template[data-shell-path]").forEach(function(t){` +
  `if(t.getAttribute("data-shell-path")===p&&!r.firstChild){var c=t.content.cloneNode(true);` +
  `s.nodes=[].slice.call(c.childNodes);r.appendChild(c)}})})()`;

/** index.html with each shell in a template after the root, and the script that copies the right one in. */
export function withShells(html: string, shells: Record<string, string>): string {
  if (!html.includes(ROOT_MARKUP)) throw new Error(`index.html has no ${ROOT_MARKUP} to put the shell after`);
  const templates = Object.entries(shells)
    .map(([path, markup]) => `<template data-shell-path="${path}">${markup}</template>`)
    .join("");
  return html.replace(ROOT_MARKUP, `${ROOT_MARKUP}${templates}<script>${COPY_SHELL}</script>`);
}

/** Vite plugin: the home shell in the built index.html (not in development, where the app renders itself). */
export function homeShell(): Plugin {
  return {
    name: "theset-home-shell",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      async handler(html) {
        return withShells(html, await renderShells());
      },
    },
  };
}
