// One show: where and when (in the venue's timezone), the predicted setlist
// ranked by votes with live counts, suggestions, and after the show the
// actual setlist beside the prediction with its score.

import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { usePageTitle } from "../app/Layout.tsx";
import { useAccountPrompt } from "../components/AccountPrompt.tsx";
import { CountAnnouncer } from "../components/CountAnnouncer.tsx";
import { PredictedSetlist, songKey } from "../components/PredictedSetlist.tsx";
import { CrowdVersusModel, TourHabits } from "../components/PredictionInsights.tsx";
import { EmptyState, ErrorState, Skeleton } from "../components/States.tsx";
import { SuggestSong } from "../components/SuggestSong.tsx";
import { useSession } from "../data/auth.tsx";
import { useSupabase } from "../data/client.tsx";
import { useShowLive } from "../data/live.ts";
import { type PredictionScore, type Setlist, usePredictionPending, useShowSetlistsQuery } from "../data/setlists.ts";
import { isUuid, recordView, type ShowDetail, useShowPageQuery } from "../data/shows.ts";
import { useCastVote, useMyVotesQuery, type VoteValue } from "../data/votes.ts";
import { REFUSAL_MESSAGES } from "../lib/refusals.ts";
import { SetlistsSkeleton, ShowPageFrame } from "./ShowHeader.tsx";

export type VotingState = "open" | "started" | "cancelled" | "locked" | "no-prediction";

/**
 * Whether the show has started as the database decides it (show_has_started): completed, or its
 * voting_closes_at has passed. The closing moment itself (the start time, or for a time-TBA show
 * the start of its venue-local day) comes from the show row, never re-derived here.
 */
export function votingClosed(show: Pick<ShowDetail, "status" | "voting_closes_at">, now: Date): boolean {
  if (show.status === "completed") return true;
  return show.voting_closes_at !== null && new Date(show.voting_closes_at).getTime() <= now.getTime();
}

export function votingState(show: ShowDetail, predicted: Setlist | null, now: Date): VotingState {
  if (show.status === "cancelled") return "cancelled";
  if (predicted?.locked_at) return "locked";
  if (votingClosed(show, now)) return "started";
  if (!predicted) return "no-prediction";
  return "open";
}

const VOTING_NOTES: Record<VotingState, string> = {
  open: "Voting is open until the show starts.",
  started: REFUSAL_MESSAGES.voting_closed,
  cancelled: REFUSAL_MESSAGES.show_cancelled,
  locked: REFUSAL_MESSAGES.setlist_locked,
  "no-prediction": "",
};

