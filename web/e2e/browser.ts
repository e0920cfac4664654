// Debian's Chromium, headless, driven by playwright-core (no downloaded
// browser). Playwright gives each launch a fresh --user-data-dir in a
// temporary folder and passes --headless itself. Every context of a launched
// browser is watched for the routes it visits, and every screenshot runs axe
// (accessibility.ts): the pages a test visits are the pages it checks.

import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { checkAccessibility, watchVisits } from "./accessibility.ts";
import { CHROMIUM_ARGS } from "./chromium-flags.ts";

const CHROMIUM = process.env.THESET_CHROMIUM ?? "/usr/bin/chromium";

export const SCREENSHOT_DIR = fileURLToPath(new URL("../../screenshots/", import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  // every context a test opens is watched, however it was made, so no visit escapes the accessibility check
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    watchVisits(context);
    return context;
  };
  return browser;
}

/**
 * A full-page screenshot in screenshots/<name>.png (git-ignored), to look at
 * after a run; then axe checks the page as it is, at desktop and phone width.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
  await checkAccessibility(page, name);
}

/** Collects uncaught page errors so a test can assert the page did not crash. */
export function trackPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on("pageerror", (error) => errors.push(error));
  return errors;
}
