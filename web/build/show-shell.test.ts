// @vitest-environment node
// The show page's first frame as the boot script paints it (src/app/showShell.tsx),
// run as the build makes it (buildBootScript: one classic script, React
// Router's Link replaced by build/boot-router-link.tsx) in a document (jsdom):
// from the boot request's answer it paints exactly what the app's show page
// renders for the same row while the setlists load, for shows of every shape
// the header has; text stays text; and it paints nothing once the app has the
// page, or for a show that does not exist.

import { createRequire } from "node:module";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildBootScript } from "./boot-script.ts";
import { type ShowDetail, toShowDetail } from "../src/data/shows.ts";
import { SetlistsSkeleton, ShowPageFrame } from "../src/pages/ShowHeader.tsx";
import { paintShowFrame } from "../src/app/showShell.tsx";
import { SHELL_GLOBAL, type ShellState } from "../src/lib/bootData.ts";

// jsdom (vitest's own document) ships no types: the part used here. A window of its own per visit, in
// which the built script runs as in a page (its own globals, location and fetch).
const { JSDOM } = createRequire(import.meta.url)("jsdom") as {
  JSDOM: new (html: string, options?: { url?: string; runScripts?: "outside-only" }) => { window: Window };
};

const SHOW_ID = "5d1c2b9a-0000-4000-8000-00000000000a";
const artist = (name: string, synthetic = false) => ({
  id: crypto.randomUUID(),
  name,
  slug: name.toLowerCase().replace(/\W+/g, "-"),
  image_url: null,
  synthetic,
});
const headliner = artist('Night <b>Signal</b> & "Co"', true);

/** Show rows as PostgREST answers the boot request (SHOW_PAGE_SELECT), in every shape the header renders. */
const ROWS: Record<string, Record<string, unknown>> = {
  "everything: a synthetic artist, a venue page in its zone, support, tickets": {
    id: SHOW_ID,
    name: "<img src=x onerror=alert(1)> Live",
    starts_at: "2027-03-05T01:30:00Z",
    local_date: "2027-03-04",
    date_tba: false,
    time_tba: false,
    voting_closes_at: "2027-03-05T01:30:00Z",
    status: "scheduled",
    ticket_url: "https://tickets.example/1?a=1&b=2",
    artist: headliner,
    venue: {
      id: "v1",
      slug: "the-hall",
      name: "The Hall",
      city: "Montréal",
      state: null,
      country: "CA",
      timezone: "America/Toronto",
    },
    // the headliner and an entry without an artist are left out, the rest ordered by billing
    support: [
      { billing_position: 3, artist: artist("Third Act") },
      { billing_position: 0, artist: headliner },
      { billing_position: 2, artist: artist("Second Act") },
      { billing_position: 1, artist: null },
    ],
    setlists: [],
  },
  "nothing known: no artist, no venue, date to be announced, cancelled": {
    id: SHOW_ID,
    name: "Mystery Show",
    starts_at: null,
    local_date: null,
    date_tba: true,
    time_tba: true,
    voting_closes_at: null,
    status: "cancelled",
    ticket_url: "https://tickets.example/cancelled",
    artist: null,
    venue: null,
    support: [],
    setlists: [],
  },
  "time to be announced, postponed, a venue without a page or zone": {
    id: SHOW_ID,
    name: "Tour Stop",
    starts_at: null,
    local_date: "2027-06-01",
    date_tba: false,
    time_tba: true,
    voting_closes_at: "2027-06-01T04:00:00Z",
    status: "postponed",
    ticket_url: null,
    artist: artist("Real Band"),
    venue: { id: "v2", name: "Field", city: "Austin", state: "TX", country: "US", timezone: null },
    support: null,
    setlists: [],
  },
  "played": {
    id: SHOW_ID,
    name: "Last Night",
    starts_at: "2026-01-10T20:00:00Z",
    local_date: "2026-01-10",
    date_tba: false,
    time_tba: false,
    voting_closes_at: "2026-01-10T20:00:00Z",
    status: "completed",
    ticket_url: null,
    artist: artist("Old Band"),
    venue: { id: "v3", slug: "club", name: "Club", city: null, state: null, country: null, timezone: "Europe/London" },
    support: [],
    setlists: [],
  },
};

/** The markup with every element's attributes in one order (React and the DOM order them differently). */
function normalized(root: Node): string {
  const copy = root.cloneNode(true) as Element;
  for (const element of [copy, ...copy.querySelectorAll("*")]) {
    const attributes = [...element.attributes].map((a) => [a.name, a.value]).sort(([a], [b]) => a.localeCompare(b));
    for (const [name] of attributes) element.removeAttribute(name);
    for (const [name, value] of attributes) element.setAttribute(name, value);
  }
  return copy.innerHTML;
}

