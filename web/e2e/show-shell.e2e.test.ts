// The show page's first frame comes before the app's script (build/home-shell.ts,
// src/app/showShell.tsx): the boot script's request answers, and the show's
// header is painted from it while the app's script is still held back; the
// app's first render then takes the page over with the same header in the same
// place, and the page works. When the app is there first, the boot script's
// late answer paints nothing into it.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";
import { connect, type Sql } from "./db.ts";

const appUrl = inject("appUrl");
let browser: Browser;
let sql: Sql;
let show: { id: string; name: string; first_song: string };

beforeAll(async () => {
  sql = connect();
  // an upcoming show with a prediction: the app's first render has its setlist too
  [show] = await sql<{ id: string; name: string; first_song: string }[]>`
    select sh.id, sh.name, (select ss.title from public.setlist_songs ss where ss.setlist_id = sl.id
                            order by ss.position limit 1) as first_song
    from public.shows sh
    join public.setlists sl on sl.show_id = sh.id and sl.kind = 'predicted'
    where sh.status = 'scheduled' and sh.voting_closes_at > now() + interval '1 day'
      and exists (select 1 from public.setlist_songs ss where ss.setlist_id = sl.id)
    order by sh.starts_at, sh.id
    limit 1`;
  if (!show) throw new Error("the demo data has no upcoming show with a prediction");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

/** Holds back the requests matching `pattern` until the returned function is called. */
async function holdBack(page: Page, pattern: RegExp): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  await page.route(pattern, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

const APP_SCRIPT = /\/assets\/index-[\w-]+\.js$/;

describe("the first visit to a show page", () => {
  it("paints the show's header from the boot script's answer before the app's script, and the app takes it over in place", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    const releaseApp = await holdBack(page, APP_SCRIPT);
    await page.goto(`${appUrl}/shows/${show.id}`, { waitUntil: "commit" });
    await page.getByRole("heading", { level: 1, name: show.name, exact: true }).waitFor();
    const shell = await page.evaluate(() => {
      const heading = document.querySelector<HTMLElement & { fromShell?: boolean }>("#root h1")!;
      heading.fromShell = true;
      return {
        header: document.querySelector<HTMLElement>("#root .show-header")!.innerText,
        heading: heading.getBoundingClientRect().toJSON(),
      };
    });
    // painted with the app's script still held back: the frame's skeleton waits for the setlist
    expect(await page.getByText("Loading the setlist…").count()).toBe(1);
    await screenshot(page, "show-first-frame");

    releaseApp();
    await page.waitForFunction(() => {
      const heading = document.querySelector<HTMLElement & { fromShell?: boolean }>("#root h1");
      return heading !== null && heading.fromShell !== true;
    });
    const app = await page.evaluate(() => ({
      header: document.querySelector<HTMLElement>("#root .show-header")!.innerText,
      heading: document.querySelector("#root h1")!.getBoundingClientRect().toJSON(),
    }));
    expect(app).toEqual(shell);
    // the app's page: the predicted setlist, and one header
    await page.getByText(show.first_song, { exact: true }).first().waitFor();
    expect(await page.locator("#root h1").count()).toBe(1);
    await screenshot(page, "show-first-frame-app");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("leaves the page to the app when the show's answer comes after the app's first render", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    const releaseData = await holdBack(page, /\/rest\/v1\/shows\?/);
    await page.goto(`${appUrl}/shows/${show.id}`);
    // the app has rendered the page on its skeleton: the static frame's nodes are out of the document
    await page.waitForFunction(() => {
      const shell = (globalThis as { __thesetShell?: { nodes?: Node[] } }).__thesetShell;
      return shell?.nodes?.length && shell.nodes.every((node) => !node.isConnected) &&
        document.querySelector("#root main")?.textContent?.includes("Loading show");
    });
    releaseData();
    await page.getByRole("heading", { level: 1, name: show.name, exact: true }).waitFor();
    await page.getByText(show.first_song, { exact: true }).first().waitFor();
    expect(await page.locator("#root h1").count()).toBe(1);
    expect(await page.locator("#root .show-header").count()).toBe(1);
    await screenshot(page, "show-first-frame-late-data");
    expect(errors).toEqual([]);
    await context.close();
  });
});
