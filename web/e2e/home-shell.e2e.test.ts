// The home page's first frame comes in the HTML (build/home-shell.ts): the
// hero paints before the app's script has arrived, and the app's first render
// takes the page over with the same words in the same place.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";

const appUrl = inject("appUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("the first visit to the home page", () => {
  it("paints the hero from the HTML before the app's script, and the app takes the page over in place", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    // the app's script and the data are held back until the shell has been looked at
    let release!: () => void;
    const released = new Promise<void>((resolve) => release = resolve);
    await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
      await released;
      await route.continue();
    });
    let releaseData!: () => void;
    const dataReleased = new Promise<void>((resolve) => releaseData = resolve);
    await page.route(/\/rest\/v1\//, async (route) => {
      await dataReleased;
      await route.continue();
    });
    await page.goto(`${appUrl}/`, { waitUntil: "commit" });
    await page.getByRole("heading", { level: 1, name: "Predict the setlist.", exact: true }).waitFor();
    const shell = await page.evaluate(() => {
      const heading = document.querySelector<HTMLElement & { fromShell?: boolean }>("#root h1")!;
      heading.fromShell = true;
      const hero = document.querySelector("#root .hero p")!.getBoundingClientRect();
      return { text: document.querySelector<HTMLElement>("#root main")!.innerText, hero: hero.toJSON() };
    });
    expect(shell.text).toContain("Vote the songs you think they'll play");

    release();
    // the app's first render replaced the shell's nodes with its own, the same words in the same place
    await page.waitForFunction(() => {
      const heading = document.querySelector<HTMLElement & { fromShell?: boolean }>("#root h1");
      return heading !== null && heading.fromShell !== true;
    });
    const app = await page.evaluate(() => ({
      text: document.querySelector<HTMLElement>("#root main")!.innerText,
      hero: document.querySelector("#root .hero p")!.getBoundingClientRect().toJSON(),
    }));
    expect(app).toEqual(shell);
    expect(await page.getByText("Vote the songs you think they'll play").count()).toBe(1);

    releaseData();
    await page.waitForLoadState("networkidle");
    await screenshot(page, "home-first-visit");
    // the search box in the hero is the app's now
    await page.locator("#home-search").fill("synthetic");
    await page.locator("#home-search").press("Enter");
    await page.waitForURL(/\/search\?q=synthetic$/);
    await page.getByRole("heading", { level: 1, name: "Search", exact: true }).waitFor();
    await screenshot(page, "home-first-visit-search");
    expect(errors).toEqual([]);
    await context.close();
  });
});
