// The phone for scripts/bench/phone.ts: the throttling (CPU and network over
// the Chrome DevTools Protocol), the observers every page gets, a load read
// to its largest contentful paint, a click timed to its paint.
//
// And where a phone's first visit spends its time: one load traced through the
// Chrome DevTools Protocol (Performance.getMetrics: the main thread's script,
// layout and style time) and the page's resource waterfall up to its largest
// contentful paint (what was fetched, when, over how many round trips that
// waited on each other).

import type { Browser, BrowserContext, Page } from "playwright-core";
import { fmt } from "./lib.ts";
import type { BundleReport } from "./built_app.ts";

/**
 * Chrome DevTools' "Slow 4G" preset (Puppeteer's PredefinedNetworkConditions["Slow 4G"]): Lighthouse's mobile
 * slow-4G profile (150 ms RTT, 1.6 Mbps down, 750 kbps up) with Lighthouse's adjustment for throttling in the
 * browser, which applies latency once per request rather than per round trip (latency x3.75, throughput x0.9).
 */
export const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: (1.6 * 1000 * 1000 / 8) * 0.9,
  uploadThroughput: (750 * 1000 / 8) * 0.9,
  connectionType: "cellular4g",
} as const;
export const CPU_SLOWDOWN = 4;
/** Lighthouse's mobile screen (a Moto G Power): 412 x 823 CSS pixels at 1.75 device pixels each. */
export const PHONE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true };

export interface Throttle {
  network: boolean;
  cpu: boolean;
}

/** In every page before its scripts: the LCP candidates and the Event Timing entries, in the page's clock. */
const OBSERVERS = `window.__phone = { lcp: [], events: [] };
  const describe = (el) => el ? el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') : '?';
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__phone.lcp.push({ at: e.renderTime || e.startTime, size: e.size, element: describe(e.element) });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.interactionId) window.__phone.events.push({ name: e.name, id: e.interactionId, duration: e.duration });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });`;

export async function throttledPage(context: BrowserContext, throttle: Throttle): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle.network) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  }
  if (throttle.cpu) await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  return page;
}

export async function phoneContext(browser: Browser, session?: { key: string; value: string }) {
  const context = await browser.newContext(PHONE);
  await context.addInitScript(OBSERVERS);
  if (session) {
    await context.addInitScript(
      `if (!localStorage.getItem(${JSON.stringify(session.key)})) ` +
        `localStorage.setItem(${JSON.stringify(session.key)}, ${JSON.stringify(session.value)});`,
    );
  }
  return context;
}

interface LcpEntry {
  at: number;
  size: number;
  element: string;
}

/**
 * Opens the page, waits for `ready` and for the load to settle, returns the last LCP candidate before
 * any input. With `settleMs`, a page that is not ready by then is measured as it is (`ready: false`).
 */
export async function loadAndReadLcp(
  page: Page,
  url: string,
  ready: string,
  settleMs?: number,
): Promise<LcpEntry & { ready: boolean }> {
  await page.goto(url, { waitUntil: "commit", timeout: 60_000 });
  let isReady = true;
  try {
    await page.locator(ready).first().waitFor({ state: "visible", timeout: settleMs ?? 60_000 });
  } catch (error) {
    if (settleMs === undefined) throw error;
    isReady = false;
  }
  await page.waitForFunction(() => document.readyState === "complete", null, { timeout: 60_000 });
  // a candidate is reported after its frame is presented: give the last one a moment to arrive
  await page.waitForTimeout(400);
  const entries = await page.evaluate(() => (globalThis as unknown as { __phone: { lcp: LcpEntry[] } }).__phone.lcp);
  const last = entries.at(-1);
  if (!last) throw new Error(`no largest-contentful-paint entry for ${url}`);
  return { ...last, ready: isReady };
}

export interface ClickTiming {
  /** the click's event timestamp to the frame after the watched text changed */
  clickToPaint: number;
  /** the Event Timing API's longest duration among the interaction's events (INP's number) */
  eventDuration: number;
}

/**
 * Clicks `button` and times it until the text of `watch` (a selector, queried
 * on every DOM change) differs from before, then until the frame after that
 * change (requestAnimationFrame, then a message: the task after the paint).
 */
export async function clickToPaint(page: Page, button: string, watch: string): Promise<ClickTiming> {
  await page.evaluate((watched) => {
    const w = globalThis as unknown as { __click: Promise<{ clickAt: number; paintedAt: number }> };
    w.__click = new Promise((resolve) => {
      const read = () => document.querySelector(watched)?.textContent ?? null;
      const before = read();
      let clickAt = NaN;
      addEventListener("click", (event) => clickAt = event.timeStamp, { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (read() === before) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve({ clickAt, paintedAt: performance.now() });
          channel.port2.postMessage(null);
        });
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }, watch);
  await page.locator(button).first().click({ timeout: 30_000 });
  const { clickAt, paintedAt } = await page.evaluate(() =>
    Promise.race([
      (globalThis as unknown as { __click: Promise<{ clickAt: number; paintedAt: number }> }).__click,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("the click changed nothing in 20 s")), 20_000)
      ),
    ])
  );
  // Event Timing entries arrive after their frame; the last interaction is this click's
  await page.waitForTimeout(300);
  const events = await page.evaluate(() =>
    (globalThis as unknown as { __phone: { events: { name: string; id: number; duration: number }[] } }).__phone.events
  );
  const lastId = Math.max(...events.map((e) => e.id));
  const eventDuration = Math.max(0, ...events.filter((e) => e.id === lastId).map((e) => e.duration));
  return { clickToPaint: paintedAt - clickAt, eventDuration: events.length ? eventDuration : NaN };
}

