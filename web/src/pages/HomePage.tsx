// Home: what fans are voting on now (trending shows and artists), upcoming
// shows by market, and the search box.

import { memo, useDeferredValue, useState } from "react";
import { Link } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { ArtistCard, ShowCard } from "../components/Cards.tsx";
import { SearchBox } from "../components/SearchBox.tsx";
import { anySynthetic, SyntheticBanner } from "../components/Synthetic.tsx";
import { CardGridSkeleton, EmptyState, ErrorState } from "../components/States.tsx";
import {
  HOME_MARKET_PAGE,
  type Market,
  marketLabel,
  marketPlace,
  useMarketsQuery,
  useShowsNearQuery,
} from "../data/near.ts";
import { MyArtists } from "../components/MyArtists.tsx";
import { useTrendingArtistsQuery, useTrendingShowsQuery } from "../data/trending.ts";

function TrendingShows() {
  const query = useTrendingShowsQuery();
  if (query.isPending) return <CardGridSkeleton label="Loading trending shows" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.length === 0) {
    return <EmptyState title="Nothing trending yet">Votes and views from the last days make a show trend.</EmptyState>;
  }
  return <ul className="card-grid">{query.data.map((show) => <ShowCard key={show.id} show={show} />)}</ul>;
}

function TrendingArtists() {
  const query = useTrendingArtistsQuery();
  if (query.isPending) return <CardGridSkeleton label="Loading trending artists" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.length === 0) return <EmptyState title="No trending artists yet" />;
  return (
    <ul className="card-grid card-grid-compact">
      {query.data.map((artist) => <ArtistCard key={artist.id} artist={artist} />)}
    </ul>
  );
}

/**
 * One market's first page of upcoming shows. Memoized and given the deferred market (UpcomingByMarket): a
 * pick re-renders the buttons first, this list after the pressed button has painted.
 */
const MarketShows = memo(function MarketShows({ market }: { market: Market }) {
  const shows = useShowsNearQuery(
    marketPlace(market),
    HOME_MARKET_PAGE.window,
    HOME_MARKET_PAGE.page,
    HOME_MARKET_PAGE.pageSize,
  );
  if (shows.isPending || shows.isPlaceholderData) return <CardGridSkeleton cards={6} label="Loading upcoming shows" />;
  if (shows.isError) return <ErrorState error={shows.error} onRetry={() => shows.refetch()} />;
  return (
    <ul className="card-grid" aria-label={`Upcoming shows in ${marketLabel(market)}`}>
      {shows.data.shows.map((show) => <ShowCard key={show.id} show={show} />)}
    </ul>
  );
});

/** Every city's upcoming shows, counted in SQL (upcoming_markets): no capped sample. */
function UpcomingByMarket() {
  const markets = useMarketsQuery();
  const [selected, setSelected] = useState<string | null>(null);
  const market = markets.data?.find((m) => `${m.country}:${m.city}` === selected) ?? markets.data?.[0] ?? null;
  // the pick paints at once (the pressed button); swapping the list below, a dozen cards for a skeleton,
  // is rendered after that frame, interruptibly (scripts/bench phone: click-to-paint on a slowed CPU)
  const listedMarket = useDeferredValue(market);
  if (markets.isPending) return <CardGridSkeleton cards={6} label="Loading upcoming shows" />;
  if (markets.isError) return <ErrorState error={markets.error} onRetry={() => markets.refetch()} />;
  if (!market) {
    return <EmptyState title="No upcoming shows yet">The tour sync adds shows as they are announced.</EmptyState>;
  }
  return (
    <>
      <div className="segmented" role="group" aria-label="Market">
        {markets.data.slice(0, 8).map((m) => (
          <button
            key={`${m.country}:${m.city}`}
            type="button"
            className="segment"
            aria-pressed={m === market}
            onClick={() => setSelected(`${m.country}:${m.city}`)}
          >
            {marketLabel(m)} <span className="count">{m.shows}</span>
          </button>
        ))}
      </div>
      <MarketShows market={listedMarket ?? market} />
      <p>
        <Link to="/near">All shows near you</Link>
      </p>
    </>
  );
}

export default function HomePage() {
  usePageTitle("");
  // the same query the trending artists section reads: no extra request
  const trendingArtists = useTrendingArtistsQuery();
  return (
    <div className="page home-page">
      {anySynthetic(trendingArtists.data) ? <SyntheticBanner /> : null}
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Predict the setlist.</h1>
        <p>Vote the songs you think they'll play, suggest the ones that are missing, and watch the counts move live.</p>
        <SearchBox />
      </section>
      <MyArtists />
      <section aria-labelledby="trending-shows">
        <h2 id="trending-shows">Trending shows</h2>
        <TrendingShows />
      </section>
      <section aria-labelledby="trending-artists">
        <h2 id="trending-artists">Trending artists</h2>
        <TrendingArtists />
      </section>
      <section aria-labelledby="upcoming">
        <h2 id="upcoming">Upcoming shows</h2>
        <UpcomingByMarket />
      </section>
    </div>
  );
}
