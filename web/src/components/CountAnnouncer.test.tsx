// The live region's words and pace: only songs the fan voted on and new
// suggestions are spoken, a burst of changes becomes one sentence with the
// latest counts, and the same words twice are said twice. (The show page's
// test hears it with real votes through Realtime: ShowPageAccessibility.test.tsx.)

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, render } from "@testing-library/react";
import type { SetlistSong } from "../data/setlists.ts";
import type { MyVotes } from "../data/votes.ts";
import { ANNOUNCE_EVERY_MS, countAnnouncement, CountAnnouncer } from "./CountAnnouncer.tsx";

function song(id: string, upvotes = 0, downvotes = 0): SetlistSong {
  return {
    id,
    setlist_id: "setlist",
    song_id: null,
    title: `Song ${id}`,
    position: id.charCodeAt(0),
    upvotes,
    downvotes,
    suggested: false,
  } as SetlistSong;
}

describe("countAnnouncement", () => {
  it("reads out up to three songs' counts and the suggested songs", () => {
    expect(countAnnouncement([song("A", 3, 1)], [])).toBe("Song A: 3 up, 1 down.");
    expect(countAnnouncement([song("A", 1), song("B", 0, 2)], ["New One"]))
      .toBe("Song A: 1 up, 0 down. Song B: 0 up, 2 down. New One was suggested.");
  });

  it("summarises more than three songs instead of reading them all", () => {
    expect(countAnnouncement(["A", "B", "C", "D"].map((id) => song(id, 1)), ["1", "2", "3", "4"]))
      .toBe("Counts changed on 4 songs you voted on. 4 songs were suggested.");
  });
});

describe("CountAnnouncer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function announcer(songs: SetlistSong[], myVotes: MyVotes) {
    const view = render(<CountAnnouncer songs={songs} myVotes={myVotes} />);
    const region = view.getByRole("status");
    // every node the region gets is one announcement (read synchronously: the records' callback would wait)
    const observer = new MutationObserver(() => {});
    observer.observe(region, { childList: true, subtree: true, characterData: true });
    const announced: string[] = [];
    const spoken = () => {
      for (const record of observer.takeRecords()) {
        for (const node of record.addedNodes) if (node.textContent) announced.push(node.textContent);
      }
      return announced;
    };
    const update = (next: SetlistSong[], votes: MyVotes = myVotes) =>
      view.rerender(<CountAnnouncer songs={next} myVotes={votes} />);
    const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms));
    return { region, spoken, update, wait };
  }

  it("says nothing about the list as it arrives, nor about songs the fan did not vote on", () => {
    const { region, spoken, update, wait } = announcer([song("A"), song("B")], { A: 1 });
    expect(region).toHaveAttribute("aria-live", "polite");
    update([song("A"), song("B", 4, 2)]);
    wait(ANNOUNCE_EVERY_MS * 3);
    expect(spoken()).toEqual([]);
    expect(region).toHaveTextContent(/^$/);
  });

  it("gathers a burst of changes on the fan's song into one sentence with the latest counts", () => {
    const { region, spoken, update, wait } = announcer([song("A"), song("B")], {});
    // the fan's own vote (optimistic), then four more votes by others within the second
    update([song("A", 1), song("B")], { A: 1 });
    for (let up = 2; up <= 5; up++) {
      wait(ANNOUNCE_EVERY_MS / 5);
      update([song("A", up), song("B", up)], { A: 1 });
    }
    expect(spoken()).toEqual([]);
    wait(ANNOUNCE_EVERY_MS);
    expect(spoken()).toEqual(["Song A: 5 up, 0 down."]);
    expect(region).toHaveTextContent("Song A: 5 up, 0 down.");
  });

  it("speaks for a vote taken back, and says the same words again when they come again", () => {
    const { spoken, update, wait } = announcer([song("A")], { A: 1 });
    update([song("A", 1)], { A: 1 });
    wait(ANNOUNCE_EVERY_MS);
    // taking the vote back leaves the fan's votes, and the song's counts still concern them
    update([song("A", 0)], {});
    wait(ANNOUNCE_EVERY_MS);
    update([song("A", 1)], { A: 1 });
    wait(ANNOUNCE_EVERY_MS);
    expect(spoken()).toEqual(["Song A: 1 up, 0 down.", "Song A: 0 up, 0 down.", "Song A: 1 up, 0 down."]);
  });

  it("says nothing about a change undone before it was said (a refused vote rolled back)", () => {
    const { spoken, update, wait } = announcer([song("A"), song("B")], { A: 1 });
    update([song("A"), song("B", 1)], { A: 1, B: 1 });
    wait(ANNOUNCE_EVERY_MS / 2);
    update([song("A"), song("B")], { A: 1 });
    wait(ANNOUNCE_EVERY_MS * 2);
    expect(spoken()).toEqual([]);
  });

  it("announces a newly suggested song", () => {
    const { spoken, update, wait } = announcer([song("A")], {});
    update([song("A"), { ...song("Z"), title: "Late Encore" }]);
    wait(ANNOUNCE_EVERY_MS);
    expect(spoken()).toEqual(["Late Encore was suggested."]);
  });
});
