// The engine explained to fans, in the browser: each predicted song says how
// likely it is and why, the show page says what usually happens lately, and
// after a show the model's score (and the fans', when they voted) is shown on
// the show page and charted on the artist page.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";
import { connect, type Sql } from "./db.ts";
import { newFan, openShow } from "./fans.ts";

const appUrl = inject("appUrl");
let browser: Browser;
let sql: Sql;
// a symbolic artist of this test, removed afterwards (cascading to its shows, setlists and score)
const tag = Math.random().toString(16).slice(2, 10);
let fixture: { artistId: string; slug: string; showId: string } | null = null;

beforeAll(async () => {
  sql = connect();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (fixture) await sql`delete from public.artists where id = ${fixture.artistId}::uuid`;
  await sql?.end();
});

/** An upcoming demo show whose prediction the engine built from setlist history (songs with probabilities). */
async function engineShow(): Promise<{ showId: string; titles: string[] }> {
  const shows = await sql<{ id: string }[]>`
    select sh.id from public.shows sh
    where sh.status = 'scheduled' and sh.starts_at > now() + interval '1 day'
      and exists (select 1 from public.setlists sl join public.shows past on past.id = sl.show_id
                  where sl.kind = 'actual' and past.artist_id = sh.artist_id)
    order by sh.starts_at, sh.id limit 20`;
  for (const { id } of shows) {
    const [{ setlist_id }] = await sql<{ setlist_id: string | null }[]>`
      select public.ensure_predicted_setlist(${id}::uuid) as setlist_id`;
    if (!setlist_id) continue;
    const rows = await sql<{ title: string }[]>`
      select title from public.setlist_songs where setlist_id = ${setlist_id} and probability is not null`;
    if (rows.length) return { showId: id, titles: rows.map((r) => r.title) };
  }
  throw new Error("the demo data has no upcoming show of an artist with setlist history");
}

describe("predictions in the browser", () => {
  it("each predicted song says how likely it is and why, and the page says what usually happens lately", async () => {
    const show = await engineShow();
    const { context, page } = await newFan(browser);
    const errors = trackPageErrors(page);
    await openShow(page, appUrl, show.showId);
    const row = page.locator(".setlist.predicted li").filter({ hasText: show.titles[0] }).first();
    await expect.poll(() => row.locator(".badge-likelihood").textContent()).toMatch(
      /^(likely|possible|long shot) · \d+%$/,
    );
    expect(await row.getByTestId("reasons").textContent()).toMatch(/Played at \d+ of the last \d+ shows|New release/);
    expect(await page.getByTestId("tour-habits").textContent()).toMatch(
      /^Lately: about \d+ songs a show over the last \d+/,
    );
    await screenshot(page, "show-prediction-explained");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("after a show, the page says how the model did, and the artist page charts its accuracy", async () => {
    const [artist] = await sql<{ id: string; slug: string }[]>`
      insert into public.artists (name, slug) values (${`E2E prediction fixture ${tag}`}, ${`e2e-prediction-${tag}`})
      returning id::text, slug`;
    const songs = await sql<{ id: string }[]>`
      insert into public.songs (artist_id, title)
      select ${artist.id}::uuid, 'Fixture song ' || n from generate_series(1, 4) n returning id::text`;
    const [show] = await sql<{ id: string }[]>`
      insert into public.shows (artist_id, name, local_date, status)
      values (${artist.id}::uuid, ${`E2E scored show ${tag}`}, current_date - 3, 'completed') returning id::text`;
    fixture = { artistId: artist.id, slug: artist.slug, showId: show.id };
    // predicted: songs 1-3 by the engine; played: songs 1, 3 and 4 -> the model got 2 of 3
    await sql`
      with predicted as (insert into public.setlists (show_id, kind) values (${show.id}::uuid, 'predicted') returning id)
      insert into public.setlist_songs (setlist_id, song_id, title, position, probability)
      select predicted.id, s.id::uuid, 'Fixture song ' || s.n, s.n, s.p
      from predicted, (values (${songs[0].id}, 1, 0.9), (${songs[1].id}, 2, 0.8), (${
      songs[2].id
    }, 3, 0.5)) as s (id, n, p)`;
    await sql`
      with actual as (insert into public.setlists (show_id, kind) values (${show.id}::uuid, 'actual') returning id)
      insert into public.setlist_songs (setlist_id, song_id, title, position)
      select actual.id, s.id::uuid, s.title, s.n
      from actual, (values (${songs[0].id}, 'Fixture song 1', 1), (${songs[2].id}, 'Fixture song 3', 2),
        (${songs[3].id}, 'Fixture song 4', 3)) as s (id, title, n)`;
    await sql`select public.score_prediction(${show.id}::uuid)`;

    const { context, page } = await newFan(browser);
    const errors = trackPageErrors(page);
    await page.goto(`${appUrl}/shows/${show.id}`);
    await page.getByRole("heading", { level: 2, name: "What was played" }).waitFor();
    await expect.poll(() => page.getByTestId("crowd-vs-model").textContent()).toBe(
      "The model got 2 of 3; nobody voted, so there is no fans' pick to compare.",
    );
    await screenshot(page, "show-crowd-versus-model");
    await page.goto(`${appUrl}/artists/${artist.slug}`);
    await page.getByRole("heading", { level: 2, name: "Prediction accuracy" }).waitFor();
    expect(await page.getByTestId("accuracy-summary").textContent()).toBe(
      "1 scored show; the model got 2 of 3 predicted songs right.",
    );
    await screenshot(page, "artist-prediction-accuracy");
    expect(errors).toEqual([]);
    await context.close();
  });
});
