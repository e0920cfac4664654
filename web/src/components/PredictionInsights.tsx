// Beside the prediction: what usually happens at this point of the tour (the
// artist's last shows: set length, encores), and after a show how the model
// and the fans did ("the model got 11 of 14, fans got 12 of 14").

import type { PredictionScore } from "../data/setlists.ts";
import { useShowHabitsQuery } from "../data/predictions.ts";

export function TourHabits({ artistId }: { artistId: string | null }) {
  const habits = useShowHabitsQuery(artistId);
  if (!habits.data) return null;
  const { shows, setLength, encoreShare, encoreLength } = habits.data;
  const withEncore = Math.round(encoreShare * shows);
  return (
    <p className="tour-habits" data-testid="tour-habits">
      <strong>Lately:</strong> about {Math.round(setLength)} songs a show over the last {shows}{" "}
      {shows === 1 ? "show" : "shows"}; {withEncore === 0
        ? "no encore."
        : `an encore at ${withEncore} of ${shows}, usually ${Math.round(encoreLength)} ${
          Math.round(encoreLength) === 1 ? "song" : "songs"
        }.`}
    </p>
  );
}

export function CrowdVersusModel({ score }: { score: PredictionScore }) {
  if (!score.engine) return null;
  return (
    <p className="crowd-vs-model" data-testid="crowd-vs-model">
      The model got {score.engine.matched} of {score.engine.songs}
      {score.crowd
        ? `, fans got ${score.crowd.matched} of ${score.crowd.songs}.`
        : "; nobody voted, so there is no fans' pick to compare."}
    </p>
  );
}
