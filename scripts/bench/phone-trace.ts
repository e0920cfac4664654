// Where a phone's first visit spends its time: one load traced through the
// Chrome DevTools Protocol (Performance.getMetrics: the main thread's script,
// layout and style time) and the page's resource waterfall up to its largest
// contentful paint (what was fetched, when, over how many round trips that
// waited on each other).

import type { Browser } from "playwright-core";
import { fmt } from "./lib.ts";
import type { BundleReport } from "./spa.ts";
import { loadAndReadLcp, phoneContext, type Throttle, throttledPage } from "./phone.ts";

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
    const lcp = await loadAndReadLcp(page, url, ready);
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
