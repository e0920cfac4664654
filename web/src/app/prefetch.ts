// The data of the page being opened, asked for at boot, side by side with
// the page's chunk (preloadPage) instead of after it: a page's queries
// otherwise start only once its chunk has loaded and it has rendered. On a
// phone's slow network that is a round trip of about half a second saved
// per request chain (scripts/bench phone). The queries are the pages' own
// (same keys and functions), so the pages find their data in the cache.

import type { QueryClient } from "@tanstack/react-query";
import { matchPath } from "react-router-dom";
import type { TheSetClient } from "../lib/supabase.ts";
import { showPageQuery } from "../data/shows.ts";
import { trendingArtistsQuery, trendingShowsQuery } from "../data/trending.ts";
import { HOME_MARKET_PAGE, marketPlace, marketsQuery, showsNearQuery } from "../data/near.ts";

async function prefetchHome(queryClient: QueryClient, client: TheSetClient): Promise<void> {
  const markets = queryClient.fetchQuery(marketsQuery(client));
  await Promise.all([
    queryClient.prefetchQuery(trendingShowsQuery(client)),
    queryClient.prefetchQuery(trendingArtistsQuery(client)),
    markets.then((list) => {
      const { window, page, pageSize } = HOME_MARKET_PAGE;
      if (list[0]) {
        return queryClient.prefetchQuery(showsNearQuery(client, marketPlace(list[0]), window, page, pageSize));
      }
    }),
  ]);
}

/** Starts the queries of the page at `pathname` (the home and show pages: where fans land); never throws. */
export async function prefetchPageData(queryClient: QueryClient, client: TheSetClient, pathname: string) {
  try {
    const show = matchPath("/shows/:showId", pathname);
    if (show?.params.showId) await queryClient.prefetchQuery(showPageQuery(queryClient, client, show.params.showId));
    else if (matchPath("/", pathname)) await prefetchHome(queryClient, client);
  } catch {
    // the page asks again and shows its own error
  }
}
