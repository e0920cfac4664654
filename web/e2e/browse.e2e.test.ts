// The browse pages in a real browser (issue 15): a venue (one row for both
// providers), a song of an artist, a past show's setlist and an artist's
// whole history with a year filter. Each renders at desktop and phone width
// with its own title and description, survives a reload of its deep link,
// and is screenshotted.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, trackPageErrors } from "./browser.ts";
import { connect } from "./db.ts";
import { createAccount, newFan, removeUsersMadeByFans, uniqueEmail } from "./fans.ts";
import ICAL from "ical.js";

const appUrl = inject("appUrl");
let browser: Browser;
let venue: { slug: string; name: string; past: number; street_address: string | null; latitude: number | null };
let song: { artist_slug: string; slug: string; title: string; times: number };
let setlist: { show_id: string; name: string; cover_title: string | null; cover_artist: string | null };
let history: { slug: string; name: string; total: number; year: number; in_year: number };
let tour: { artist_slug: string; tour_slug: string; tour_name: string; shows: number };
let upcoming: { id: string; name: string; artist_slug: string; starts_at: Date; timezone: string; feed: number };
let market: { city: string; state: string | null; country: string; shows: number };

beforeAll(async () => {
  const sql = connect();
  try {
    // a venue both providers know: merged into one row, with upcoming and past shows
    [venue] = await sql<typeof venue[]>`
      select v.slug, v.name, v.street_address, v.latitude,
             (select count(*)::int from public.shows s where s.venue_id = v.id and s.local_date < current_date) as past
      from public.venues v
      where v.ticketmaster_id is not null and v.setlistfm_id is not null
      order by past desc, v.slug limit 1`;
    [song] = await sql<typeof song[]>`
      select a.slug as artist_slug, so.slug, so.title, st.times_played::int as times
      from public.song_play_stats st join public.songs so on so.id = st.song_id join public.artists a on a.id = so.artist_id
      where st.times_played > 3 order by st.times_played desc, so.id limit 1`;
    [setlist] = await sql<typeof setlist[]>`
      select s.id as show_id, s.name, c.title as cover_title, c.cover_artist
      from public.shows s
      join public.setlists sl on sl.show_id = s.id and sl.kind = 'actual'
      left join lateral (select ss.title, ss.cover_artist from public.setlist_songs ss
                         where ss.setlist_id = sl.id and ss.is_cover and ss.cover_artist is not null limit 1) c on true
      order by c.title is null, s.local_date desc, s.id limit 1`;
    [history] = await sql<typeof history[]>`
      with counts as (
        select a.slug, a.name, count(*)::int as total,
               extract(year from max(s.local_date))::int as year
        from public.artists a join public.shows s on s.artist_id = a.id and s.local_date < current_date
        group by a.id order by count(*) desc, a.slug limit 1)
      select c.*, (select count(*)::int from public.shows s join public.artists a on a.id = s.artist_id
                   where a.slug = c.slug and s.local_date < current_date
                     and extract(year from s.local_date) = c.year) as in_year
      from counts c`;
    [tour] = await sql<typeof tour[]>`
      select a.slug as artist_slug, t.tour_slug, t.tour_name, t.shows
      from public.artists a cross join lateral public.artist_tours(a.id) t
      order by t.last_date desc, t.shows desc, a.slug limit 1`;
    [upcoming] = await sql<typeof upcoming[]>`
      select s.id, s.name, a.slug as artist_slug, s.starts_at, v.timezone,
             (select count(*)::int from public.shows o where o.artist_id = a.id and o.local_date is not null
                and o.local_date >= (now() at time zone 'utc')::date - 30) as feed
      from public.shows s join public.artists a on a.id = s.artist_id join public.venues v on v.id = s.venue_id
      where s.status = 'scheduled' and s.starts_at > now() and not s.time_tba and v.timezone is not null
      order by s.starts_at, s.id limit 1`;
    // counted plainly here, against the page's counts
    [market] = await sql<typeof market[]>`
      select min(v.city) as city, min(v.state) as state, v.country, count(*)::int as shows
      from public.shows s join public.venues v on v.id = s.venue_id
      where s.local_date >= (now() at time zone 'utc')::date - 1 and s.status <> 'cancelled' and v.city is not null
      group by v.country, lower(v.city) order by count(*) desc, min(v.city) limit 1`;
  } finally {
    await sql.end();
  }
  expect(history.total, "the demo artist with most history has more than a page of it").toBeGreaterThan(20);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  const sql = connect();
  try {
    await removeUsersMadeByFans(sql);
  } finally {
    await sql.end();
  }
});

