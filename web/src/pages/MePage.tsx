// My TheSet (/me): my upcoming shows with my votes, past shows with my points
// and the prediction's score, my points over time, and how my suggestions did.
// One RPC (my_theset) reads it all for the signed-in fan.

import { Link } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { BarChart } from "../components/BarChart.tsx";
import { Avatar } from "../components/ProfileForm.tsx";
import { EmptyState, ErrorState, Skeleton } from "../components/States.tsx";
import { useSession } from "../data/auth.tsx";
import { useFanRulesQuery, useMyProfileQuery } from "../data/fans.ts";
import { type MyShow, type MySuggestion, useMyTheSetQuery } from "../data/leaderboards.ts";

function ShowLine({ show, past }: { show: MyShow; past: boolean }) {
  const calls = `${show.upvotes} up, ${show.downvotes} down${
    show.suggestions ? `, ${show.suggestions} suggested` : ""
  }`;
  return (
    <li className="me-show">
      <Link to={`/shows/${show.show_id}`} className="me-show-title">{show.show_name}</Link>
      <span className="card-meta">
        {[show.artist_name, show.local_date, show.city].filter(Boolean).join(" · ")}
      </span>
      <span>My calls: {calls}</span>
      {past
        ? (
          <span>
            {show.points === null ? "Waiting for the actual setlist" : (
              <>
                <strong>{show.points} points</strong> · prediction scored {show.score ?? "?"}/100 ·{" "}
                <Link to={`/leaderboard/shows/${show.show_id}`}>Show leaderboard</Link>
              </>
            )}
          </span>
        )
        : null}
    </li>
  );
}

function suggestionOutcome(s: MySuggestion): string {
  if (s.played === null) return "setlist not in yet";
  return s.played ? "played" : "not played";
}

function HowPointsWork() {
  const rules = useFanRulesQuery();
  if (!rules.data) return null;
  const r = rules.data;
  return (
    <p className="hint">
      Points: {r.upvote_played_points} for a song you voted up that was played, {r.downvote_unplayed_points}{" "}
      for a song you voted down that wasn't, {r.suggestion_played_points}{" "}
      for a song you suggested that was played. Wrong calls cost nothing; guests earn points once they create an
      account.
    </p>
  );
}

export default function MePage() {
  usePageTitle("My TheSet");
  const { ready, user, isGuest } = useSession();
  const me = useMyTheSetQuery();
  const profile = useMyProfileQuery();
  if (!ready) return <Skeleton lines={6} label="Loading your page" />;
  if (!user) {
    return (
      <div className="page narrow">
        <h1>My TheSet</h1>
        <EmptyState title="Vote on a show to start">
          Your shows, points and suggestions appear here. <Link to="/account">Sign in</Link> if you have an account.
        </EmptyState>
      </div>
    );
  }
  if (me.isPending) return <Skeleton lines={6} label="Loading your page" />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  const data = me.data;
  const handle = profile.data?.handle ?? null;
  return (
    <div className="page me-page">
      <header className="me-header">
        <Avatar handle={handle} size="large" />
        <div>
          <h1>My TheSet</h1>
          <p>
            {handle ? <strong>{handle}</strong> : <Link to="/account">Choose a handle</Link>}
            {" · "}
            <span data-testid="my-points">{data.points} points</span>
            {data.rank ? ` · rank ${data.rank}` : ""}
            {isGuest ? " · guest (create an account to earn points)" : ""}
          </p>
        </div>
      </header>

      <section aria-labelledby="me-upcoming">
        <h2 id="me-upcoming">My upcoming shows</h2>
        {data.upcoming.length === 0
          ? <EmptyState title="No upcoming shows with your votes" />
          : <ul className="me-shows">{data.upcoming.map((s) => <ShowLine key={s.show_id} show={s} past={false} />)}
          </ul>}
      </section>

      <section aria-labelledby="me-points">
        <h2 id="me-points">My points over time</h2>
        <HowPointsWork />
        {data.points_series.length === 0 ? <EmptyState title="No scored shows yet" /> : (
          <BarChart
            title="Total points after each scored show"
            unit="points"
            bars={data.points_series.map((p) => ({ label: p.local_date ?? p.show_name, value: p.total }))}
          />
        )}
        <p>
          <Link to="/leaderboard">See the leaderboard</Link>
        </p>
      </section>

      <section aria-labelledby="me-past">
        <h2 id="me-past">My past shows</h2>
        {data.past.length === 0
          ? <EmptyState title="No past shows yet" />
          : <ul className="me-shows">{data.past.map((s) => <ShowLine key={s.show_id} show={s} past />)}</ul>}
      </section>

      <section aria-labelledby="me-suggestions">
        <h2 id="me-suggestions">My suggestions</h2>
        {data.suggestions.length === 0
          ? <EmptyState title="You haven't suggested songs yet" />
          : (
            <ul className="me-suggestions">
              {data.suggestions.map((s, index) => (
                <li key={`${s.show_id}-${s.title}-${index}`}>
                  <strong>{s.title}</strong> for <Link to={`/shows/${s.show_id}`}>{s.show_name}</Link>
                  <span className="card-meta">
                    {s.upvotes} up, {s.downvotes} down · {suggestionOutcome(s)}
                  </span>
                </li>
              ))}
            </ul>
          )}
      </section>
    </div>
  );
}
