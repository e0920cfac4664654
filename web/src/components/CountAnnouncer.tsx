// What a screen reader hears while counts move: a polite live region that
// speaks only about the songs the fan voted on (their own vote's result, and
// other fans' votes on those songs) and about newly suggested songs. Counts of
// other songs change silently; they are in the list for anyone who looks.
// Changes are gathered for ANNOUNCE_EVERY_MS and said as one sentence, so a
// busy show cannot flood the fan with speech.

import { useEffect, useRef, useState } from "react";
import type { SetlistSong } from "../data/setlists.ts";
import type { MyVotes } from "../data/votes.ts";

/** At most one announcement this often; changes meanwhile join the next one. */
export const ANNOUNCE_EVERY_MS = 1_000;
/** Above this many songs in one announcement, their counts are summarised instead of read out. */
const MAX_SONGS_READ_OUT = 3;

type Counts = Pick<SetlistSong, "id" | "title" | "upvotes" | "downvotes">;

/** The sentence for songs whose counts changed and songs that were added, in the list's words. */
export function countAnnouncement(changed: Counts[], added: string[]): string {
  const parts: string[] = [];
  if (changed.length > MAX_SONGS_READ_OUT) {
    parts.push(`Counts changed on ${changed.length} songs you voted on.`);
  } else {
    for (const song of changed) parts.push(`${song.title}: ${song.upvotes} up, ${song.downvotes} down.`);
  }
  if (added.length > MAX_SONGS_READ_OUT) parts.push(`${added.length} songs were suggested.`);
  else for (const title of added) parts.push(`${title} was suggested.`);
  return parts.join(" ");
}

export function CountAnnouncer({ songs, myVotes }: { songs: SetlistSong[]; myVotes: MyVotes }) {
  const [spoken, setSpoken] = useState({ text: "", serial: 0 });
  const seen = useRef<Map<string, Counts> | null>(null);
  const votedBefore = useRef<MyVotes>({});
  // songs whose counts moved since the last announcement, with their counts before the first move
  const waiting = useRef({ changed: new Map<string, Counts>(), added: [] as string[] });
  const latest = useRef(songs);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    latest.current = songs;
    const before = seen.current;
    seen.current = new Map(songs.map((song) => [song.id, song]));
    // a vote just taken back still concerns the fan: the counts it changed are said
    const previousVotes = votedBefore.current;
    const votedOn = (id: string) => id in myVotes || id in previousVotes;
    votedBefore.current = myVotes;
    // the first list is what the page shows on arrival: nothing has changed yet
    if (!before) return;
    for (const song of songs) {
      const old = before.get(song.id);
      if (!old) waiting.current.added.push(song.title);
      else if (votedOn(song.id) && (old.upvotes !== song.upvotes || old.downvotes !== song.downvotes)) {
        if (!waiting.current.changed.has(song.id)) waiting.current.changed.set(song.id, old);
      }
    }
    const { changed, added } = waiting.current;
    if ((changed.size === 0 && added.length === 0) || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const { changed, added } = waiting.current;
      waiting.current = { changed: new Map(), added: [] };
      // the counts as they are when the sentence is said; a change undone meanwhile (a refused vote rolled
      // back) leaves nothing to say
      const songsNow = latest.current.filter((song) => {
        const old = changed.get(song.id);
        return old && (old.upvotes !== song.upvotes || old.downvotes !== song.downvotes);
      });
      const text = countAnnouncement(songsNow, added);
      if (text) setSpoken((previous) => ({ text, serial: previous.serial + 1 }));
    }, ANNOUNCE_EVERY_MS);
  }, [songs, myVotes]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);

  return (
    <p className="visually-hidden" role="status" aria-live="polite">
      {/* a new node per announcement, so the same words twice (a vote taken back and given again) are said twice */}
      <span key={spoken.serial}>{spoken.text}</span>
    </p>
  );
}
