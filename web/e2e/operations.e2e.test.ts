// An import started from search fills the artist's page; the status page
// shows the sync's state.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";
import { callFunction, stackEnv, ticketmasterSearch } from "./env.ts";
import { newFan, removeUsersMadeByFans } from "./fans.ts";
import { connect, type Sql } from "./db.ts";

const appUrl = inject("appUrl");
/** The demo Ticketmaster has a few artists that tour outside its markets: only an import brings them in. */
const IMPORTED_ARTIST = "Fjordlight";
let browser: Browser;
let sql: Sql;

beforeAll(async () => {
  sql = connect();
  // a run before this one may have imported the artist already: start from an artist TheSet lacks
  await sql`delete from public.import_jobs where payload ->> 'name' = ${IMPORTED_ARTIST}`;
  await sql`delete from public.artists where name = ${IMPORTED_ARTIST}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (sql) await removeUsersMadeByFans(sql);
  await sql?.end();
});

interface TicketmasterArtist {
  ticketmaster_id: string;
  name: string;
  artist: { id: string } | null;
}

/** An artist the demo Ticketmaster knows and the database does not, asked the way the search page asks. */
async function importableArtist(query: string): Promise<TicketmasterArtist> {
  const artists = await ticketmasterSearch<TicketmasterArtist>(query);
  const artist = artists.find((a) => a.artist === null);
  if (!artist) throw new Error(`the demo Ticketmaster has no artist matching "${query}" that is not imported yet`);
  return artist;
}

/** Runs the import queue once, as its pg_cron job does every minute. */
async function drainImports(): Promise<void> {
  const response = await callFunction("import-artist", {}, stackEnv().secretKey);
  expect(response.status).toBe(200);
  await response.body?.cancel();
}

describe("operations in the browser", () => {
  it("an import started from search fills an artist page", async () => {
    const artist = await importableArtist(IMPORTED_ARTIST);
    const { context, page } = await newFan(browser);
    const errors = trackPageErrors(page);
    await page.goto(`${appUrl}/search?q=${encodeURIComponent(artist.name)}`);
    const importButton = page.getByRole("button", { name: `Import ${artist.name}`, exact: true });
    await importButton.waitFor();
    await screenshot(page, "search-import");
    await importButton.click();
    await page.waitForURL(/\/imports\/\d+$/);
    await page.getByRole("progressbar", { name: "Import progress" }).waitFor();
    await screenshot(page, "import-queued");

    await drainImports();
    await page.getByRole("heading", { level: 1, name: artist.name }).waitFor({ timeout: 20_000 });
    await page.getByRole("heading", { level: 2, name: "Import finished" }).waitFor({ timeout: 30_000 });
    // the page filled in from the rows that landed
    await page.locator("#upcoming-shows ~ ul li, #catalog ~ ul li").first().waitFor({ timeout: 10_000 });
    await screenshot(page, "import-finished");

    await page.getByRole("link", { name: "Open the artist page" }).click();
    await page.getByRole("heading", { level: 1, name: artist.name }).waitFor();
    await page.getByRole("heading", { name: /^Catalog/ }).waitFor();
    await screenshot(page, "artist");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the status page shows the state", async () => {
    const { context, page } = await newFan(browser);
    await page.goto(`${appUrl}/status`);
    const state = page.getByTestId("health-state");
    await state.waitFor();
    expect(await state.textContent()).toMatch(/^(Perfect|Excellent|Good|Fair|Poor|Error)$/);
    await page.getByRole("heading", { name: "Totals" }).waitFor();
    const artists = page.locator(".stat-grid div", { hasText: "Artists" }).first().locator("dd");
    expect(Number((await artists.textContent())!.replace(/,/g, ""))).toBeGreaterThan(0);
    // the demo data came in through the tour sync, so its job has a row with its last run
    const tours = page.getByRole("rowheader", { name: "sync-popular-tours", exact: true });
    await tours.waitFor();
    await screenshot(page, "status-with-data");
    await context.close();
  });
});
