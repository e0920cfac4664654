// The artist page's prediction accuracy over time: for each scored show, the
// share of songs the model (and the fans, when they voted) got right, from
// real scores only (prediction_accuracy). Nothing scored yet says so.

import { usePredictionAccuracyQuery } from "../data/predictions.ts";
import { BarChart } from "./BarChart.tsx";

export function PredictionAccuracyChart({ artistId }: { artistId: string }) {
  const accuracy = usePredictionAccuracyQuery(artistId);
  if (!accuracy.data) return null;
  const shows = accuracy.data;
  return (
    <section className="prediction-accuracy" aria-labelledby="accuracy-title">
      <h2 id="accuracy-title">Prediction accuracy</h2>
      {shows.length === 0
        ? <p className="hint">No show of this artist has been scored yet: accuracy appears after the first one.</p>
        : (
          <>
            <BarChart
              title="Model F1 per scored show (%)"
              unit="F1 %"
              bars={shows.map((show) => ({ label: show.playedOn.slice(5), value: Math.round(show.engine.f1 * 100) }))}
            />
            <p className="card-meta" data-testid="accuracy-summary">
              {shows.length} scored {shows.length === 1 ? "show" : "shows"}; the model got{" "}
              {shows.reduce((n, s) => n + s.engine.matched, 0)} of {shows.reduce((n, s) => n + s.engine.songs, 0)}{" "}
              predicted songs right
              {shows.some((s) => s.crowd)
                ? `, fans ${shows.reduce((n, s) => n + (s.crowd?.matched ?? 0), 0)} of ${
                  shows.reduce((n, s) => n + (s.crowd?.songs ?? 0), 0)
                } where they voted`
                : ""}.
            </p>
          </>
        )}
    </section>
  );
}
