// 10. Pages on a phone: the show page and the home page in headless Chromium
// with the CPU slowed four times and a slow 4G network, both through the
// Chrome DevTools Protocol (Emulation.setCPUThrottlingRate,
// Network.emulateNetworkConditions), as Lighthouse's mobile runs do.
//
// Per page: the largest contentful paint of a first visit (fresh browser
// context: empty cache, no session) from a PerformanceObserver
// ('largest-contentful-paint', buffered), and an interaction's click-to-paint
// (the click's event timestamp to the frame after the page's DOM showed its
// effect: requestAnimationFrame, then a message, after the change) plus the
// Event Timing API's duration of the same click (what INP reads). On the show
// page the interaction is a vote, twice: a visitor's first vote (which signs
// them in as a guest) and a signed-in fan's vote; on the home page it is
// picking another market. Where the time goes is recorded from one traced
// load (Performance.getMetrics, and the resource waterfall before the LCP).
//
// Baselines in the same run: the same pages with no throttling, and a static
// HTML page (no JavaScript) under the same throttling: the network's floor.

import type { Browser, Page } from "playwright-core";
import { PUBLISHABLE_KEY } from "../stack/keys.ts";
import { type Benchmark, type BenchOptions, type BenchReport, check, fmt, newReport, summarize } from "./lib.ts";
import { countScaleDataset, type ScaleCounts, type ScaleSize, scaleSize, seedScaleDataset } from "./scale/dataset.ts";
import { type BundleReport, CHROMIUM, withBuiltApp } from "./built_app.ts";
import {
  type ClickTiming,
  clickToPaint,
  CPU_SLOWDOWN,
  loadAndReadLcp,
  PHONE,
  phoneContext,
  phoneFindings,
  SLOW_4G,
  type Throttle,
  throttledPage,
  type Trace,
  traceLoad,
} from "./phone-browser.ts";

interface Target {
  showId: string;
  songs: number;
  /** a song of the prediction to vote on, and another one for the signed-in fan */
  voteSongIds: [string, string];
  markets: number;
}

async function pickShow({ stack }: BenchOptions): Promise<Target> {
  const sql = stack.sql({ max: 1 });
  // the busiest open prediction: the most voted-on upcoming show whose voting is open for at least a day
  const [show] = await sql<{ id: string; songs: number; song_ids: string[] }[]>`
    select sh.id, count(ss.id)::int as songs, (array_agg(ss.id order by ss.position))[1:2]::text[] as song_ids
    from public.shows sh
    join public.setlists sl on sl.show_id = sh.id and sl.kind = 'predicted' and sl.locked_at is null
    join public.setlist_songs ss on ss.setlist_id = sl.id
    where sh.status = 'scheduled' and sh.voting_closes_at > now() + interval '1 day'
    group by sh.id
    having count(ss.id) >= 2
    order by sum(ss.upvotes + ss.downvotes) desc, sh.id
    limit 1`;
  if (!show) throw new Error("the bench data has no upcoming show with an open prediction of two songs or more");
  const [{ markets }] = await sql<
    { markets: number }[]
  >`select count(*)::int as markets from public.upcoming_markets()`;
  return { showId: show.id, songs: show.songs, voteSongIds: [show.song_ids[0], show.song_ids[1]], markets };
}

/** A signed-up fan (email and password, through the stack's auth), as auth-js keeps the session in localStorage. */
async function signedUpFan(apiUrl: string, n: number): Promise<{ key: string; value: string }> {
  const email = `bench-phone-${Date.now()}-${n}@synthetic.invalid`;
  const response = await fetch(`${apiUrl}/auth/v1/signup`, {
    method: "POST",
    headers: { apikey: PUBLISHABLE_KEY, "content-type": "application/json" },
    body: JSON.stringify({ email, password: `bench-phone-${crypto.randomUUID()}` }),
  });
  const session = await response.json();
  if (!response.ok || !session.access_token) throw new Error(`sign-up failed: ${JSON.stringify(session)}`);
  return { key: `sb-${new URL(apiUrl).hostname.split(".")[0]}-auth-token`, value: JSON.stringify(session) };
}

