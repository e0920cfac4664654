// The predicted setlist, ranked by votes, with up and down buttons. Counts
// change optimistically on click and live from other fans; refusals roll back
// and are said in words next to the list. A vote button keeps keyboard focus
// while its vote is on its way (and React's commit keeps it on a row the
// ranking moves: web/e2e/keyboard.e2e.test.ts checks both).

import { memo } from "react";
import type { SetlistSong } from "../data/setlists.ts";
import { rankPredicted } from "../data/setlists.ts";
import type { MyVotes, VoteValue } from "../data/votes.ts";
import { nextVote } from "../data/votes.ts";
import { PredictionWhy } from "./PredictionWhy.tsx";
import { VisuallyHidden } from "./VisuallyHidden.tsx";

export interface PredictedSetlistProps {
  songs: SetlistSong[];
  myVotes: MyVotes;
  votingOpen: boolean;
  pendingSongIds: ReadonlySet<string>;
  /** songs of the actual setlist, to mark the prediction's hits after the show */
  playedKeys?: ReadonlySet<string>;
  onVote: (songId: string, value: VoteValue) => void;
}

export function songKey(song: Pick<SetlistSong, "song_id" | "title">): string {
  return song.song_id ?? `title:${song.title.trim().toLowerCase()}`;
}

interface SongRowProps {
  song: SetlistSong;
  rank: number;
  mine: VoteValue;
  votingOpen: boolean;
  pending: boolean;
  played: boolean;
  onVote: (songId: string, value: VoteValue) => void;
}

/**
 * One song. Memoized: a vote changes one song's counts and marks one song pending, and on a phone's
 * slower CPU re-rendering every row for it is what a fan waits for between the click and the new
 * count (scripts/bench phone times it); with stable props the other rows are skipped.
 */
const SongRow = memo(function SongRow({ song, rank, mine, votingOpen, pending, played, onVote }: SongRowProps) {
  const net = song.upvotes - song.downvotes;
  // a pending vote's buttons stay focusable (aria-disabled, presses ignored): a disabled button drops focus
  const press = (clicked: -1 | 1) => {
    if (!pending) onVote(song.id, nextVote(mine, clicked));
  };
  return (
    <li className={`setlist-row${played ? " played" : ""}`} data-song-id={song.id}>
      <span className="rank" aria-hidden="true">{rank}</span>
      <span className="setlist-title">
        <span className="song-name">{song.title}</span>
        {song.suggested ? <span className="badge badge-suggested">suggested</span> : null}
        {played ? <span className="badge badge-played">played</span> : null}
        <PredictionWhy song={song} />
      </span>
      <span className="tally">
        <VisuallyHidden>{song.upvotes} up, {song.downvotes} down</VisuallyHidden>
        <span className={`net${net > 0 ? " positive" : net < 0 ? " negative" : ""}`} aria-hidden="true">
          {net > 0 ? `+${net}` : net}
        </span>
        <span className="split" aria-hidden="true">
          <span data-testid="upvotes">{song.upvotes}</span> ▲ <span data-testid="downvotes">{song.downvotes}</span> ▼
        </span>
      </span>
      <span className="vote-buttons">
        <button
          type="button"
          className="vote vote-up"
          aria-pressed={mine === 1}
          aria-label={`Vote up ${song.title}`}
          disabled={!votingOpen}
          aria-disabled={pending || undefined}
          onClick={() => press(1)}
        >
          ▲
        </button>
        <button
          type="button"
          className="vote vote-down"
          aria-pressed={mine === -1}
          aria-label={`Vote down ${song.title}`}
          disabled={!votingOpen}
          aria-disabled={pending || undefined}
          onClick={() => press(-1)}
        >
          ▼
        </button>
      </span>
    </li>
  );
});

export function PredictedSetlist(
  { songs, myVotes, votingOpen, pendingSongIds, playedKeys, onVote }: PredictedSetlistProps,
) {
  const ranked = rankPredicted(songs);
  return (
    <ol className="setlist predicted" aria-label="Predicted setlist, most voted first">
      {ranked.map((song, index) => (
        <SongRow
          key={song.id}
          song={song}
          rank={index + 1}
          mine={myVotes[song.id] ?? 0}
          votingOpen={votingOpen}
          pending={pendingSongIds.has(song.id)}
          played={playedKeys?.has(songKey(song)) ?? false}
          onVote={onVote}
        />
      ))}
    </ol>
  );
}
