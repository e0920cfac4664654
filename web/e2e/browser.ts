// Debian's Chromium, headless, driven by playwright-core (no downloaded
// browser). Playwright gives each launch a fresh --user-data-dir in a
// temporary folder and passes --headless itself.

import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "./chromium-flags.ts";

const CHROMIUM = process.env.THESET_CHROMIUM ?? "/usr/bin/chromium";

export const SCREENSHOT_DIR = fileURLToPath(new URL("../../screenshots/", import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A full-page screenshot in screenshots/<name>.png (git-ignored), to look at after a run. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}

/** Collects uncaught page errors so a test can assert the page did not crash. */
export function trackPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on("pageerror", (error) => errors.push(error));
  return errors;
}
