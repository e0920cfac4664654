// Suggest a song from the artist's catalog: type to search, pick one. Songs
// already on the prediction are shown but cannot be picked again.

import { useId, useState } from "react";
import { useSongSearchQuery, useSuggestSong } from "../data/suggestions.ts";
import { useDebounced } from "../lib/useDebounced.ts";
import { ErrorState, Skeleton } from "./States.tsx";
import type { AppError } from "../lib/refusals.ts";

export function SuggestSong({ showId, artistId, onSongIds, canSuggest, onNeedsAccount }: {
  showId: string;
  artistId: string;
  /** catalog ids already on the prediction */
  onSongIds: ReadonlySet<string>;
  /** false for guests and visitors: they are asked for an account instead */
  canSuggest: boolean;
  onNeedsAccount: (retry: () => void) => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const settled = useDebounced(text, 200);
  const results = useSongSearchQuery(artistId, settled, open);
  const suggest = useSuggestSong(showId);
  const [done, setDone] = useState<string | null>(null);

  function send(songId: string, title: string) {
    suggest.mutate(songId, {
      onSuccess: () => setDone(`${title} was added to the prediction.`),
      onError: (error: AppError) => {
        if (error.needsAccount) onNeedsAccount(() => send(songId, title));
      },
    });
  }

  function pick(songId: string, title: string) {
    setDone(null);
    if (!canSuggest) {
      // the retry sends straight away: it runs from this render, whose canSuggest
      // is still false after the fan has made their account (the database decides)
      onNeedsAccount(() => send(songId, title));
      return;
    }
    send(songId, title);
  }

  return (
    <section className="suggest" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Suggest a song</h2>
      {!open
        ? (
          <button type="button" className="button" onClick={() => setOpen(true)}>
            Suggest a missing song
          </button>
        )
        : (
          <>
            <label htmlFor={`${id}-input`}>Search the catalog</label>
            <input
              id={`${id}-input`}
              type="search"
              value={text}
              autoFocus
              placeholder="Song title"
              aria-controls={`${id}-results`}
              onChange={(event) => setText(event.target.value)}
            />
            <div id={`${id}-results`} aria-live="polite">
              {results.isPending
                ? <Skeleton lines={3} label="Searching songs" />
                : results.isError
                ? <ErrorState error={results.error} onRetry={() => results.refetch()} />
                : results.data.length === 0
                ? <p className="hint">No song in the catalog matches “{settled}”.</p>
                : (
                  <ul className="suggest-results">
                    {results.data.map((song) => {
                      const already = onSongIds.has(song.id);
                      return (
                        <li key={song.id}>
                          <span>
                            {song.title}
                            {song.album ? <span className="card-meta">{song.album}</span> : null}
                          </span>
                          <button
                            type="button"
                            className="button button-small"
                            disabled={already || suggest.isPending}
                            // the visible words start the name (WCAG 2.5.3), so speech users can say what they see
                            aria-label={already ? `On the list: ${song.title}` : `Suggest ${song.title}`}
                            onClick={() => pick(song.id, song.title)}
                          >
                            {already ? "On the list" : "Suggest"}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                )}
            </div>
          </>
        )}
      {suggest.isError && !suggest.error.needsAccount
        ? <p className="form-error" role="alert">{suggest.error.message}</p>
        : null}
      {done ? <p className="form-ok" role="status">{done}</p> : null}
    </section>
  );
}
