// When voting closes is the database's rule (shows.voting_closes_at): a show
// whose time is TBA closes at the start of its venue-local date. The page
// reads that moment from the show row, so on the show's own day it offers no
// vote, and the day before it does. Fixture rows are labelled and removed.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";
import { connect, type Sql } from "./db.ts";

const appUrl = inject("appUrl");
// UTC+14: its calendar date is always later than UTC's, so "today there" has begun
const VENUE_ZONE = "Pacific/Kiritimati";
let browser: Browser;
let sql: Sql;
const tag = Math.random().toString(36).slice(2, 10);
let artistId: string;

/** A time-TBA fixture show on the venue's today plus `daysAhead`, with a one-song prediction. */
async function tbaShow(daysAhead: number): Promise<{ showId: string; title: string }> {
  const [show] = await sql<{ id: string }[]>`
    insert into public.shows (artist_id, venue_id, name, starts_at, local_date, time_tba, status)
    select ${artistId}::uuid, v.id, ${`Test Fixture TBA Night ${tag} +${daysAhead}`}, null,
      (now() at time zone ${VENUE_ZONE})::date + ${daysAhead}::int, true, 'scheduled'
    from public.venues v where v.name = ${`Test Fixture Hall ${tag}`}
    returning id`;
  const [setlist] = await sql<{ id: string }[]>`
    insert into public.setlists (show_id, kind) values (${show.id}, 'predicted') returning id`;
  const title = `Test Fixture Song ${tag}`;
  await sql`
    insert into public.setlist_songs (setlist_id, song_id, title, position)
    select ${setlist.id}::uuid, so.id, so.title, 1 from public.songs so where so.artist_id = ${artistId}::uuid`;
  return { showId: show.id, title };
}

beforeAll(async () => {
  sql = connect();
  const [artist] = await sql<{ id: string }[]>`
    insert into public.artists (name, slug) values (${`Test Fixture TBA Band ${tag}`}, ${`test-fixture-tba-${tag}`})
    returning id`;
  artistId = artist.id;
  await sql`insert into public.songs (artist_id, title) values (${artistId}, ${`Test Fixture Song ${tag}`})`;
  await sql`insert into public.venues (name, city, country, timezone)
    values (${`Test Fixture Hall ${tag}`}, 'Fixtureville', 'KI', ${VENUE_ZONE})`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (sql) {
    await sql`delete from public.artists where id = ${artistId}::uuid`;
    await sql`delete from public.venues where name = ${`Test Fixture Hall ${tag}`}`;
    await sql.end();
  }
});

describe("voting closes when the database says", () => {
  it("a time-TBA show on its own venue-local day offers no vote; the day before it does", async () => {
    const today = await tbaShow(0);
    const tomorrow = await tbaShow(1);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = trackPageErrors(page);

    await page.goto(`${appUrl}/shows/${today.showId}`);
    await page.getByText("Voting is closed: this show has started.").waitFor();
    expect(await page.getByRole("button", { name: `Vote up ${today.title}`, exact: true }).isDisabled()).toBe(true);
    await screenshot(page, "show-tba-own-day");

    await page.goto(`${appUrl}/shows/${tomorrow.showId}`);
    await page.getByText("Voting is open until the show starts.").waitFor();
    expect(await page.getByRole("button", { name: `Vote up ${tomorrow.title}`, exact: true }).isEnabled()).toBe(true);
    await screenshot(page, "show-tba-day-before");

    // and the database agrees with the page on both
    const closed = await sql<{ id: string; started: boolean }[]>`
      select id, public.show_has_started(status, voting_closes_at) as started from public.shows
      where id in (${today.showId}, ${tomorrow.showId})`;
    expect(Object.fromEntries(closed.map((row) => [row.id, row.started])))
      .toEqual({ [today.showId]: true, [tomorrow.showId]: false });
    expect(errors).toEqual([]);
    await context.close();
  });
});
