// Every page renders at desktop and phone width without a script error, and
// is screenshotted for a look (which runs axe on it: accessibility.ts).

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";
import { connect } from "./db.ts";

const appUrl = inject("appUrl");
let browser: Browser;
let show: { id: string; name: string; artist_name: string; slug: string };
/** a show that is over, with the setlist that was played and no prediction (the demo's past shows have none) */
let pastShow: { id: string; name: string };

beforeAll(async () => {
  const sql = connect();
  try {
    [show] = await sql<typeof show[]>`
      select sh.id, sh.name, a.name as artist_name, a.slug
      from public.shows sh join public.artists a on a.id = sh.artist_id
      where sh.status = 'scheduled' and sh.starts_at > now()
      order by sh.starts_at, sh.id limit 1`;
    [pastShow] = await sql<typeof pastShow[]>`
      select sh.id, sh.name from public.shows sh
      where sh.status = 'completed'
        and exists (select 1 from public.setlists s where s.show_id = sh.id and s.kind = 'actual')
        and not exists (select 1 from public.setlists s where s.show_id = sh.id and s.kind = 'predicted')
      order by sh.local_date desc, sh.id limit 1`;
  } finally {
    await sql.end();
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const PAGES = [
  { path: "/", name: "home", heading: "Predict the setlist." },
  { path: () => `/shows/${show.id}`, name: "show", heading: () => show.name },
  { path: () => `/shows/${pastShow.id}`, name: "past-show", heading: () => pastShow.name },
  { path: () => `/artists/${show.slug}`, name: "artist-page", heading: () => show.artist_name },
  { path: "/search?q=synthetic", name: "search", heading: "Search" },
  { path: "/account", name: "account", heading: "Create your account" },
  { path: "/status", name: "status", heading: "Sync status" },
  { path: "/no/such/page", name: "not-found", heading: "Page not found" },
];

describe("pages", () => {
  for (
    const viewport of [{ width: 1280, height: 900, label: "desktop" }, { width: 390, height: 844, label: "phone" }]
  ) {
    for (const target of PAGES) {
      it(`${target.name} renders at ${viewport.label} width`, async () => {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        const errors = trackPageErrors(page);
        const path = typeof target.path === "function" ? target.path() : target.path;
        const heading = typeof target.heading === "function" ? target.heading() : target.heading;
        await page.goto(`${appUrl}${path}`);
        await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
        await page.waitForLoadState("networkidle");
        await screenshot(page, `${target.name}-${viewport.label}`);
        // nothing may overflow sideways at phone width
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }
});

describe("the first visit to a show", () => {
  it("asks for the show once, before the app's script has arrived, and preloads the show page's chunks", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    const started: { url: string; at: number }[] = [];
    const finished = new Map<string, number>();
    page.on("request", (request) => started.push({ url: request.url(), at: Date.now() }));
    page.on("requestfinished", (request) => finished.set(request.url(), Date.now()));

    await page.goto(`${appUrl}/shows/${show.id}`);
    await page.getByRole("heading", { level: 1, name: show.name, exact: true }).waitFor();
    await page.waitForLoadState("networkidle");

    const showReads = started.filter(({ url }) => url.includes("/rest/v1/shows?") && url.includes(`id=eq.${show.id}`));
    expect(showReads).toHaveLength(1);
    // the boot script in the HTML sent it: it left before the app's own script had finished loading
    const appScript = started.find(({ url }) => /\/assets\/index-[\w-]+\.js$/.test(url));
    expect(appScript).toBeDefined();
    expect(showReads[0].at).toBeLessThanOrEqual(finished.get(appScript!.url)!);
    const preloads = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) => link.href)
    );
    expect(preloads.some((href) => /\/assets\/ShowPage-[\w-]+\.js$/.test(href))).toBe(true);
    await screenshot(page, "show-first-visit");
    expect(errors).toEqual([]);
    await context.close();
  });
});
