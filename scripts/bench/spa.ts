// 6. The SPA: gzip size of the initial JavaScript and of each route, from a
// production build (web/build/bundle-budget.ts writes bundle-report.json), and
// the time from navigation to a rendered setlist in headless Chromium
// (playwright-core, Debian's /usr/bin/chromium with the e2e tests' flags)
// against the bench stack filled with the demo data through the real sync.
//
// Baseline in the same run: navigation to a static page served by the same
// server (no JavaScript, a list of the same shape) in the same browser.

import type { Browser, Page } from "playwright-core";
import { type Benchmark, type BenchOptions, type BenchReport, check, fmt, median, newReport } from "./lib.ts";
import { type BuiltApp, CHROMIUM, withBuiltApp } from "./built_app.ts";
import { loadDemoData } from "./demo.ts";

/**
 * Records, in the page's own clock (ms since the navigation started), when
 * the first element matching the selector enters the document. Timing from
 * the test side instead would add Playwright's polling, which backs off to
 * 500 ms between checks.
 */
function watchFor(selector: string): string {
  return `window.__benchShown = null;
    new MutationObserver((_, observer) => {
      if (document.querySelector(${JSON.stringify(selector)})) {
        window.__benchShown = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });`;
}

async function shownAt(page: Page, selector: string): Promise<number> {
  await page.locator(selector).first().waitFor({ state: "visible", timeout: 30_000 });
  return await page.evaluate(() => (globalThis as unknown as { __benchShown: number | null }).__benchShown ?? NaN);
}

/** ms from navigation start until the selector's first element is in the page: fresh contexts (cold), then one reused (warm). */
async function navigate(browser: Browser, url: string, selector: string, times: number) {
  const cold: number[] = [];
  const warm: number[] = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(watchFor(selector));
  try {
    for (let i = 0; i < times; i++) {
      const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await fresh.addInitScript(watchFor(selector));
      const page = await fresh.newPage();
      await page.goto(url, { waitUntil: "commit" });
      cold.push(await shownAt(page, selector));
      await fresh.close();
    }
    const page = await context.newPage();
    for (let i = 0; i <= times; i++) {
      await page.goto(url, { waitUntil: "commit" });
      const at = await shownAt(page, selector);
      // the first visit fills the cache; the rest are warm
      if (i > 0) warm.push(at);
    }
  } finally {
    await context.close();
  }
  return { cold, warm };
}