async function description(page: Page): Promise<string> {
  return await page.evaluate(() => document.querySelector('meta[name="description"]')?.getAttribute("content") ?? "");
}

const VIEWPORTS = [{ width: 1280, height: 900, label: "desktop" }, { width: 390, height: 844, label: "phone" }];

const PAGES = [
  { name: "venue", path: () => `/venues/${venue.slug}`, heading: () => venue.name },
  { name: "song", path: () => `/artists/${song.artist_slug}/songs/${song.slug}`, heading: () => song.title },
  { name: "setlist", path: () => `/shows/${setlist.show_id}/setlist`, heading: () => setlist.name },
  { name: "near", path: () => "/near", heading: () => "Shows near you" },
  { name: "tour", path: () => `/artists/${tour.artist_slug}/tours/${tour.tour_slug}`, heading: () => tour.tour_name },
];

describe("browse pages: every page at both widths, and venue, song, setlist and tour", () => {
  for (const viewport of VIEWPORTS) {
    for (const target of PAGES) {
      it(`${target.name} renders at ${viewport.label} width, with its own title and description, and reloads`, async () => {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        const errors = trackPageErrors(page);
        await page.goto(`${appUrl}${target.path()}`);
        await page.getByRole("heading", { level: 1, name: target.heading(), exact: true }).waitFor();
        await page.waitForLoadState("networkidle");
        expect(await page.title()).toContain(target.heading());
        const described = await description(page);
        expect(described).not.toBe("");
        // the page's own words, not index.html's or the generic "<title> on TheSet" sentence
        expect(described).not.toContain("Predict tonight's setlist");
        expect(described).not.toContain(" on TheSet. ");
        await screenshot(page, `${target.name}-${viewport.label}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        // a deep link survives a reload
        await page.reload();
        await page.getByRole("heading", { level: 1, name: target.heading(), exact: true }).waitFor();
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }

  it("a venue page shows both providers' shows, the most played songs, a map link and pages through the past", async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/venues/${venue.slug}`);
    await page.getByRole("heading", { level: 1, name: venue.name }).waitFor();
    await page.getByRole("heading", { name: /Past shows/ }).getByText(String(venue.past)).waitFor();
    // the merged row kept Ticketmaster's address through the sync; the map opens at its point
    expect(venue.street_address).not.toBeNull();
    const address = page.getByRole("group", { name: "Address" });
    await address.getByText(venue.street_address!).waitFor();
    const map = address.getByRole("link", { name: venue.latitude === null ? /Search the map/ : /Open the map/ });
    expect(await map.getAttribute("href")).toMatch(/^https:\/\/www\.openstreetmap\.org\//);
    await page.getByRole("heading", { name: "Most played here" }).waitFor();
    await screenshot(page, "venue-flow");
    const topSong = page.locator(".most-played a").first();
    const title = await topSong.textContent();
    await topSong.click();
    await page.getByRole("heading", { level: 1, name: title ?? "", exact: true }).waitFor();
    await screenshot(page, "venue-top-song-flow");
    if (venue.past > 20) {
      await page.goBack();
      await page.getByRole("button", { name: "Older" }).click();
      await page.getByText(`21–${Math.min(40, venue.past)} of ${venue.past}`).waitFor();
    }
    await page.close();
  });

  it("a song page counts its plays and lists its shows", async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/artists/${song.artist_slug}/songs/${song.slug}`);
    await page.getByRole("heading", { level: 1, name: song.title }).waitFor();
    await page.getByText(new RegExp(`^${song.times} of \\d+ shows$`)).waitFor();
    await page.getByRole("img", { name: "Plays per month" }).waitFor();
    expect(await page.locator(".song-show").count()).toBe(song.times);
    await screenshot(page, "song-flow");
    await page.close();
  });

  it("a setlist page lists sets and covers as 'Title, Artist cover'", async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/shows/${setlist.show_id}/setlist`);
    await page.getByRole("heading", { level: 1, name: setlist.name }).waitFor();
    await page.locator(".played-set h3").first().waitFor();
    if (setlist.cover_title) {
      const line = page.locator(".played-list li", { hasText: setlist.cover_title }).first();
      expect(await line.textContent()).toContain(`${setlist.cover_title}, ${setlist.cover_artist} cover`);
    }
    await screenshot(page, "setlist-flow");
    await page.close();
  });

  it("a tour is reached from its artist's page and shows its songs night by night and its next date", async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/artists/${tour.artist_slug}`);
    await page.getByRole("heading", { name: "Tours" }).waitFor();
    await screenshot(page, "tour-artist-flow");
    await page.getByRole("link", { name: tour.tour_name, exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: tour.tour_name }).waitFor();
    await page.getByRole("table").waitFor();
    const nights = await page.locator(".tour-grid thead .tour-night").count();
    expect(nights).toBeGreaterThan(0);
    expect(nights).toBeLessThanOrEqual(tour.shows + 10);
    await page.getByRole("heading", { name: "Next date" }).waitFor();
    await screenshot(page, "tour-flow");
    await page.close();
  });
});

describe("browse pages: an artist's history, the home page and shows near you", () => {
  it("an artist's whole history pages through, and a year filters it", async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/artists/${history.slug}`);
    await page.getByRole("heading", { level: 1, name: history.name }).waitFor();
    await page.getByText(`1–20 of ${history.total}`).waitFor();
    await page.getByRole("button", { name: "Older" }).click();
    await page.getByText(`21–${Math.min(40, history.total)} of ${history.total}`).waitFor();
    await page.getByLabel("Year").selectOption(String(history.year));
    const shown = history.in_year > 20 ? `1–20 of ${history.in_year}` : null;
    if (shown) await page.getByText(shown).waitFor();
    else {
      await page.waitForFunction((n) => document.querySelectorAll(".past-shows > li").length === n, history.in_year);
    }
    await screenshot(page, "artist-history-desktop");
    await page.close();
  });

  it("the home page counts every upcoming show of a market, not a capped sample", async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/`);
    const label = [market.city, market.state ?? market.country].join(", ");
    const button = page.getByRole("group", { name: "Market" }).getByRole("button", { name: new RegExp(`^${label}`) });
    await button.waitFor();
    expect(await button.locator(".count").textContent()).toBe(String(market.shows));
    await screenshot(page, "home-markets-flow");
    await page.close();
  });

  it("shows near you: a picked city is kept across a reload, dates filter, the location only when asked", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      permissions: ["geolocation"],
      geolocation: { latitude: 41.88, longitude: -87.63 },
    });
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${appUrl}/near`);
    await page.getByText("Pick a city, or share your location").waitFor();
    const label = [market.city, market.state ?? market.country].join(", ");
    await page.getByLabel("City").selectOption({ label: `${label} (${market.shows})` });
    await page.getByRole("heading", { level: 1, name: `Shows near ${label}` }).waitFor();
    await page.getByRole("heading", { name: /Upcoming shows/ }).getByText(String(market.shows)).waitFor();
    expect(await page.locator(".card-grid .show-card").count()).toBe(Math.min(12, market.shows));
    await page.reload();
    await page.getByRole("heading", { level: 1, name: `Shows near ${label}` }).waitFor();
    await page.getByRole("button", { name: "This week" }).click();
    await page.waitForFunction((all) => {
      const count = document.querySelector("#near-shows .count")?.textContent;
      return count !== undefined && count !== null && Number(count) < all;
    }, market.shows);
    await page.getByRole("button", { name: "Use my location" }).click();
    await page.getByRole("heading", { level: 1, name: "Shows near your location" }).waitFor();
    await screenshot(page, "near-location-desktop");
    expect(errors).toEqual([]);
    await context.close();
  });

  // one account for the two tests below: the first saves a city in one browser, the second reads it in another
  const profileFan = { email: uniqueEmail("near-profile"), password: "a fine password" };

  it("shows near you, signed in: the picked city is saved to the profile, not to local storage", async () => {
    const { email, password } = profileFan;
    const label = [market.city, market.state ?? market.country].join(", ");
    const first = await newFan(browser);
    const errors = trackPageErrors(first.page);
    await first.page.goto(`${appUrl}/account`);
    await createAccount(first.page, email, password);
    await first.page.getByText("Your account is ready.").waitFor();
    await screenshot(first.page, "near-profile-account");
    await first.page.goto(`${appUrl}/near`);
    await first.page.getByText("Pick a city, or share your location").waitFor();
    await first.page.getByLabel("City").selectOption({ label: `${label} (${market.shows})` });
    await first.page.getByText("Saved to your profile as your home city.").waitFor();
    await screenshot(first.page, "near-profile-saved");
    expect(await first.page.evaluate(() => localStorage.getItem("theset.homePlace"))).toBeNull();
    const sql = connect();
    try {
      const [saved] = await sql<{ home_city: string }[]>`
        select p.home_city from public.profiles p join auth.users u on u.id = p.user_id where u.email = ${email}`;
      expect(saved?.home_city).toBe(market.city);
    } finally {
      await sql.end();
    }
    expect(errors).toEqual([]);
    await first.context.close();
  });

  it("shows near you, signed in: another browser, with nothing in its storage, reads the city from the profile", async () => {
    const { email, password } = profileFan;
    const label = [market.city, market.state ?? market.country].join(", ");
    const second = await newFan(browser);
    const errors = trackPageErrors(second.page);
    await second.page.goto(`${appUrl}/account`);
    await second.page.getByRole("button", { name: "I already have an account" }).click();
    await second.page.getByLabel("Email").fill(email);
    await second.page.getByLabel("Password").fill(password);
    await second.page.getByRole("button", { name: "Sign in", exact: true }).click();
    await second.page.getByText("You're signed in.").waitFor();
    await screenshot(second.page, "near-profile-signed-in");
    await second.page.goto(`${appUrl}/near`);
    await second.page.getByRole("heading", { level: 1, name: `Shows near ${label}` }).waitFor();
    await second.page.getByText("Your profile's home city.").waitFor();
    await second.page.getByRole("heading", { name: /Upcoming shows/ }).getByText(String(market.shows)).waitFor();
    await screenshot(second.page, "near-profile-read");
    expect(errors).toEqual([]);
    await second.context.close();
  });
});