const SONG_ROW = (id: string) => `[aria-label^="Predicted setlist"] [data-song-id="${id}"]`;
const SETLIST_READY = `[aria-label^="Predicted setlist"] [data-song-id]`;
/** The home page's last section settled: its list of shows, its empty state, or an error it shows. */
const HOME_READY = `[aria-label^="Upcoming shows in"] li, .home-page .empty-state, .home-page .error-state`;

interface PageRuns {
  lcp: number[];
  lcpElements: Set<string>;
  firstVote: ClickTiming[];
  fanVote: ClickTiming[];
  /** what an error state on the page said */
  errors: string[];
}

const emptyRuns = (): PageRuns => ({ lcp: [], lcpElements: new Set(), firstVote: [], fanVote: [], errors: [] });

/** Each page's runs on the phone (throttled) and unthrottled. */
type Results = Record<"show" | "home" | "static", { phone: PageRuns; none: PageRuns }>;

const PHONE_THROTTLE: Throttle = { network: true, cpu: true };
const NO_THROTTLE: Throttle = { network: false, cpu: false };

async function showRun(
  browser: Browser,
  appUrl: string,
  apiUrl: string,
  target: Target,
  throttle: Throttle,
  n: number,
  into: PageRuns,
) {
  const url = `${appUrl}/shows/${target.showId}`;
  const visitor = await phoneContext(browser);
  try {
    const page = await throttledPage(visitor, throttle);
    const lcp = await loadAndReadLcp(page, url, `${SETLIST_READY}, .show-page .error-state`, 30_000);
    into.lcp.push(lcp.at);
    into.lcpElements.add(lcp.element);
    if (await unsettled(page, lcp.ready, "a visitor's show page", into)) return;
    const up = `${SONG_ROW(target.voteSongIds[0])} button.vote-up`;
    into.firstVote.push(await clickToPaint(page, up, `${SONG_ROW(target.voteSongIds[0])} [data-testid="upvotes"]`));
  } finally {
    await visitor.close();
  }
  const fan = await phoneContext(browser, await signedUpFan(apiUrl, n));
  try {
    const page = await throttledPage(fan, throttle);
    const loaded = await loadAndReadLcp(page, url, `${SETLIST_READY}, .show-page .error-state`, 30_000);
    if (await unsettled(page, loaded.ready, "a signed-in fan's show page", into)) return;
    const row = SONG_ROW(target.voteSongIds[1]);
    // a fan's own earlier votes come in after the list: wait until the buttons say what the fan gave
    await page.waitForLoadState("networkidle", { timeout: 30_000 }).catch(() => {});
    into.fanVote.push(await clickToPaint(page, `${row} button.vote-up`, `${row} [data-testid="upvotes"]`));
  } finally {
    await fan.close();
  }
}

/** A show page that showed an error or had not settled after 30 s: says what it showed, in `errors`. */
async function unsettled(page: Page, ready: boolean, what: string, into: PageRuns): Promise<boolean> {
  const errors = await page.locator(".show-page .error-state").allInnerTexts();
  if (ready && errors.length === 0) return false;
  const busy = await page.locator("[aria-busy=true]").allInnerTexts();
  into.errors.push(
    `${what}: ${errors.join(" ").replace(/\s+/g, " ").slice(0, 200) || "no error shown"}; ` +
      `still loading after 30 s: ${busy.map((t) => t.trim()).join(", ") || "nothing"}`,
  );
  return true;
}

async function homeRun(browser: Browser, appUrl: string, target: Target, throttle: Throttle, into: PageRuns) {
  const context = await phoneContext(browser);
  try {
    const page = await throttledPage(context, throttle);
    const lcp = await loadAndReadLcp(page, `${appUrl}/`, HOME_READY, 30_000);
    into.lcp.push(lcp.at);
    into.lcpElements.add(lcp.element);
    const errors = await page.locator(".home-page .error-state").allInnerTexts();
    into.errors.push(...errors.map((text) => text.replace(/\s+/g, " ").slice(0, 200)));
    if (!lcp.ready) {
      // what the page still showed: which section had not arrived
      const busy = await page.locator(".home-page [aria-busy=true]").allInnerTexts();
      into.errors.push(`not settled after 30 s; still loading: ${busy.map((t) => t.trim()).join(", ") || "?"}`);
    }
    if (target.markets >= 2 && lcp.ready) {
      // another market: its button becomes the pressed one (and its shows load)
      const button = `.segmented button.segment[aria-pressed="false"]`;
      into.firstVote.push(await clickToPaint(page, button, `.segmented button.segment[aria-pressed="true"]`));
    }
  } finally {
    await context.close();
  }
}

