// A fan with a keyboard only, in Debian's Chromium against the running stack:
// Tab to a vote button and press it; focus stays on the button while the vote
// is on its way and after the ranking moves the song to the bottom; the second
// vote opens the sign-up prompt with focus inside it, Tab stays inside, and
// Escape closes it with focus back on the button that opened it.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";
import { connect, type Sql, type VotableShow, votableShows } from "./db.ts";
import { newFan, openShow, removeUsersMadeByFans, songRow } from "./fans.ts";

const appUrl = inject("appUrl");
/** More Tab presses than the show page has stops before its last vote button. */
const MAX_TABS = 200;
let browser: Browser;
let sql: Sql;
let show: VotableShow;

beforeAll(async () => {
  sql = connect();
  [show] = await votableShows(sql, 1);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (sql) await removeUsersMadeByFans(sql);
  await sql?.end();
});

/** What has focus, named as a screen reader would: its aria-label, its label's text, or its own text. */
async function focused(page: Page): Promise<string> {
  return await page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "(body)";
    const label = element instanceof HTMLInputElement ? element.labels?.[0]?.textContent : null;
    return element.getAttribute("aria-label") ?? label ?? element.textContent?.trim() ?? element.tagName;
  });
}

/** Presses Tab (or Shift+Tab) until the element named `name` has focus; fails after MAX_TABS presses. */
async function tabTo(page: Page, name: string, key: "Tab" | "Shift+Tab" = "Tab"): Promise<void> {
  for (let presses = 0; presses < MAX_TABS; presses++) {
    if (await focused(page) === name) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${MAX_TABS} presses of ${key} never reached "${name}"`);
}

describe("a keyboard-only fan", () => {
  it("votes, meets the sign-up prompt and closes it, and focus stays where the fan is", async () => {
    const [top, second] = show.songs;
    const { context, page } = await newFan(browser);
    const errors = trackPageErrors(page);
    await openShow(page, appUrl, show.showId);
    expect(await focused(page)).toBe("(body)");

    // hold the vote on its way (the real request, let go by the test), to look at the page meanwhile
    let letVoteGo!: () => void;
    const voteHeld = new Promise<void>((resolve) => (letVoteGo = resolve));
    await page.route("**/rest/v1/rpc/cast_vote", async (route) => {
      await voteHeld;
      await route.continue();
    });

    const voteDown = `Vote down ${top.title}`;
    await tabTo(page, voteDown);
    const answered = page.waitForResponse((response) => response.url().includes("/rest/v1/rpc/cast_vote"));
    await page.keyboard.press("Enter");
    const button = songRow(page, top.id).getByRole("button", { name: voteDown, exact: true });
    await expect.poll(() => button.getAttribute("aria-disabled")).toBe("true");
    expect(await focused(page)).toBe(voteDown);
    // pressing again while the vote is on its way would take it back: ignored
    await page.keyboard.press("Enter");
    letVoteGo();
    expect((await answered).status()).toBe(200);
    await expect.poll(() => button.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => button.getAttribute("aria-disabled")).toBe(null);
    // the vote sent the top song to the bottom of the ranking, and focus went with it
    const lastRow = page.locator("ol.predicted > li").last();
    expect(await lastRow.getAttribute("data-song-id")).toBe(top.id);
    expect(await focused(page)).toBe(voteDown);
    await page.unroute("**/rest/v1/rpc/cast_vote");
    await screenshot(page, "keyboard-voted");

    // a guest's second vote: the prompt opens with focus inside it
    const voteUp = `Vote up ${second.title}`;
    await tabTo(page, voteUp, "Shift+Tab");
    const refused = page.waitForResponse((response) => response.url().includes("/rest/v1/rpc/cast_vote"));
    await page.keyboard.press("Space");
    expect((await refused).status()).toBe(400);
    const dialog = page.getByRole("dialog", { name: "Create your free account" });
    await dialog.waitFor();
    await expect.poll(() => focused(page)).toBe("Email");
    // Tab goes round the prompt's controls and never leaves it
    for (let presses = 0; presses < 6; presses++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    }
    await screenshot(page, "keyboard-sign-up-prompt");

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await focused(page)).toBe(voteUp);
    // the refused vote was rolled back; the first one stands
    expect(await songRow(page, second.id).getByRole("button", { name: voteUp }).getAttribute("aria-pressed"))
      .toBe("false");
    expect(await button.getAttribute("aria-pressed")).toBe("true");
    const votes = await sql<{ setlist_song_id: string; value: number }[]>`
      select v.setlist_song_id, v.value from public.votes v
      join public.setlist_songs ss on ss.id = v.setlist_song_id
      where ss.setlist_id = ${show.setlistId}`;
    expect(votes).toEqual([{ setlist_song_id: top.id, value: -1 }]);
    await screenshot(page, "keyboard-prompt-closed");
    expect(errors).toEqual([]);
    await context.close();
  });
});
