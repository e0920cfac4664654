// The boot script. The build inlines it into index.html (build/boot-script.ts),
// so it runs as soon as the HTML arrives, while the app's JavaScript is still
// on its way: on a phone on a slow network that script takes seconds, and only
// then would the page's data request and page chunk start (scripts/bench
// phone). This starts both at once: the opened page's data request, whose
// answer the app takes over (lib/bootData.ts), and a modulepreload of the page's
// chunks. It reads only public rows, with the publishable key, as a visitor
// would; anything that fails here the app asks for again itself.

import { readSupabaseEnv, type SupabaseEnv } from "../lib/env.ts";
import { isUuid } from "../lib/uuid.ts";
import { SHOW_PAGE_SELECT } from "../data/selects.ts";
import { bootKeys, type BootRequests, leaveBootRequests, shellState } from "../lib/bootData.ts";
import { routeFor } from "./routes.ts";
import { paintShowFrame } from "./showShell.tsx";

/** The page chunks to preload by route path, filled in by the build (empty in development). */
export type RouteChunks = Record<string, string[]>;

function getRows(env: SupabaseEnv, path: string, fetchFn: typeof fetch): Promise<unknown> {
  return fetchFn(`${env.url.replace(/\/+$/, "")}/rest/v1/${path}`, {
    headers: { apikey: env.key, Authorization: `Bearer ${env.key}`, Accept: "application/json" },
  }).then((response) => response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`)));
}

/** The show id of a show page's path, when it is one. */
function showIdOf(pathname: string): string | null {
  const showId = pathname.split("/").filter(Boolean)[1] ?? "";
  return routeFor(pathname).page === "ShowPage" && isUuid(showId) ? showId : null;
}

/** Starts the data requests of the page at `pathname`; none when the app is not configured. */
export function startBootRequests(
  pathname: string,
  viteEnv: Record<string, string | undefined>,
  fetchFn: typeof fetch = fetch,
): BootRequests {
  const requests: BootRequests = {};
  let env: SupabaseEnv;
  try {
    env = readSupabaseEnv(viteEnv);
  } catch {
    return requests; // the app says what is missing
  }
  const showId = showIdOf(pathname);
  if (showId) {
    const request = getRows(env, `shows?select=${encodeURIComponent(SHOW_PAGE_SELECT)}&id=eq.${showId}`, fetchFn);
    request.catch(() => {}); // taken or not, a failure here is the app's to report
    requests[bootKeys.showPage(showId)] = request;
  }
  return requests;
}

/** Adds a modulepreload link for each chunk of the page at `pathname`. */
export function preloadPageChunks(pathname: string, chunks: RouteChunks, doc: Document = document): void {
  for (const href of chunks[routeFor(pathname).path] ?? []) {
    const link = doc.createElement("link");
    link.rel = "modulepreload";
    link.href = href;
    doc.head.appendChild(link);
  }
}

/**
 * What the inlined script runs: names the opened route for the static frame's script (build/home-shell.ts),
 * preloads the page's chunks, starts its data requests and, on a show page, paints the show's header from
 * the answer into the static frame when it comes (showShell.tsx).
 */
export function boot(chunks: RouteChunks, viteEnv: Record<string, string | undefined>): void {
  const shell = shellState();
  shell.route = routeFor(location.pathname).path;
  preloadPageChunks(location.pathname, chunks);
  const requests = startBootRequests(location.pathname, viteEnv);
  leaveBootRequests(requests);
  const showId = showIdOf(location.pathname);
  const show = showId ? requests[bootKeys.showPage(showId)] : undefined;
  // (holding the chunks back until the show had answered, so that it had the link to itself, was tried:
  // not shown to paint sooner in A/B runs, and the app's scripts were done later; see BENCHMARKS.md)
  show?.then((rows) => paintShowFrame(rows, shell), () => {});
}