async function staticRun(browser: Browser, appUrl: string, throttle: Throttle, into: PageRuns) {
  const context = await phoneContext(browser);
  try {
    const page = await throttledPage(context, throttle);
    const lcp = await loadAndReadLcp(page, `${appUrl}/bench-static.html`, "[data-song-id]");
    into.lcp.push(lcp.at);
    into.lcpElements.add(lcp.element);
  } finally {
    await context.close();
  }
}

const p = (values: number[], which: "p50" | "p95") => summarize(values)[which];
const ms = (value: number) => fmt(value, 0);
const ratio = (value: number, base: number) => Number.isFinite(value / base) ? `${(value / base).toFixed(2)}x` : "-";

function describeSeed(name: string, seeded: ScaleCounts): string {
  const seconds = Object.values(seeded.seconds).reduce((a, b) => a + b, 0);
  return `Data: the scale dataset (scripts/bench/scale/dataset.ts, synthetic, size ${name}): ${
    fmt(seeded.artists, 0)
  } ` +
    `artists, ${fmt(seeded.upcomingShows, 0)} upcoming and ${fmt(seeded.pastShows, 0)} past shows, ` +
    `${fmt(seeded.songs, 0)} songs, ${fmt(seeded.votes, 0)} votes from ${fmt(seeded.fans, 0)} fans; ` +
    (Object.keys(seeded.seconds).length ? `loaded in ${fmt(seconds, 0)} s` : "already loaded (the scale benchmark's)") +
    `, then refresh_trending.`;
}

/** The static page, the home page and the show page, `runs` first visits each, throttled and not. */
async function measure(
  browser: Browser,
  appUrl: string,
  { stack, quick, log }: BenchOptions,
  target: Target,
  runs: number,
): Promise<Results> {
  const results: Results = {
    show: { phone: emptyRuns(), none: emptyRuns() },
    home: { phone: emptyRuns(), none: emptyRuns() },
    static: { phone: emptyRuns(), none: emptyRuns() },
  };
  for (let i = 0; i < runs; i++) {
    log(`phone: run ${i + 1} of ${runs} (static, home, show; throttled and not)`);
    for (const [name, throttle] of [["phone", PHONE_THROTTLE], ["none", NO_THROTTLE]] as const) {
      await staticRun(browser, appUrl, throttle, results.static[name]);
      // the smoke times the app on the phone only: its checks are the point, not the ratios
      if (quick && name === "none") continue;
      await homeRun(browser, appUrl, target, throttle, results.home[name]);
      await showRun(
        browser,
        appUrl,
        stack.apiUrl,
        target,
        throttle,
        i * 2 + (name === "phone" ? 0 : 1),
        results.show[name],
      );
    }
  }
  return results;
}

/** The tables: each page's times on the phone against unthrottled, and each LCP against the static page's. */
function tabulate(report: BenchReport, results: Results, runs: number): void {
  const rows: (string | number)[][] = [];
  const row = (label: string, values: number[], base: number[]) =>
    rows.push([
      label,
      ms(p(values, "p50")),
      ms(p(values, "p95")),
      ms(p(base, "p50")),
      ratio(p(values, "p50"), p(base, "p50")),
    ]);
  row("static page LCP (floor)", results.static.phone.lcp, results.static.none.lcp);
  row("home LCP", results.home.phone.lcp, results.home.none.lcp);
  row("show LCP", results.show.phone.lcp, results.show.none.lcp);
  row(
    "home: pick a market, click-to-paint",
    results.home.phone.firstVote.map((c) => c.clickToPaint),
    results.home.none.firstVote.map((c) => c.clickToPaint),
  );
  row(
    "show: visitor's first vote, click-to-paint",
    results.show.phone.firstVote.map((c) => c.clickToPaint),
    results.show.none.firstVote.map((c) => c.clickToPaint),
  );
  row(
    "show: signed-in fan's vote, click-to-paint",
    results.show.phone.fanVote.map((c) => c.clickToPaint),
    results.show.none.fanVote.map((c) => c.clickToPaint),
  );
  row(
    "show: fan's vote, Event Timing duration",
    results.show.phone.fanVote.map((c) => c.eventDuration),
    results.show.none.fanVote.map((c) => c.eventDuration),
  );
  report.tables.push({
    title: `on the phone (ms; ${runs} first visits each)`,
    headers: ["what", "p50", "p95", "unthrottled p50", "phone / unthrottled"],
    rows,
  });
  const staticLcp = p(results.static.phone.lcp, "p50");
  report.tables.push({
    title: "LCP against the static page under the same throttling",
    headers: ["page", "LCP p50 ms", "vs static", "LCP element(s)"],
    rows: (["static", "home", "show"] as const).map((name) => [
      name,
      ms(p(results[name].phone.lcp, "p50")),
      ratio(p(results[name].phone.lcp, "p50"), staticLcp),
      [...results[name].phone.lcpElements].join(", "),
    ]),
  });
}

