// The home shell's inline script, run in a document (jsdom): it copies the
// shell into the root on the home page's path only, before any module runs,
// and the template stays inert.

import { describe, expect, it } from "vitest";
import { COPY_SHELL, ROOT_MARKUP, withShells } from "./home-shell.ts";
import { SHELL_GLOBAL, type ShellState } from "../src/lib/bootData.ts";

const HERO_TITLE = "Predict the setlist.";
const SHELLS = {
  "/": `<main><section class="hero"><h1>${HERO_TITLE}</h1><p>words</p></section></main>`,
  "/shows/:showId": `<header>TheSet</header><main><p>Loading show</p></main>`,
};

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/**
 * The document index.html makes when opened at `path`, its inline script run as the parser would run it;
 * `route`: the route the boot script named, if it ran.
 */
function open(path: string, route?: string): Document {
  (globalThis as Record<string, unknown>)[SHELL_GLOBAL] = route ? { route } : undefined;
  const html = withShells(`<!doctype html><html><head></head><body>${ROOT_MARKUP}</body></html>`, SHELLS);
  history.replaceState(null, "", path);
  document.documentElement.innerHTML = html.slice(html.indexOf("<head>"), html.lastIndexOf("</html>"));
  // scripts set through innerHTML do not run: run the one the HTML carries
  expect(html).toContain(`<script>${COPY_SHELL}</script>`);
  new Function(COPY_SHELL)();
  return document;
}

describe("the shell's inline script", () => {
  it("copies the home shell into the root on / only; the template stays inert", () => {
    const home = open("/");
    expect(home.querySelector("#root h1")?.textContent).toBe(HERO_TITLE);
    expect(home.querySelectorAll("#root .hero p")).toHaveLength(1);
    expect(count(home.body.textContent ?? "", HERO_TITLE)).toBe(1);

    for (const path of ["/shows/3b1f0f4e-0000-4000-8000-000000000000", "/search", "/index.html"]) {
      expect(open(path).querySelector("#root")?.childNodes).toHaveLength(0);
    }
  });

  it("copies the show page's frame on the route the boot script named, and keeps its nodes for the boot script", () => {
    const show = open("/shows/3b1f0f4e-0000-4000-8000-000000000000", "/shows/:showId");
    const root = show.querySelector("#root")!;
    expect(root.querySelector("main")?.textContent).toBe("Loading show");
    const shell = (globalThis as Record<string, unknown>)[SHELL_GLOBAL] as ShellState;
    expect(shell.nodes).toEqual([...root.childNodes]);
    expect(shell.route).toBe("/shows/:showId");
    // another route's name copies nothing
    expect(open("/search", "/search").querySelector("#root")?.childNodes).toHaveLength(0);
  });
});