describe("browse pages: search and calendars", () => {
  it("search finds venues and cities through a typo", async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/search?q=${encodeURIComponent("synthetc arena")}`);
    await page.getByRole("heading", { name: "Venues and cities" }).waitFor();
    const venueLink = page.locator("section[aria-labelledby=places] a").first();
    await venueLink.waitFor();
    expect(await venueLink.getAttribute("href")).toMatch(/^\/venues\//);
    await screenshot(page, "search-places-flow");
    await page.close();
  });

  it("a show's 'Add to calendar' and an artist's feed are real iCalendar, in the venue's time zone", async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/shows/${upcoming.id}`);
    const add = page.getByRole("link", { name: "Add to calendar" });
    await add.waitFor();
    await screenshot(page, "calendar-show-flow");
    const ics = await (await fetch((await add.getAttribute("href"))!)).text();
    const calendar = new ICAL.Component(ICAL.parse(ics));
    for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(event.summary).toBe(upcoming.name);
    expect(event.startDate.zone.tzid).toBe(upcoming.timezone);
    expect(event.startDate.toJSDate().getTime()).toBe(upcoming.starts_at.getTime());

    await page.goto(`${appUrl}/artists/${upcoming.artist_slug}`);
    const feedLink = page.getByRole("link", { name: "download the feed" });
    await feedLink.waitFor();
    await screenshot(page, "calendar-artist-flow");
    expect(await page.getByRole("link", { name: /^Subscribe to/ }).getAttribute("href")).toMatch(/^webcal:/);
    const feed = new ICAL.Component(ICAL.parse(await (await fetch((await feedLink.getAttribute("href"))!)).text()));
    expect(feed.getAllSubcomponents("vevent").length).toBe(upcoming.feed);
    await page.close();
  });
});