/** The verdicts (LCP and click-to-paint bounds, the bundle's budget), the checks and the metrics. */
function judge(
  report: BenchReport,
  results: Results,
  bundle: BundleReport,
  { runs, seeded, size }: { runs: number; seeded: ScaleCounts; size: ScaleSize },
): void {
  const staticLcp = p(results.static.phone.lcp, "p50");
  const under = (name: string, values: number[], bound: number) => {
    const value = p(values, "p95");
    report.verdicts.push({
      name,
      value,
      shown: `p95 ${ms(value)} ms`,
      target: `<= ${bound} ms`,
      met: value <= bound,
    });
  };
  under("show page LCP on a phone", results.show.phone.lcp, 2500);
  under("home page LCP on a phone", results.home.phone.lcp, 2500);
  under("a visitor's first vote, click-to-paint", results.show.phone.firstVote.map((c) => c.clickToPaint), 100);
  under("a signed-in fan's vote, click-to-paint", results.show.phone.fanVote.map((c) => c.clickToPaint), 100);
  if (results.home.phone.firstVote.length) {
    under("home: picking a market, click-to-paint", results.home.phone.firstVote.map((c) => c.clickToPaint), 100);
  }
  const largestRoute = Math.max(...bundle.routes.map((r) => r.gzipBytes));
  report.verdicts.push(
    {
      name: "initial JavaScript, gzip",
      value: bundle.initial.gzipBytes,
      shown: `${fmt(bundle.initial.gzipBytes / 1024)} kB`,
      target: `<= ${fmt(bundle.budgetBytes / 1024)} kB`,
      met: bundle.withinBudget,
    },
    {
      name: "largest route chunk, gzip",
      value: largestRoute,
      shown: `${fmt(largestRoute / 1024)} kB (${bundle.routes.find((r) => r.gzipBytes === largestRoute)?.name})`,
      target: "< 25 kB",
      met: largestRoute < 25 * 1024,
    },
  );
  const votes = [...results.show.phone.firstVote, ...results.show.phone.fanVote];
  report.checks.push(
    // at least: in the smoke the stack holds the other benchmarks' shows too
    check(
      "the scale dataset loaded",
      seeded.upcomingShows >= size.upcomingShows,
      `${seeded.upcomingShows} upcoming shows`,
    ),
    check(
      "every vote changed the count on the page",
      votes.length === runs * 2 && votes.every((v) => Number.isFinite(v.clickToPaint) && v.clickToPaint >= 0),
      `${votes.length} timed of ${runs * 2}`,
    ),
    check("every load had an LCP", results.show.phone.lcp.length === runs && results.home.phone.lcp.length === runs),
    ...(["home", "show"] as const).map((name) =>
      check(
        `the ${name} page settled with no error`,
        results[name].phone.errors.length + results[name].none.errors.length === 0,
        [...new Set([...results[name].phone.errors, ...results[name].none.errors])].join("; "),
      )
    ),
  );
  Object.assign(report.metrics, {
    show_lcp_p50_ms: p(results.show.phone.lcp, "p50"),
    show_lcp_p95_ms: p(results.show.phone.lcp, "p95"),
    home_lcp_p50_ms: p(results.home.phone.lcp, "p50"),
    home_lcp_p95_ms: p(results.home.phone.lcp, "p95"),
    static_lcp_p50_ms: staticLcp,
    show_lcp_vs_static: p(results.show.phone.lcp, "p50") / staticLcp,
    show_lcp_unthrottled_p50_ms: p(results.show.none.lcp, "p50"),
    first_vote_click_to_paint_p95_ms: p(results.show.phone.firstVote.map((c) => c.clickToPaint), "p95"),
    fan_vote_click_to_paint_p95_ms: p(results.show.phone.fanVote.map((c) => c.clickToPaint), "p95"),
    fan_vote_event_duration_p95_ms: p(results.show.phone.fanVote.map((c) => c.eventDuration), "p95"),
    initial_js_gzip_bytes: bundle.initial.gzipBytes,
    largest_route_gzip_bytes: largestRoute,
  });
}

