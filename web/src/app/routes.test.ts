// The route table the app and the boot script share: which page serves a path.

import { describe, expect, it } from "vitest";
import { PAGE_ROUTES, routeFor, routeMatches } from "./routes.ts";

describe("routes", () => {
  it("matches parameters as one non-empty segment, ignoring case and a trailing slash", () => {
    expect(routeMatches("/shows/:showId", "/shows/abc")).toBe(true);
    expect(routeMatches("/shows/:showId", "/shows/abc/")).toBe(true);
    expect(routeMatches("/search", "/Search")).toBe(true);
    expect(routeMatches("/shows/:showId", "/shows")).toBe(false);
    expect(routeMatches("/shows/:showId", "/shows/abc/setlist")).toBe(false);
    expect(routeMatches("/artists/:slug", "/venues/abc")).toBe(false);
    expect(routeMatches("*", "/anything/at/all")).toBe(true);
  });

  it("finds the page of every kind of path, and the not-found page for the rest", () => {
    expect(routeFor("/").page).toBe("HomePage");
    expect(routeFor("/shows/0b7c6f64-65a4-4a8b-8e0e-3f0f6f8b9a11").page).toBe("ShowPage");
    expect(routeFor("/shows/0b7c6f64-65a4-4a8b-8e0e-3f0f6f8b9a11/setlist").page).toBe("SetlistPage");
    expect(routeFor("/artists/the-band/songs/a-song").page).toBe("SongPage");
    expect(routeFor("/artists/the-band/tours/a-tour").page).toBe("TourPage");
    expect(routeFor("/leaderboard/shows/x").page).toBe("LeaderboardPage");
    expect(routeFor("/no/such/page").page).toBe("NotFoundPage");
  });

  it("ends with the catch-all, so every path has a page", () => {
    expect(PAGE_ROUTES.at(-1)).toEqual({ path: "*", page: "NotFoundPage" });
    expect(PAGE_ROUTES.filter((route) => route.path === "*")).toHaveLength(1);
  });
});
