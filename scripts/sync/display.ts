// Terminal output for `npm run sync`: one progress line per job (redrawn in
// place on a terminal, printed every few seconds otherwise) and a summary
// table when it ends.

import type { JobSlug, Progress } from "./runner.ts";

const tty = Deno.stdout.isTerminal();
const encoder = new TextEncoder();

/** inPlace false: plain lines every few seconds even on a terminal (several jobs at once). */
export function progressPrinter(slug: JobSlug, inPlace = true): { update: (p: Progress) => void; end: () => void } {
  const redraw = tty && inPlace;
  let lastPrinted = 0;
  let lastLine = "";
  return {
    update(p) {
      const width = 24;
      const share = p.total ? Math.min(1, p.done / p.total) : 0;
      const bar = p.total ? "#".repeat(Math.round(share * width)).padEnd(width, "-") : "~".repeat(width);
      const count = p.total ? `${p.done}/${p.total}` : `${p.done}`;
      const line =
        `${slug.padEnd(18)} [${bar}] ${count.padStart(7)}  seen ${p.seen}  written ${p.written}  failed ${p.failed}` +
        `  calls ${p.calls}  ${p.label.slice(0, 30)}`;
      if (line === lastLine) return;
      lastLine = line;
      if (redraw) {
        Deno.stdout.writeSync(encoder.encode(`\r\x1b[2K${line}`));
      } else if (Date.now() - lastPrinted > 3000) {
        lastPrinted = Date.now();
        console.log(line);
      }
    },
    end() {
      if (redraw && lastLine) Deno.stdout.writeSync(encoder.encode("\n"));
    },
  };
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => r.map((cell, c) => (cell ?? "").padEnd(widths[c])).join("  ").trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}
