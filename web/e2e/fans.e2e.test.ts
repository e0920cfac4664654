// The fan journeys, in Debian's Chromium against the running stack with demo
// data: a guest's free vote survives signing up; two fans see each other's
// votes within a second; a suggestion appears for both.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";
import { connect, type Sql, type VotableShow, votableShows } from "./db.ts";
import {
  countsOf,
  createAccount,
  currentUserId,
  newFan,
  openShow,
  removeUsersMadeByFans,
  songRow,
  uniqueEmail,
  voteUp,
  waitForCounts,
} from "./fans.ts";

const appUrl = inject("appUrl");
let browser: Browser;
let sql: Sql;
let shows: VotableShow[];

beforeAll(async () => {
  sql = connect();
  shows = [
    ...await votableShows(sql, 2),
    // suggesting needs a catalog song the prediction lacks
    ...await votableShows(sql, 1, (show) => show.missingSong !== null),
  ];
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (sql) await removeUsersMadeByFans(sql);
  await sql?.end();
});

describe("fans in the browser", () => {
  it("a guest votes once, is asked to sign up on the second vote, signs up and still owns the first vote", async () => {
    const show = shows[0];
    const [first, second] = show.songs;
    const { context, page } = await newFan(browser);
    const errors = trackPageErrors(page);
    await openShow(page, appUrl, show.showId);

    expect(await voteUp(page, first.title)).toBe(200);
    await expect.poll(() =>
      songRow(page, first.id).getByRole("button", { name: /^Vote up/ }).getAttribute("aria-pressed")
    )
      .toBe("true");
    const guestId = await currentUserId(page);
    expect(guestId).toMatch(/^[0-9a-f-]{36}$/);

    expect(await voteUp(page, second.title)).toBe(400);
    const dialog = page.getByRole("dialog", { name: "Create your free account" });
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain("Guests get one vote.");
    // the refused vote is rolled back while the prompt is open
    expect(await songRow(page, second.id).getByRole("button", { name: /^Vote up/ }).getAttribute("aria-pressed"))
      .toBe("false");
    await screenshot(page, "show-sign-up-prompt");

    const email = uniqueEmail("guest");
    const retried = page.waitForResponse((r) => r.url().includes("/rest/v1/rpc/cast_vote"));
    await createAccount(dialog, email, "a fine password");
    await dialog.waitFor({ state: "detached" });
    expect((await retried).status()).toBe(200);
    await expect.poll(() =>
      songRow(page, second.id).getByRole("button", { name: /^Vote up/ }).getAttribute("aria-pressed")
    ).toBe("true");
    expect(await currentUserId(page)).toBe(guestId);

    // the database agrees: same user, now with an account, owning both votes
    const [user] = await sql<{ id: string; is_anonymous: boolean }[]>`
      select id, is_anonymous from auth.users where email = ${email}`;
    expect(user).toEqual({ id: guestId, is_anonymous: false });
    const votes = await sql<{ setlist_song_id: string; value: number }[]>`
      select setlist_song_id, value from public.votes where user_id = ${guestId} order by created_at`;
    expect(votes).toEqual([{ setlist_song_id: first.id, value: 1 }, { setlist_song_id: second.id, value: 1 }]);

    // and after a reload the page still shows the first vote as theirs
    await openShow(page, appUrl, show.showId);
    await expect.poll(() =>
      songRow(page, first.id).getByRole("button", { name: /^Vote up/ }).getAttribute("aria-pressed")
    )
      .toBe("true");
    await screenshot(page, "show-after-sign-up");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("two browser contexts on one show see each other's votes within a second", async () => {
    const show = shows[1];
    const song = show.songs[0];
    const other = show.songs[1];
    const alice = await newFan(browser);
    const bob = await newFan(browser);
    await Promise.all([openShow(alice.page, appUrl, show.showId), openShow(bob.page, appUrl, show.showId)]);
    const [up, down] = await countsOf(bob.page, song.id);

    // counted from cast_vote's answer in Alice's browser to the change in Bob's
    expect(await voteUp(alice.page, song.title)).toBe(200);
    await waitForCounts(bob.page, song.id, up + 1, down, 1_000);

    const [otherUp, otherDown] = await countsOf(alice.page, other.id);
    expect(await voteUp(bob.page, other.title)).toBe(200);
    await waitForCounts(alice.page, other.id, otherUp + 1, otherDown, 1_000);

    await screenshot(alice.page, "show-live-alice");
    await screenshot(bob.page, "show-live-bob");
    await Promise.all([alice.context.close(), bob.context.close()]);
  });

  it("a suggestion appears for both", async () => {
    const show = shows[2];
    const candidate = show.missingSong!;
    const suggester = await newFan(browser);
    const watcher = await newFan(browser);
    // suggesting needs an account
    await suggester.page.goto(`${appUrl}/account`);
    await createAccount(suggester.page, uniqueEmail("suggester"), "a fine password");
    await suggester.page.getByText("Your account is ready.").waitFor();
    await screenshot(suggester.page, "account-created");

    await Promise.all([
      openShow(suggester.page, appUrl, show.showId),
      openShow(watcher.page, appUrl, show.showId),
    ]);
    await suggester.page.getByRole("button", { name: "Suggest a missing song" }).click();
    await suggester.page.getByLabel("Search the catalog").fill(candidate.title);
    await suggester.page.getByRole("button", { name: `Suggest ${candidate.title}`, exact: true }).click();
    await suggester.page.getByText(`${candidate.title} was added to the prediction.`).waitFor();

    const predicted = (page: typeof watcher.page) => page.getByRole("list", { name: /Predicted setlist/ });
    await predicted(suggester.page).getByText(candidate.title, { exact: true }).waitFor();
    await predicted(watcher.page).getByText(candidate.title, { exact: true }).waitFor({ timeout: 2_000 });
    await screenshot(suggester.page, "show-suggested");
    await screenshot(watcher.page, "show-suggestion-seen");
    await Promise.all([suggester.context.close(), watcher.context.close()]);
  });
});