export interface Fetched {
  kind: "document" | "script" | "style" | "api" | "auth" | "other";
  path: string;
  start: number;
  end: number;
  /** bytes over the wire (headers and compressed body) */
  transfer: number;
}

export interface Trace {
  lcp: number;
  lcpElement: string;
  /** everything that started before the LCP, by start */
  fetched: Fetched[];
  /** requests before the LCP that could only start once an earlier one had finished: the critical path's length */
  waves: number;
  /** main-thread seconds from Performance.getMetrics, as ms */
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  taskMs: number;
}

function kindOf(url: URL, initiator: string): Fetched["kind"] {
  if (url.pathname.startsWith("/rest/v1/")) return "api";
  if (url.pathname.startsWith("/auth/v1/")) return "auth";
  if (initiator === "navigation") return "document";
  if (url.pathname.endsWith(".js")) return "script";
  if (url.pathname.endsWith(".css")) return "style";
  return "other";
}

/** Requests in dependent rounds: one that starts after every request of the round before it had ended opens a new round. */
export function countWaves(fetched: Pick<Fetched, "start" | "end">[]): number {
  let waves = 0;
  let roundEnd = -Infinity;
  for (const request of [...fetched].sort((a, b) => a.start - b.start)) {
    if (request.start >= roundEnd) {
      waves++;
      roundEnd = request.end;
    } else {
      roundEnd = Math.max(roundEnd, request.end);
    }
  }
  return waves;
}

export async function traceLoad(browser: Browser, url: string, ready: string, throttle: Throttle): Promise<Trace> {
  const context = await phoneContext(browser);
  try {
    const page = await throttledPage(context, throttle);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
    const lcp = await loadAndReadLcp(page, url, `${ready}, .error-state`, 30_000);
    const { metrics } = await cdp.send("Performance.getMetrics");
    const metric = (name: string) => 1000 * (metrics.find((m) => m.name === name)?.value ?? NaN);
    const entries = await page.evaluate(() => {
      const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      return [navigation, ...resources].map((e) => ({
        name: e.name,
        initiator: e.initiatorType,
        start: e.startTime,
        end: e.responseEnd,
        transfer: e.transferSize,
      }));
    });
    const fetched = entries
      .filter((e) => e.start < lcp.at)
      .map((e) => {
        const parsed = new URL(e.name);
        return {
          kind: kindOf(parsed, e.initiator),
          path: parsed.pathname.replace(/^\/(rest|auth)\/v1\//, "").replace(/^\/assets\//, ""),
          start: e.start,
          end: e.end,
          transfer: e.transfer,
        };
      })
      .sort((a, b) => a.start - b.start);
    return {
      lcp: lcp.at,
      lcpElement: lcp.element,
      fetched,
      waves: countWaves(fetched),
      scriptMs: metric("ScriptDuration"),
      layoutMs: metric("LayoutDuration"),
      styleMs: metric("RecalcStyleDuration"),
      taskMs: metric("TaskDuration"),
    };
  } finally {
    await context.close();
  }
}

function describeTrace(page: string, trace: Trace): string {
  const of = (kind: Fetched["kind"]) => trace.fetched.filter((f) => f.kind === kind);
  const scripts = of("script");
  const api = [...of("api"), ...of("auth")];
  const kb = (list: Fetched[]) => fmt(list.reduce((sum, f) => sum + f.transfer, 0) / 1024, 1);
  const lastEnd = (list: Fetched[]) => fmt(Math.max(...list.map((f) => f.end)), 0);
  return `${page}, one traced first visit on the phone: LCP at ${fmt(trace.lcp, 0)} ms (${trace.lcpElement}). ` +
    `Before it, ${trace.fetched.length} requests in ${trace.waves} rounds that waited on each other: the HTML, ` +
    `${scripts.length} scripts (${kb(scripts)} kB over the wire, the last done at ${lastEnd(scripts)} ms), ` +
    `${api.length} API calls (${
      api.map((f) => `${f.path} ${fmt(f.start, 0)}-${fmt(f.end, 0)} ms`).join("; ") || "none"
    }). ` +
    `Main thread until then: script ${fmt(trace.scriptMs, 0)} ms, style ${fmt(trace.styleMs, 0)} ms, layout ` +
    `${fmt(trace.layoutMs, 0)} ms, all tasks ${fmt(trace.taskMs, 0)} ms (thread time, CPU slowed 4x).`;
}

export function phoneFindings(traces: Record<string, Trace>, bundle: BundleReport): string[] {
  return [
    ...Object.entries(traces).map(([page, trace]) => describeTrace(page, trace)),
    `Initial JavaScript ${fmt(bundle.initial.gzipBytes / 1024, 1)} kB gzip (${bundle.initial.files.length} files); ` +
    `route chunks ${bundle.routes.map((r) => `${r.name} ${fmt(r.gzipBytes / 1024, 1)}`).join(", ")} kB.`,
  ];
}
