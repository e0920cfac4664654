// My TheSet (/me): my upcoming shows with my votes, past shows with my points
// and the prediction's score, my points over time, and how my suggestions did.
// One RPC (my_theset) reads it all for the signed-in fan.

import { Link } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { BarChart } from "../components/BarChart.tsx";
import { Avatar } from "../components/ProfileForm.tsx";
import { FanOnly, type VisitorNote } from "../components/FanOnly.tsx";
import { EmptyState, ErrorState, ListSection, Skeleton } from "../components/States.tsx";
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

const VISITOR: VisitorNote = {
  title: "Vote on a show to start",
  body: (
    <>
      Your shows, points and suggestions appear here. <Link to="/account">Sign in</Link> if you have an account.
    </>
  ),
};

export default function MePage() {
  usePageTitle("My TheSet");
  return <FanOnly title="My TheSet" lines={6} loading="Loading your page" visitor={VISITOR} page={MyTheSet} />;
}

function MyTheSet() {
  const { isGuest } = useSession();
  const me = useMyTheSetQuery();
  const profile = useMyProfileQuery();
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

      <ListSection
        id="me-upcoming"
        title="My upcoming shows"
        items={data.upcoming}
        empty="No upcoming shows with your votes"
        className="me-shows"
      >
        {(s) => <ShowLine key={s.show_id} show={s} past={false} />}
      </ListSection>

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

      <ListSection id="me-past" title="My past shows" items={data.past} empty="No past shows yet" className="me-shows">
        {(s) => <ShowLine key={s.show_id} show={s} past />}
      </ListSection>

      <ListSection
        id="me-suggestions"
        title="My suggestions"
        items={data.suggestions}
        empty="You haven't suggested songs yet"
        className="me-suggestions"
      >
        {(s, index) => (
          <li key={`${s.show_id}-${s.title}-${index}`}>
            <strong>{s.title}</strong> for <Link to={`/shows/${s.show_id}`}>{s.show_name}</Link>
            <span className="card-meta">
              {s.upvotes} up, {s.downvotes} down · {suggestionOutcome(s)}
            </span>
          </li>
        )}
      </ListSection>
    </div>
  );
}
