// The data layer's pure rules: ranking, cache patches, vote arithmetic,
// parsing RPC answers, markets, play counts. (The health document: status.test.ts.)

import { describe, expect, it } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { queryKeys } from "./keys.ts";
import { applySongAdded, applyVoteCounts, rankPredicted, type SetlistSong, type ShowSetlists } from "./setlists.ts";
import { countsAfter, nextVote, parseVoteResult } from "./votes.ts";
import { parseSuggestion } from "./suggestions.ts";
import { groupByMarket, type ShowCard } from "./shows.ts";
import { likePattern } from "./suggestions.ts";
import { parseImportJob } from "./imports.ts";

const SHOW = "11111111-1111-4111-8111-111111111111";
const SETLIST = "22222222-2222-4222-8222-222222222222";

function song(id: string, position: number, upvotes = 0, downvotes = 0, extra: Partial<SetlistSong> = {}): SetlistSong {
  return {
    id,
    setlist_id: SETLIST,
    song_id: `catalog-${id}`,
    title: `Song ${id}`,
    position,
    set_number: 1,
    is_encore: false,
    is_tape: false,
    is_cover: false,
    cover_artist: null,
    info: null,
    probability: null,
    likelihood: null,
    reasons: null,
    suggested: false,
    upvotes,
    downvotes,
    ...extra,
  };
}

function cacheWith(songs: SetlistSong[]) {
  const queryClient = new QueryClient();
  const data: ShowSetlists = {
    predicted: { id: SETLIST, kind: "predicted", locked_at: null, songs },
    actual: null,
    score: null,
    predictionPending: false,
  };
  queryClient.setQueryData(queryKeys.setlists.forShow(SHOW), data);
  const read = () => queryClient.getQueryData<ShowSetlists>(queryKeys.setlists.forShow(SHOW))!.predicted!.songs;
  return { queryClient, read };
}

describe("rankPredicted", () => {
  it("orders by net votes, then upvotes, then the built order", () => {
    const ranked = rankPredicted([song("a", 1, 1, 0), song("b", 2, 5, 2), song("c", 3, 3, 0), song("d", 4, 0, 0)]);
    expect(ranked.map((s) => s.id)).toEqual(["b", "c", "a", "d"]);
  });

  it("keeps the built order for ties", () => {
    expect(rankPredicted([song("x", 2), song("y", 1)]).map((s) => s.id)).toEqual(["y", "x"]);
  });
});

describe("cache patches", () => {
  it("applyVoteCounts sets one song's counts and leaves the others alone", () => {
    const { queryClient, read } = cacheWith([song("a", 1, 1, 0), song("b", 2)]);
    expect(applyVoteCounts(queryClient, SHOW, { setlist_song_id: "a", upvotes: 4, downvotes: 1 })).toBe(true);
    expect(read().map((s) => [s.id, s.upvotes, s.downvotes])).toEqual([["a", 4, 1], ["b", 0, 0]]);
  });

  it("applyVoteCounts ignores a song that is not on this show's prediction", () => {
    const { queryClient, read } = cacheWith([song("a", 1)]);
    expect(applyVoteCounts(queryClient, SHOW, { setlist_song_id: "elsewhere", upvotes: 9, downvotes: 9 })).toBe(false);
    expect(read()[0].upvotes).toBe(0);
  });

  it("applySongAdded appends once, even when the answer and the broadcast both arrive", () => {
    const { queryClient, read } = cacheWith([song("a", 1)]);
    const added = { id: "n", setlist_id: SETLIST, song_id: "catalog-n", title: "New", position: 2, suggested: true };
    expect(applySongAdded(queryClient, SHOW, added)).toBe(true);
    expect(applySongAdded(queryClient, SHOW, added)).toBe(false);
    expect(read().map((s) => [s.id, s.upvotes, s.suggested])).toEqual([["a", 0, false], ["n", 0, true]]);
  });

  it("applySongAdded ignores a song for another setlist", () => {
    const { queryClient, read } = cacheWith([song("a", 1)]);
    const other = { id: "n", setlist_id: "other", song_id: null, title: "New", position: 2, suggested: true };
    expect(applySongAdded(queryClient, SHOW, other)).toBe(false);
    expect(read()).toHaveLength(1);
  });
});

