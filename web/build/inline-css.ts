// Puts the app's stylesheet into index.html instead of linking it. A linked
// stylesheet blocks the first paint until it has arrived: on a phone's slow
// network one more request of about 0.6 s after the HTML (scripts/bench phone),
// in front of the home page's hero, which the HTML carries (home-shell.ts).
// Inline, it comes with the HTML; at about 4 kB gzip it costs the HTML less
// than the request it saves. The stylesheets of lazily loaded chunks are left
// to Vite, linked when their chunk loads.

import type { Plugin } from "vite";

const STYLESHEET_LINK = /<link rel="stylesheet"(?: crossorigin)? href="([^"]+)">/g;

/** index.html with each linked stylesheet found in `stylesheets` (by URL) inlined in its place. */
export function inlineStylesheets(html: string, stylesheets: Record<string, string>): string {
  return html.replace(STYLESHEET_LINK, (link, href: string) => {
    const css = stylesheets[href];
    if (css === undefined) return link;
    // a "</style" inside the CSS would end the element early
    if (/<\/style/i.test(css)) throw new Error(`${href} contains "</style": left linked`);
    return `<style>${css}</style>`;
  });
}

/** Vite plugin: the entry's stylesheets inlined into the built index.html. */
export function inlineCss(): Plugin {
  let base = "/";
  return {
    name: "theset-inline-css",
    apply: "build",
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const stylesheets: Record<string, string> = {};
        for (const output of Object.values(ctx.bundle ?? {})) {
          if (output.type === "asset" && output.fileName.endsWith(".css")) {
            stylesheets[`${base}${output.fileName}`] = String(output.source);
          }
        }
        return inlineStylesheets(html, stylesheets);
      },
    },
  };
}
