// @vitest-environment node
// The static shells of the home and show pages: rendered from the app's own components (the
// hero's words come from HomePage.tsx, once), kept in an inert template, and
// copied into the root only on the home page's path, before any module runs.

import { describe, expect, it } from "vitest";
import { renderShells, ROOT_MARKUP, withShells } from "./home-shell.ts";

const HERO_TITLE = "Predict the setlist.";
const HERO_TEXT = "Vote the songs you think they&#x27;ll play";

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

const page = (body: string) => `<!doctype html><html><head></head><body>${body}</body></html>`;

describe("the home shell", () => {
  let shells: Record<string, string>;

  it("is the app's first frame of the home page: the frame, the hero and the sections' skeletons", async () => {
    shells = await renderShells();
    expect(Object.keys(shells)).toEqual(["/", "/shows/:showId"]);
    const home = shells["/"];
    expect(count(home, `<h1 id="hero-title">${HERO_TITLE}</h1>`)).toBe(1);
    expect(count(home, HERO_TEXT)).toBe(1);
    expect(home).toContain('<header class="site-header">');
    expect(home).toContain('role="search"');
    // no data yet: the sections wait on their skeletons, as the app's first render does
    expect(home).toContain("Loading trending shows");
  }, 60_000);

  it("has the show page's first frame before its data: the frame and the page's skeleton, no show", () => {
    const show = shells["/shows/:showId"];
    expect(show).toContain('<header class="site-header">');
    expect(count(show, '<main id="main" tabindex="-1">')).toBe(1);
    expect(show).toContain("Loading show");
    expect(show).not.toContain("<h1");
    expect(show).not.toContain(HERO_TITLE);
  });

  it("goes into index.html once, in a template after the root", () => {
    const html = withShells(page(`${ROOT_MARKUP}<script type="module" src="/app.js"></script>`), shells);
    expect(count(html, `${ROOT_MARKUP}<template data-shell-path="/">`)).toBe(1);
    expect(count(html, `<template data-shell-path="/shows/:showId">`)).toBe(1);
    expect(count(html, HERO_TITLE)).toBe(1);
    expect(count(html, HERO_TEXT)).toBe(1);
  });

  it("refuses an index.html without the root to put it after", () => {
    expect(() => withShells(page('<div id="app"></div>'), { "/": "<p>x</p>" })).toThrow(/no <div id="root">/);
  });
});
