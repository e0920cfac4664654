// The show page's first frame painted by the boot script (app/boot.ts) from
// its own request's answer, before the app's JavaScript has arrived: on a
// phone the show's row is in about a second before the app's script has
// arrived and run (scripts/bench phone), and the page's largest paint is the
// show's name in its header. The frame is the app's own: the show's row goes
// through the show page's query's conversion (toShowDetail) into the page's
// own header and frame (pages/ShowHeader.tsx), rendered to DOM by staticDom
// into the static frame's <main> (build/home-shell.ts) while that is still in
// the document. The app's first render then replaces it with the same tree.

import { type ShowDetail, toShowDetail } from "../data/shows.ts";
import type { ShellState } from "../lib/bootData.ts";
import { SetlistsSkeleton, ShowPageFrame } from "../pages/ShowHeader.tsx";
import { staticDom } from "./staticDom.ts";

/** What the show page renders for `show` while its setlists load. */
export function showFirstFrame(show: ShowDetail) {
  return (
    <ShowPageFrame show={show}>
      <SetlistsSkeleton />
    </ShowPageFrame>
  );
}

/**
 * Paints the show of the boot request's `rows` (PostgREST's array) into the static frame's <main>, if
 * that frame is still in the document and the show exists; anything else leaves the page to the app.
 * Returns whether it painted.
 */
export function paintShowFrame(rows: unknown, shell: ShellState, doc: Document = document): boolean {
  const main = shell.nodes?.find((node): node is HTMLElement => node.nodeName === "MAIN" && node.isConnected);
  const row = Array.isArray(rows) ? rows[0] : undefined;
  if (!main || !row || typeof row !== "object") return false;
  try {
    main.replaceChildren(staticDom(showFirstFrame(toShowDetail(row as ShowDetail)), doc));
  } catch {
    return false; // the page's skeleton stays; the app renders the show
  }
  shell.painted = true;
  return true;
}
