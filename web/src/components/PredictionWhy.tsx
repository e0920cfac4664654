// Why the engine predicts a song, in plain words, and how likely it is: the
// likelihood word comes from the database (setlist_songs.likelihood, from the
// engine's calibrated probability), the reasons from predict_setlist.

import type { SetlistSong } from "../data/setlists.ts";

export const LIKELIHOOD_WORDS: Record<string, string> = {
  likely: "likely",
  possible: "possible",
  long_shot: "long shot",
};

export function PredictionWhy({ song }: { song: Pick<SetlistSong, "probability" | "likelihood" | "reasons"> }) {
  if (song.probability === null || !song.likelihood) return null;
  const percent = Math.round(song.probability * 100);
  return (
    <span className="prediction-why">
      <span
        className={`badge badge-likelihood badge-${song.likelihood.replace("_", "-")}`}
        title={`The model gives it ${percent}%`}
      >
        {LIKELIHOOD_WORDS[song.likelihood] ?? song.likelihood} · {percent}%
      </span>
      {song.reasons?.length
        ? (
          <span className="card-meta reasons" data-testid="reasons">
            {song.reasons.map((reason) => reason.text).join(" · ")}
          </span>
        )
        : null}
    </span>
  );
}
