// The app's pages by path, matched in this order (the first match wins; "*"
// is last). Plain data with no imports: App.tsx loads each page's module from
// it, and the build (build/boot-script.ts) maps each path to its page's chunks
// so the boot script can preload the opened page's chunks beside the app's.

export interface PageRouteSpec {
  path: string;
  /** the module in src/pages/, without .tsx */
  page: string;
}

export const PAGE_ROUTES: readonly PageRouteSpec[] = [
  { path: "/", page: "HomePage" },
  { path: "/search", page: "SearchPage" },
  { path: "/artists/:slug", page: "ArtistPage" },
  { path: "/imports/:jobId", page: "ImportPage" },
  { path: "/shows/:showId", page: "ShowPage" },
  { path: "/shows/:showId/setlist", page: "SetlistPage" },
  { path: "/venues/:slug", page: "VenuePage" },
  { path: "/artists/:slug/songs/:song", page: "SongPage" },
  { path: "/artists/:slug/tours/:tour", page: "TourPage" },
  { path: "/near", page: "NearPage" },
  { path: "/account", page: "AccountPage" },
  { path: "/status", page: "StatusPage" },
  { path: "/me", page: "MePage" },
  { path: "/notifications", page: "NotificationsPage" },
  { path: "/leaderboard", page: "LeaderboardPage" },
  { path: "/leaderboard/artists/:slug", page: "LeaderboardPage" },
  { path: "/leaderboard/shows/:showId", page: "LeaderboardPage" },
  { path: "*", page: "NotFoundPage" },
];

/**
 * Whether `pathname` matches a route path of the table: static segments exactly, `:name` one
 * non-empty segment, "*" anything; case and a trailing slash do not matter, as in React Router.
 */
export function routeMatches(path: string, pathname: string): boolean {
  if (path === "*") return true;
  const want = path.split("/").filter(Boolean);
  const have = pathname.split("/").filter(Boolean);
  return want.length === have.length &&
    want.every((segment, i) => segment.startsWith(":") || segment === have[i].toLowerCase());
}

/** The route that serves `pathname`: the first that matches. */
export function routeFor(pathname: string): PageRouteSpec {
  return PAGE_ROUTES.find((route) => routeMatches(route.path, pathname)) ?? PAGE_ROUTES[PAGE_ROUTES.length - 1];
}