/** What the app's show page renders for `row` while its setlists load. */
function appMarkup(row: Record<string, unknown>, document: Document): string {
  const show = toShowDetail(row as unknown as ShowDetail);
  const frame = createElement(ShowPageFrame, { show, children: createElement(SetlistsSkeleton) });
  const holder = document.createElement("main");
  holder.innerHTML = renderToStaticMarkup(createElement(MemoryRouter, null, frame));
  return normalized(holder);
}

const viteEnv = Object.fromEntries(
  Object.entries(import.meta.env).filter(([key, value]) => key.startsWith("VITE_") && typeof value === "string"),
) as Record<string, string>;

interface Opened {
  main: HTMLElement;
  shell: ShellState;
  document: Document;
}

/**
 * Opens a show's path in a window of its own with the static frame's <main> in the root (as the HTML's
 * inline script leaves it), and runs the built boot script there, its request answered with `rows`.
 */
async function bootWith(code: string, rows: unknown): Promise<Opened> {
  const dom = new JSDOM(
    '<!doctype html><html><head></head><body><div id="root"><main id="main"><div class="skeleton">Loading show…</div></main></div></body></html>',
    { url: `http://127.0.0.1:5173/shows/${SHOW_ID}`, runScripts: "outside-only" },
  );
  const window = dom.window as unknown as Window & Record<string, unknown> & { eval: (code: string) => void };
  const main = window.document.querySelector("main")!;
  const shell: ShellState = { nodes: [main] };
  window[SHELL_GLOBAL] = shell;
  const fetch = vi.fn((_url: string) => Promise.resolve(new Response(JSON.stringify(rows))));
  window.fetch = fetch as unknown as typeof window.fetch;
  window.eval(code);
  expect(fetch).toHaveBeenCalledTimes(1);
  expect(fetch.mock.calls[0][0]).toContain(`/rest/v1/shows?select=`);
  // the answer's json and the paint are a few microtasks later
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { main, shell, document: window.document };
}

describe("the show page's first frame, painted by the built boot script", () => {
  let code: string;
  beforeAll(async () => {
    code = await buildBootScript({}, viteEnv);
  }, 60_000);

  for (const [shape, row] of Object.entries(ROWS)) {
    it(`is the app's own render of the show, ${shape}`, async () => {
      const { main, shell, document } = await bootWith(code, [row]);
      expect(shell.painted).toBe(true);
      expect(shell.route).toBe("/shows/:showId");
      expect(normalized(main)).toBe(appMarkup(row, document));
      expect(main.querySelector("h1")?.textContent).toBe(row.name);
    });
  }

  it("keeps the show's words as text: no element comes from the data", async () => {
    const row = ROWS["everything: a synthetic artist, a venue page in its zone, support, tickets"];
    const { main } = await bootWith(code, [row]);
    expect(main.querySelector("img")).toBeNull();
    expect(main.querySelector("b")).toBeNull();
    expect(main.querySelector(".card-kicker")?.textContent).toBe(headliner.name);
    expect(main.textContent).toContain("With Second Act, Third Act");
  });

  it("paints nothing for a show that does not exist: the page's skeleton stays for the app", async () => {
    const { main, shell } = await bootWith(code, []);
    expect(shell.painted).toBeUndefined();
    expect(main.textContent).toBe("Loading show…");
  });
});

describe("paintShowFrame", () => {
  const { document } = new JSDOM("<!doctype html><html><body></body></html>").window;

  it("paints nothing once the app's first render has taken the frame out of the document", () => {
    const main = document.createElement("main");
    const shell: ShellState = { nodes: [main] };
    expect(paintShowFrame([ROWS.played], shell, document)).toBe(false);
    expect(main.childNodes).toHaveLength(0);
    expect(shell.painted).toBeUndefined();
  });

  it("leaves the skeleton when the header cannot be rendered statically (React Router's Link needs its router)", () => {
    document.body.innerHTML = "<main><p>Loading show…</p></main>";
    const main = document.querySelector("main")!;
    const shell: ShellState = { nodes: [main] };
    // in the app's module graph Link is React Router's, which calls hooks: the static renderer refuses it
    expect(paintShowFrame([ROWS.played], shell, document)).toBe(false);
    expect(main.textContent).toBe("Loading show…");
  });
});
