// What a fan does in the browser, in the words of the page: open a show,
// read a song's counts, vote, create an account in the prompt.

import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Sql } from "./db.ts";

/** Every user a browser fan created (a guest's sign-in or a sign-up), so the suite can take them away again. */
const usersMadeByFans = new Set<string>();

export async function newFan(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on("response", async (response) => {
    const url = new URL(response.url());
    if (response.request().method() !== "POST" || !url.pathname.endsWith("/auth/v1/signup") || !response.ok()) return;
    const body = await response.json().catch(() => null) as { user?: { id?: string }; id?: string } | null;
    const id = body?.user?.id ?? body?.id;
    if (id) usersMadeByFans.add(id);
  });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Removes the users the browser fans created, and their suggestions: the demo
 * database keeps no test votes (deleting a user takes its votes out of the
 * counters) and no test suggestions.
 */
export async function removeUsersMadeByFans(sql: Sql): Promise<void> {
  const ids = [...usersMadeByFans];
  if (ids.length === 0) return;
  await sql`delete from public.setlist_songs where suggested_by = any(${ids}::uuid[])`;
  await sql`delete from auth.users where id = any(${ids}::uuid[])`;
  usersMadeByFans.clear();
}

/** Opens a show and waits until its prediction is listed and the live channel is joined. */
export async function openShow(page: Page, appUrl: string, showId: string): Promise<void> {
  await page.goto(`${appUrl}/shows/${showId}`);
  await page.getByRole("list", { name: /Predicted setlist/ }).waitFor();
  await page.locator(".live-dot.live-live").waitFor();
}

export function songRow(page: Page, setlistSongId: string) {
  return page.locator(`[data-song-id="${setlistSongId}"]`);
}

export async function countsOf(page: Page, setlistSongId: string): Promise<[number, number]> {
  const row = songRow(page, setlistSongId);
  return [
    Number(await row.getByTestId("upvotes").textContent()),
    Number(await row.getByTestId("downvotes").textContent()),
  ];
}

/** Waits until a song shows these counts; fails after `timeoutMs`. */
export async function waitForCounts(
  page: Page,
  setlistSongId: string,
  up: number,
  down: number,
  timeoutMs: number,
): Promise<void> {
  await page.waitForFunction(
    ([id, u, d]) => {
      const row = document.querySelector(`[data-song-id="${id}"]`);
      return row?.querySelector('[data-testid="upvotes"]')?.textContent === String(u) &&
        row?.querySelector('[data-testid="downvotes"]')?.textContent === String(d);
    },
    [setlistSongId, up, down] as const,
    { timeout: timeoutMs },
  );
}

/** Clicks "Vote up <title>" and waits for cast_vote's answer; returns its HTTP status. */
export async function voteUp(page: Page, title: string): Promise<number> {
  const answer = page.waitForResponse((response) => response.url().includes("/rest/v1/rpc/cast_vote"));
  await page.getByRole("button", { name: `Vote up ${title}`, exact: true }).click();
  return (await answer).status();
}

/** The signed-in user's id, as auth-js stored it. */
export async function currentUserId(page: Page): Promise<string | null> {
  return await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.startsWith("sb-") && key.endsWith("-auth-token")) {
        return (JSON.parse(localStorage.getItem(key)!) as { user?: { id?: string } }).user?.id ?? null;
      }
    }
    return null;
  });
}

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
}

/** Fills the account form on the page or in the prompt and submits it. */
export async function createAccount(scope: Page | ReturnType<Page["getByRole"]>, email: string, password: string) {
  await scope.getByLabel("Email").fill(email);
  await scope.getByLabel("Password").fill(password);
  await scope.getByRole("button", { name: "Create account" }).click();
}