async function run(options: BenchOptions): Promise<BenchReport> {
  const { stack, quick, log } = options;
  const report = newReport("phone", "the show and home pages on a phone: 4x slower CPU, slow 4G");
  const runs = quick ? 1 : Number(Deno.env.get("BENCH_PHONE_RUNS") ?? "5");
  const { name: sizeName, size } = scaleSize(quick, "BENCH_PHONE_SCALE");
  const sql = stack.sql({ max: 1 });
  // the smoke's shared stack may hold it already (the scale benchmark's, same ids): loading it twice would collide
  const [{ present }] = await sql<{ present: boolean }[]>`
    select exists (select from public.artists where slug = 'scale-artist-1') as present`;
  const seeded = present ? await countScaleDataset(sql) : await seedScaleDataset(stack.dbUrl, size, log);
  log("phone: refresh_trending over the scale dataset's votes (the home page's trending lists)");
  await sql`select public.refresh_trending()`;
  const target = await pickShow(options);

  log("phone: production build against the bench stack");
  await withBuiltApp(stack.apiUrl, "theset-bench-phone-", async ({ bundle, url, browser }) => {
    const results = await measure(browser, url, options, target, runs);
    log("phone: one traced load of the show page (and in a full run the home page): main-thread costs, waterfall");
    const traces: Record<string, Trace> = {
      show: await traceLoad(browser, `${url}/shows/${target.showId}`, SETLIST_READY, PHONE_THROTTLE),
    };
    if (!quick) traces.home = await traceLoad(browser, `${url}/`, HOME_READY, PHONE_THROTTLE);

    report.notes.push(
      `${describeSeed(sizeName, seeded)} Show: ${target.showId} (${target.songs} songs predicted, the most voted on).`,
      `Phone: Chromium headless (${CHROMIUM}), ${PHONE.viewport.width}x${PHONE.viewport.height} at ` +
        `${PHONE.deviceScaleFactor}x, CPU ${CPU_SLOWDOWN}x slower (Emulation.setCPUThrottlingRate), network ` +
        `Chrome DevTools' "Slow 4G" preset via Network.emulateNetworkConditions: ${SLOW_4G.latency} ms per request, ` +
        `${fmt(SLOW_4G.downloadThroughput / 1000, 0)} kB/s down, ${fmt(SLOW_4G.uploadThroughput / 1000, 1)} kB/s up ` +
        `(Lighthouse's mobile slow 4G, 150 ms RTT, 1.6 Mbps / 750 kbps, adjusted x3.75 latency and x0.9 throughput ` +
        `for per-request throttling).`,
      `Each run is a first visit (fresh context: no cache, no session); ${runs} run(s) per page and throttling. ` +
        `LCP from a buffered PerformanceObserver; click-to-paint from the click's event.timeStamp to the frame after ` +
        `the count (or the pressed market) changed in the DOM; event duration from the Event Timing API (INP's number).`,
      `Baselines in the same run: the same pages unthrottled, and a static HTML page (no JavaScript) throttled alike.`,
    );
    tabulate(report, results, runs);
    report.findings.push(...phoneFindings(traces, bundle));
    judge(report, results, bundle, { runs, seeded, size });
  });
  return report;
}

export const phone: Benchmark = {
  name: "phone",
  summary: "show and home pages on a phone (4x CPU, slow 4G): LCP and a vote's click-to-paint",
  run,
};