async function run({ stack, quick, log }: BenchOptions): Promise<BenchReport> {
  const report = newReport("spa", "bundle sizes and navigation to a rendered setlist in headless Chromium");
  const times = quick ? 1 : 7;
  const demo = await loadDemoData(stack, { quick, log });
  const sql = stack.sql({ max: 1 });
  const [show] = await sql<{ id: string; songs: number }[]>`
    select sh.id, count(ss.id)::int as songs
    from public.shows sh
    join public.setlists sl on sl.show_id = sh.id and sl.kind = 'predicted'
    join public.setlist_songs ss on ss.setlist_id = sl.id
    where sh.ticketmaster_id is not null and sh.status = 'scheduled' and sh.starts_at > now() + interval '1 day'
    group by sh.id, sh.starts_at
    order by sh.starts_at, sh.id
    limit 1`;
  if (!show) throw new Error(`the demo sync left no upcoming show with a prediction (${demo.statuses.join(", ")})`);

  log("spa: production build against the bench stack");
  await withBuiltApp(stack.apiUrl, "theset-bench-spa-", async ({ bundle, url, browser }: BuiltApp) => {
    log(`spa: ${times} cold and ${times} warm navigations each`);
    const staticNav = await navigate(browser, `${url}/bench-static.html`, "[data-song-id]", times);
    const showNav = await navigate(
      browser,
      `${url}/shows/${show.id}`,
      `[aria-label^="Predicted setlist"] [data-song-id]`,
      times,
    );
    // the rendered page must list the prediction the database holds; and where its time went
    const songSelector = `[aria-label^="Predicted setlist"] [data-song-id]`;
    const context = await browser.newContext();
    await context.addInitScript(watchFor(songSelector));
    const page = await context.newPage();
    await page.goto(`${url}/shows/${show.id}`);
    const shown = await shownAt(page, songSelector);
    const listed = await page.locator(songSelector).count();
    const timeline = await page.evaluate(() => {
      const entries = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const scripts = entries.filter((e) => e.name.endsWith(".js"));
      const api = entries.filter((e) => e.name.includes("/rest/v1/"));
      const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return {
        html: navigation.responseEnd,
        scripts: Math.max(...scripts.map((e) => e.responseEnd)),
        apiFirst: Math.min(...api.map((e) => e.startTime)),
        apiLast: Math.max(...api.map((e) => e.responseEnd)),
        apiCalls: api.length,
      };
    });
    await context.close();
    report.findings.push(
      `one cold load of the show page, in the page's clock: HTML ${fmt(timeline.html, 0)} ms, last script ` +
        `${fmt(timeline.scripts, 0)} ms, ${timeline.apiCalls} REST calls from ${fmt(timeline.apiFirst, 0)} to ` +
        `${fmt(timeline.apiLast, 0)} ms, setlist in the page at ${fmt(shown, 0)} ms; the rest is parsing and ` +
        `running ${fmt(bundle.initial.gzipBytes / 1024, 0)} kB (gzip) of initial JavaScript and React's renders.`,
    );

    report.notes.push(
      `Data: the demo data, synced into the bench stack through the real sync functions from the stack's synthetic ` +
        `upstream (${demo.statuses.join(", ")}; ${demo.shows} shows, ${demo.predictions} predictions built).`,
      `Build: vite build (production) of web/ pointed at the bench stack; served as static files by the benchmark.`,
      `Navigation: Chromium headless (${CHROMIUM}, the e2e flags); the page's own clock from the start of the ` +
        `navigation to the first song of the predicted setlist entering the page (a MutationObserver installed ` +
        `before any script); cold = a fresh browser context each time, warm = the same context again.`,
      `Baseline: a static HTML page (a 20-item list, no JavaScript) from the same server, timed the same way.`,
    );
    report.tables.push({
      title: "JavaScript, gzip (what a fan downloads)",
      headers: ["chunk", "files", "gzip kB"],
      rows: [
        ["initial (entry + static imports)", bundle.initial.files.length, fmt(bundle.initial.gzipBytes / 1024)],
        ...bundle.routes.map((r) => [`route ${r.name}`, r.files.length, fmt(r.gzipBytes / 1024)]),
      ],
    });
    const cold = median(showNav.cold);
    const staticCold = median(staticNav.cold);
    report.tables.push({
      title: "navigation to a rendered setlist",
      headers: ["page", "cold median ms", "warm median ms", "vs static (cold)"],
      rows: [
        ["static page (baseline)", fmt(staticCold, 0), fmt(median(staticNav.warm), 0), "1.00x"],
        [
          `/shows/:id (${show.songs} songs)`,
          fmt(cold, 0),
          fmt(median(showNav.warm), 0),
          `${(cold / staticCold).toFixed(2)}x`,
        ],
      ],
    });
    report.verdicts.push({
      name: "initial JavaScript, gzip, within web/budget.json",
      value: bundle.initial.gzipBytes,
      shown: `${fmt(bundle.initial.gzipBytes / 1024)} kB`,
      target: `<= ${fmt(bundle.budgetBytes / 1024)} kB`,
      met: bundle.withinBudget,
    });
    report.checks.push(
      check("the show page lists the prediction's songs", listed === show.songs, `${listed} of ${show.songs}`),
      check("the demo syncs ran", demo.statuses.every((s) => / (ok|partial)$/.test(s)), demo.statuses.join(", ")),
    );
    Object.assign(report.metrics, {
      initial_js_gzip_bytes: bundle.initial.gzipBytes,
      show_cold_ms: cold,
      show_warm_ms: median(showNav.warm),
      static_cold_ms: staticCold,
      show_vs_static: cold / staticCold,
    });
  });
  return report;
}

export const spa: Benchmark = {
  name: "spa",
  summary: "initial and per-route JavaScript (gzip); navigation to a rendered setlist in headless Chromium",
  run,
};