describe("vote arithmetic", () => {
  it("clicking the vote you gave takes it back; the other button switches", () => {
    expect(nextVote(0, 1)).toBe(1);
    expect(nextVote(1, 1)).toBe(0);
    expect(nextVote(1, -1)).toBe(-1);
    expect(nextVote(-1, -1)).toBe(0);
  });

  it("countsAfter moves one vote between the counters", () => {
    const counts = { upvotes: 5, downvotes: 2 };
    expect(countsAfter(counts, 0, 1)).toEqual({ upvotes: 6, downvotes: 2 });
    expect(countsAfter(counts, 1, -1)).toEqual({ upvotes: 4, downvotes: 3 });
    expect(countsAfter(counts, -1, 0)).toEqual({ upvotes: 5, downvotes: 1 });
    expect(countsAfter({ upvotes: 0, downvotes: 0 }, 1, 0)).toEqual({ upvotes: 0, downvotes: 0 });
  });

  it("parseVoteResult accepts cast_vote's answer and rejects anything else", () => {
    expect(parseVoteResult({ setlist_song_id: "a", upvotes: 3, downvotes: 1, my_vote: 1 })).toEqual({
      setlist_song_id: "a",
      upvotes: 3,
      downvotes: 1,
      my_vote: 1,
    });
    expect(() => parseVoteResult({ setlist_song_id: "a", upvotes: "3", downvotes: 1, my_vote: 1 })).toThrow(
      /unreadable/,
    );
    expect(() => parseVoteResult({ setlist_song_id: "a", upvotes: 3, downvotes: 1, my_vote: 2 })).toThrow();
    expect(() => parseVoteResult(null)).toThrow();
  });

  it("parseSuggestion accepts a row or a one-row array and rejects a shapeless answer", () => {
    const row = { id: "n", setlist_id: SETLIST, song_id: "s", title: "New", position: 7, suggested: true };
    expect(parseSuggestion(row)).toEqual(row);
    expect(parseSuggestion([row])).toEqual(row);
    expect(() => parseSuggestion({ id: "n" })).toThrow(/unreadable/);
  });
});

describe("groupByMarket", () => {
  const show = (id: string, city: string | null, country = "US"): ShowCard => ({
    id,
    name: id,
    starts_at: null,
    local_date: "2026-05-01",
    date_tba: false,
    time_tba: true,
    voting_closes_at: null,
    status: "scheduled",
    ticket_url: null,
    artist: null,
    venue: city ? { id: `v-${id}`, name: "Hall", city, state: null, country, timezone: null } : null,
  });

  it("groups by city, biggest market first, and leaves out shows without a venue", () => {
    const markets = groupByMarket([
      show("1", "Austin"),
      show("2", "Berlin", "DE"),
      show("3", "Austin"),
      show("4", null),
    ]);
    expect(markets.map((m) => [m.label, m.shows.map((s) => s.id)])).toEqual([
      ["Austin, US", ["1", "3"]],
      ["Berlin, DE", ["2"]],
    ]);
  });
});

describe("likePattern", () => {
  it("escapes LIKE wildcards so they match literally", () => {
    expect(likePattern("100%_done\\")).toBe("%100\\%\\_done\\\\%");
  });
});

describe("parseImportJob", () => {
  it("reads a job and its progress", () => {
    expect(parseImportJob({ id: 42, status: "running", artist_id: "a", progress: { step: "songs", shows: 12 } }))
      .toMatchObject({
        id: "42",
        status: "running",
        artist_id: "a",
        progress: { stage: "songs", shows: 12, songs: null },
      });
  });

  it("takes the artist from the importer's progress before the job row carries it", () => {
    expect(parseImportJob({ id: 7, status: "running", artist_id: null, progress: { step: "catalog", artist_id: "b" } }))
      .toMatchObject({ artist_id: "b", progress: { stage: "catalog" } });
  });

  it("refuses an answer without a job id", () => {
    expect(() => parseImportJob({ status: "queued" })).toThrow(/no job id/);
  });
});
