// axe-core on every page the browser tests visit, at desktop and phone width.
//
// `screenshot()` (browser.ts) calls `checkAccessibility()`, so every page a
// test looks at is checked in the state the test brought it to (a dialog open,
// votes counted, an import finished). Every browser context is watched: each
// route its pages navigate to must have been checked before the test ends, or
// the test fails (accessibility-setup.ts), so a new page or journey is covered
// without anyone remembering to add a check.
//
// The rules: WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices,
// and one axe lacks: placeholder text must meet 4.5:1 against its field (axe's
// color-contrast skips ::placeholder). Any violation fails the test, unless it
// is in A11Y_EXCEPTIONS with its reason.

import { mkdir, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, Result } from "axe-core";
import type { BrowserContext, Page } from "playwright-core";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;

/**
 * Violations accepted on purpose: the rule, the element (a CSS selector as axe
 * reports it) and why it is right as it is. Empty: nothing is excused today.
 */
export const A11Y_EXCEPTIONS: readonly { rule: string; target: string; reason: string }[] = [];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const REPORT_DIR = new URL("../../screenshots/axe/", import.meta.url);

/** Routes (path names) a browser page navigated to, and the routes axe checked, per test. */
const visited = new Set<string>();
const checked = new Set<string>();

function route(url: string): string | null {
  const parsed = new URL(url);
  return parsed.protocol.startsWith("http") ? parsed.pathname : null;
}

/** Records every route the context's pages navigate to, including the SPA's own (history API) navigations. */
export function watchVisits(context: BrowserContext): void {
  context.on("page", (page) => {
    page.on("framenavigated", (frame) => {
      if (frame !== page.mainFrame()) return;
      const path = route(frame.url());
      if (path) visited.add(path);
    });
  });
}

/** The routes visited since the last call that axe never checked; starts the next test afresh. */
export function takeUncheckedVisits(): string[] {
  const unchecked = [...visited].filter((path) => !checked.has(path));
  visited.clear();
  checked.clear();
  return unchecked;
}

function viewportName(page: Page): ViewportName {
  const width = page.viewportSize()?.width ?? VIEWPORTS.desktop.width;
  return width < 700 ? "phone" : "desktop";
}

async function settle(page: Page): Promise<void> {
  // two frames: the resize's layout and paint are done before axe reads colours and sizes
  await page.evaluate(() =>
    new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))
  );
}

async function runAxe(page: Page): Promise<AxeResults> {
  if (!await page.evaluate(() => "axe" in window)) await page.evaluate(AXE_SOURCE);
  return await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof import("axe-core") }).axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      }),
    AXE_TAGS,
  );
}

/** WCAG 1.4.3's minimum for normal-size text; placeholders are normal-size text. */
export const PLACEHOLDER_MIN_CONTRAST = 4.5;

/**
 * Every visible placeholder's contrast against its field's background (the
 * first opaque background up the tree, translucent ones blended onto it), as
 * WCAG 2 defines contrast; reported in axe's shape so failures read the same.
 */
async function placeholderViolations(page: Page): Promise<Result[]> {
  const measured = await page.evaluate(() => {
    const parse = (color: string): [number, number, number, number] => {
      const [r, g, b, a = 1] = color.match(/[\d.]+/g)!.map(Number);
      return [r, g, b, a];
    };
    const background = (element: Element | null): [number, number, number] => {
      const layers: [number, number, number, number][] = [];
      for (let node = element; node; node = node.parentElement) {
        const layer = parse(getComputedStyle(node).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] === 1) break;
      }
      // the page's canvas is the root's background; blend the translucent layers onto it from the bottom up
      let [r, g, b] = layers.at(-1)?.[3] === 1 ? layers.pop()! : [255, 255, 255];
      for (const [lr, lg, lb, la] of layers.reverse()) {
        [r, g, b] = [lr * la + r * (1 - la), lg * la + g * (1 - la), lb * la + b * (1 - la)];
      }
      return [r, g, b];
    };
    const luminance = ([r, g, b]: number[]) => {
      const [lr, lg, lb] = [r, g, b].map((channel) => {
        const c = channel / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
    };
    return [...document.querySelectorAll<HTMLInputElement>("input[placeholder], textarea[placeholder]")]
      .filter((field) => field.placeholder && field.getClientRects().length > 0)
      .map((field) => {
        const back = background(field);
        const [r, g, b, a] = parse(getComputedStyle(field, "::placeholder").color);
        const text = [r * a + back[0] * (1 - a), g * a + back[1] * (1 - a), b * a + back[2] * (1 - a)];
        const [light, dark] = [luminance(text), luminance(back)].sort((x, y) => y - x);
        return {
          html: field.outerHTML,
          ratio: (light + 0.05) / (dark + 0.05),
          color: getComputedStyle(field, "::placeholder").color,
        };
      });
  });
  const low = measured.filter((field) => field.ratio < PLACEHOLDER_MIN_CONTRAST);
  if (low.length === 0) return [];
  return [{
    id: "placeholder-contrast",
    impact: "serious",
    tags: ["wcag2aa", "wcag143"],
    description: "Placeholder text must have sufficient contrast against its field",
    help: `Placeholders must meet ${PLACEHOLDER_MIN_CONTRAST}:1`,
    helpUrl: "https://www.w3.org/WAI/WCAG21/Understanding/contrast-minimum.html",
    nodes: low.map((field) => ({
      html: field.html,
      target: [field.html.slice(0, 120)],
      failureSummary: `placeholder ${field.color} is ${field.ratio.toFixed(2)}:1`,
      any: [],
      all: [],
      none: [],
    })),
  }];
}

function excused(rule: string, target: string): boolean {
  return A11Y_EXCEPTIONS.some((exception) => exception.rule === rule && exception.target === target);
}

function describeViolations(violations: Result[]): string[] {
  const lines: string[] = [];
  for (const violation of violations) {
    const nodes = violation.nodes.filter((node) => !excused(violation.id, node.target.join(" ")));
    if (nodes.length === 0) continue;
    lines.push(`${violation.id} (${violation.impact}, ${nodes.length}x): ${violation.help} ${violation.helpUrl}`);
    for (const node of nodes.slice(0, 5)) {
      lines.push(`  ${node.target.join(" ")}: ${node.failureSummary?.replace(/\s+/g, " ")}`);
    }
  }
  return lines;
}

/**
 * Runs axe on the page as it is now, at desktop and at phone width (the
 * current one first; the page is put back to its own size afterwards), writes
 * the results to screenshots/axe/<name>-<width>.json and throws on any
 * violation not in A11Y_EXCEPTIONS.
 */
export async function checkAccessibility(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  const current = viewportName(page);
  const sizes: ViewportName[] = current === "desktop" ? ["desktop", "phone"] : ["phone", "desktop"];
  const failures: string[] = [];
  await mkdir(REPORT_DIR, { recursive: true });
  try {
    for (const size of sizes) {
      if (size !== current) {
        await page.setViewportSize(VIEWPORTS[size]);
        await settle(page);
      }
      const results = await runAxe(page);
      const violations = [...results.violations, ...await placeholderViolations(page)];
      await writeFile(
        new URL(`${name}-${size}.json`, REPORT_DIR),
        JSON.stringify({ url: results.url, size, violations }, null, 2),
      );
      const lines = describeViolations(violations);
      if (lines.length) failures.push(`at ${size} width (${VIEWPORTS[size].width}px):`, ...lines);
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
  const path = route(page.url());
  if (path) checked.add(path);
  if (failures.length) {
    throw new Error(`axe found accessibility violations on ${page.url()} (${name}):\n${failures.join("\n")}`);
  }
}