function ActualSetlist({ setlist }: { setlist: Setlist }) {
  const firstEncore = setlist.songs.findIndex((song) => song.is_encore);
  return (
    <ol className="setlist actual" aria-label="Actual setlist">
      {setlist.songs.map((song, index) => (
        <li key={song.id} className={`setlist-row${song.is_tape ? " tape" : ""}`}>
          <span className="setlist-title">
            {index === firstEncore ? <span className="badge">encore</span> : null}
            {song.title}
            {song.is_cover && song.cover_artist ? <span className="card-meta">{song.cover_artist} cover</span> : null}
            {song.is_tape ? <span className="card-meta">tape</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Accuracy({ score }: { score: PredictionScore | null }) {
  if (!score) return <p className="hint">The prediction has not been scored yet.</p>;
  return (
    <>
      <p className="accuracy">
        <strong>{score.score}</strong>
        <span>/ 100 prediction score</span>
        <span className="card-meta">
          {score.matched} of {score.played} songs played were predicted ({score.predicted} predicted)
        </span>
      </p>
      <CrowdVersusModel score={score} />
    </>
  );
}

/**
 * The current time, re-read once when `instant` passes, so a page left open
 * closes voting when voting_closes_at passes. (Timers longer than a day are not set:
 * nobody keeps a tab open that long, and setTimeout caps at ~24.8 days.)
 */
function useNowUntil(instant: string | null): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!instant) return;
    const wait = new Date(instant).getTime() - Date.now();
    if (wait <= 0 || wait > 86_400_000) return;
    const timer = setTimeout(() => setNow(new Date()), wait + 50);
    return () => clearTimeout(timer);
  }, [instant]);
  return now;
}

/** The prediction column of a show without one: being built, waiting for the catalog, or none to be made. */
function NoPrediction({ show, state, building, waitingForSongs }: {
  show: ShowDetail;
  state: VotingState;
  /** the page asked for a prediction and it is on its way */
  building: boolean;
  /** the catalog sync did not arrive while the page asked: an upcoming show, not a closed one */
  waitingForSongs: boolean;
}) {
  if (building) {
    return (
      <section className="prediction" aria-labelledby="prediction-title">
        <h2 id="prediction-title">Predicted setlist</h2>
        <Skeleton lines={5} label="Building the prediction" />
        <p className="hint">Fetching {show.artist?.name ?? "the artist"}'s catalog to build the prediction…</p>
      </section>
    );
  }
  return (
    <section className="prediction" aria-labelledby="prediction-title">
      <h2 id="prediction-title">Predicted setlist</h2>
      <EmptyState title={state === "started" ? "No prediction was made for this show" : "No prediction for this show"}>
        {state === "cancelled"
          ? "The show was cancelled."
          : waitingForSongs
          ? `${show.artist?.name ?? "The artist"}'s songs have not arrived yet; the prediction is built once they have.`
          : "Predictions are made before a show starts."}
      </EmptyState>
    </section>
  );
}

function ShowBody({ show }: { show: ShowDetail }) {
  const { user, isGuest } = useSession();
  const { requestAccount } = useAccountPrompt();
  const now = useNowUntil(show.voting_closes_at);
  const beforeShow = show.status !== "cancelled" && !votingClosed(show, now);
  const setlists = useShowSetlistsQuery(show.id, { buildPrediction: beforeShow });
  const predictionPending = usePredictionPending(show.id, setlists);
  const predicted = setlists.data?.predicted ?? null;
  const actual = setlists.data?.actual ?? null;
  const songIds = useMemo(() => predicted?.songs.map((song) => song.id) ?? [], [predicted]);
  const myVotes = useMyVotesQuery(predicted?.id ?? null, songIds);
  // only an open vote changes counts or takes suggestions: a locked, started or past show has nothing to hear
  const live = useShowLive(show.id, votingState(show, predicted, now) === "open");
  const askForAccount = (reason: string) => (retry: () => void) => requestAccount({ reason, onAccount: retry });
  // stable across renders, so a vote re-renders only the rows it changes (PredictedSetlist's SongRow)
  const onVoteNeedsAccount = useCallback(
    (retry: () => void) => requestAccount({ reason: REFUSAL_MESSAGES.guest_vote_limit, onAccount: retry }),
    [requestAccount],
  );
  const votes = useCastVote(show.id, predicted?.id ?? null, { onNeedsAccount: onVoteNeedsAccount });
  const castVote = votes.vote;
  const onVote = useCallback((songId: string, value: VoteValue) => void castVote(songId, value), [castVote]);

  if (setlists.isPending) return <SetlistsSkeleton />;
  if (setlists.isError) return <ErrorState error={setlists.error} onRetry={() => setlists.refetch()} />;

  const state = votingState(show, predicted, now);
  const playedKeys = actual ? new Set(actual.songs.map(songKey)) : undefined;
  const catalogIdsOnPrediction = new Set(predicted?.songs.flatMap((song) => (song.song_id ? [song.song_id] : [])));

  const prediction = predicted
    ? (
      <section className="prediction" aria-labelledby="prediction-title">
        <div className="section-head">
          <h2 id="prediction-title">Predicted setlist</h2>
          {state === "open"
            ? (
              <span className={`live-dot live-${live.status}`}>
                {live.status === "live" ? "Live" : live.status === "connecting" ? "Connecting…" : "Offline"}
              </span>
            )
            : null}
        </div>
        <p className={`voting-note voting-${state}`}>{VOTING_NOTES[state]}</p>
        {state === "open" ? <TourHabits artistId={show.artist?.id ?? null} /> : null}
        {votes.error && !votes.error.needsAccount
          ? (
            <div className="form-error" role="alert">
              {votes.error.message}{" "}
              <button type="button" className="link-button" onClick={votes.clearError}>Dismiss</button>
            </div>
          )
          : null}
        {predicted.songs.length === 0
          ? <EmptyState title="No songs predicted yet">Suggest the first one below.</EmptyState>
          : (
            <PredictedSetlist
              songs={predicted.songs}
              myVotes={myVotes.data ?? {}}
              votingOpen={state === "open"}
              pendingSongIds={votes.pendingSongIds}
              playedKeys={playedKeys}
              onVote={onVote}
            />
          )}
        <CountAnnouncer songs={predicted.songs} myVotes={myVotes.data ?? {}} />
      </section>
    )
    : (
      <NoPrediction
        show={show}
        state={state}
        building={predictionPending}
        waitingForSongs={Boolean(setlists.data?.predictionPending)}
      />
    );

  return (
    <>
      <div className={actual ? "two-columns" : undefined}>
        {prediction}
        {actual
          ? (
            <section className="actual" aria-labelledby="actual-title">
              <h2 id="actual-title">What was played</h2>
              {/* a show nobody predicted has nothing to score (the prediction column says so) */}
              {predicted ? <Accuracy score={setlists.data.score} /> : null}
              <ActualSetlist setlist={actual} />
            </section>
          )
          : null}
      </div>
      {state === "open" && show.artist
        ? (
          <SuggestSong
            showId={show.id}
            artistId={show.artist.id}
            onSongIds={catalogIdsOnPrediction}
            canSuggest={Boolean(user) && !isGuest}
            onNeedsAccount={askForAccount(REFUSAL_MESSAGES.guest_cannot_suggest)}
          />
        )
        : null}
    </>
  );
}

export default function ShowPage() {
  const { showId = "" } = useParams();
  const client = useSupabase();
  const show = useShowPageQuery(showId);
  usePageTitle(show.data ? `${show.data.artist?.name ?? ""} · ${show.data.name}` : "Show");

  useEffect(() => {
    if (isUuid(showId)) void recordView(client, showId);
  }, [client, showId]);

  if (show.isPending) return <Skeleton lines={8} label="Loading show" />;
  if (show.isError) return <ErrorState error={show.error} onRetry={() => show.refetch()} />;
  if (!show.data) {
    return (
      <EmptyState title="Show not found">
        <Link to="/">Back to the home page</Link>
      </EmptyState>
    );
  }
  return (
    <ShowPageFrame show={show.data}>
      <ShowBody show={show.data} />
    </ShowPageFrame>
  );
}
