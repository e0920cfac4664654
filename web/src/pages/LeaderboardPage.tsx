// Leaderboards: all time (/leaderboard), per artist (/leaderboard/artists/:slug)
// and per show (/leaderboard/shows/:showId), ranked by SQL, 25 fans a page.
// Fans appear by handle only.

import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { Avatar } from "../components/ProfileForm.tsx";
import { EmptyState, ErrorState, Skeleton } from "../components/States.tsx";
import { useArtistQuery } from "../data/artists.ts";
import { LEADERBOARD_PAGE_SIZE, type LeaderboardScope, useLeaderboardQuery } from "../data/leaderboards.ts";
import { useShowQuery } from "../data/shows.ts";

function Board({ scope, id }: { scope: LeaderboardScope; id: string | null }) {
  const [page, setPage] = useState(0);
  const query = useLeaderboardQuery(scope, id, page);
  if (query.isPending) return <Skeleton lines={8} label="Loading the leaderboard" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.length === 0 && page === 0) {
    return (
      <EmptyState title="No points yet">
        Points come when a show's actual setlist lands: vote and suggest on upcoming shows to get on the board.
      </EmptyState>
    );
  }
  return (
    <>
      <table className="leaderboard">
        <caption className="visually-hidden">Fans ranked by points, page {page + 1}</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Fan</th>
            <th scope="col">Points</th>
            {scope === "show" ? null : <th scope="col">Shows</th>}
          </tr>
        </thead>
        <tbody>
          {query.data.map((row) => (
            <tr key={`${row.rank}-${row.handle}-${row.points}`} className={row.is_me ? "is-me" : undefined}>
              <td>{row.rank}</td>
              <td>
                <Avatar handle={row.handle} />
                <span>{row.handle ?? "A fan without a handle"}</span>
                {row.is_me ? <span className="badge">you</span> : null}
                {row.home_city ? <span className="card-meta">{row.home_city}</span> : null}
              </td>
              <td>{row.points}</td>
              {scope === "show" ? null : <td>{row.shows}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Leaderboard pages">
        <button type="button" className="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>Page {page + 1}</span>
        <button
          type="button"
          className="button"
          disabled={query.data.length < LEADERBOARD_PAGE_SIZE}
          onClick={() => setPage(page + 1)}
        >
          Next
        </button>
      </nav>
    </>
  );
}

function ArtistBoard({ slug }: { slug: string }) {
  const artist = useArtistQuery(slug);
  usePageTitle(artist.data ? `${artist.data.name} leaderboard` : "Leaderboard");
  if (artist.isPending) return <Skeleton lines={4} label="Loading artist" />;
  if (artist.isError) return <ErrorState error={artist.error} onRetry={() => artist.refetch()} />;
  if (!artist.data) return <EmptyState title="We don't know this artist" />;
  return (
    <>
      <h1>{artist.data.name}: top fans</h1>
      <p>
        <Link to={`/artists/${slug}`}>Back to {artist.data.name}</Link> · <Link to="/leaderboard">All time</Link>
      </p>
      <Board scope="artist" id={artist.data.id} />
    </>
  );
}

function ShowBoard({ showId }: { showId: string }) {
  const show = useShowQuery(showId);
  usePageTitle(show.data ? `${show.data.name} leaderboard` : "Leaderboard");
  return (
    <>
      <h1>{show.data ? `${show.data.name}: top picks` : "Show leaderboard"}</h1>
      <p>
        <Link to={`/shows/${showId}`}>Back to the show</Link> · <Link to="/leaderboard">All time</Link>
      </p>
      <Board scope="show" id={showId} />
    </>
  );
}

export default function LeaderboardPage() {
  const { slug, showId } = useParams();
  return (
    <div className="page narrow leaderboard-page">
      {slug ? <ArtistBoard slug={slug} /> : showId ? <ShowBoard showId={showId} /> : <AllTime />}
    </div>
  );
}

function AllTime() {
  usePageTitle("Leaderboard");
  return (
    <>
      <h1>Leaderboard</h1>
      <p>All-time points for picks that came true.</p>
      <Board scope="all" id={null} />
    </>
  );
}
