// The backtest's arithmetic on small hand-worked cases.

import { assertEquals } from "../test/assert.ts";
import { calibration, lastSetlist, mostPlayed25, type PlayedShow, scorePrediction } from "./score.ts";

function show(id: string, date: string, songs: string, encore = ""): PlayedShow {
  const main = songs.split(" ").filter(Boolean).map((s) => ({ songId: s === "-" ? null : s, isEncore: false }));
  const enc = encore.split(" ").filter(Boolean).map((s) => ({ songId: s, isEncore: true }));
  return { showId: id, date, venueId: null, entries: [...main, ...enc] };
}

Deno.test("scorePrediction: set precision, recall and F1; opener, closer and encore hits", () => {
  // predicted a b c | d; played b a - c e | d f: matched a b c d of 4 predicted and 6 played songs
  const played = show("s", "2024-01-02", "b a - c e", "d f");
  const predicted = [
    { songId: "a", isEncore: false },
    { songId: "b", isEncore: false },
    { songId: "c", isEncore: false },
    { songId: "d", isEncore: true },
  ];
  const hits = scorePrediction(predicted, played);
  assertEquals(hits.precision, 1);
  assertEquals(hits.recall, 4 / 6);
  assertEquals(Math.round(hits.f1 * 1000) / 1000, 0.8);
  // the opener was b (not a); the closer before the encore was e (not c); d was in the encore
  assertEquals([hits.opener, hits.closer, hits.encore], [0, 0, 1]);
});

Deno.test("scorePrediction: a show without an encore counts a prediction without one as a hit", () => {
  const played = show("s", "2024-01-02", "a b");
  assertEquals(scorePrediction([{ songId: "a", isEncore: false }, { songId: "b", isEncore: false }], played), {
    f1: 1,
    precision: 1,
    recall: 1,
    opener: 1,
    closer: 1,
    encore: 1,
  });
  assertEquals(scorePrediction([{ songId: "a", isEncore: false }, { songId: "b", isEncore: true }], played).encore, 0);
  assertEquals(scorePrediction([], played).f1, 0);
});

Deno.test("lastSetlist repeats the last show once per song, with its encore", () => {
  const prior = [show("1", "2024-01-01", "x y"), show("2", "2024-01-02", "a b a -", "c")];
  assertEquals(lastSetlist(prior).map((s) => `${s.songId}${s.isEncore ? "*" : ""}`), ["a", "b", "c*"]);
  assertEquals(lastSetlist([]), []);
});

Deno.test("mostPlayed25: most played in the last 25, as many as the median of the last 10, in their usual place", () => {
  // 26 shows: the oldest (outside the window) is all z; then "a b c" x 20 and "d a b c" x 5 (newest)
  const prior = [show("0", "2023-12-01", "z z2 z3 z4")];
  for (let i = 1; i <= 20; i++) prior.push(show(`${i}`, `2024-01-${String(i).padStart(2, "0")}`, "a b c"));
  for (let i = 21; i <= 25; i++) prior.push(show(`${i}`, `2024-01-${i}`, "d a b c"));
  // last 10: 5 of 4 songs and 5 of 3: median 3.5 rounds to 4: a b c (25 shows) and d (5)
  const predicted = mostPlayed25(prior).map((s) => s.songId);
  // usual places: d 0.125, a (20 x .167 + 5 x .375) / 25 = .208, b .5 ..., c last
  assertEquals(predicted, ["d", "a", "b", "c"]);
});

Deno.test("calibration: of the songs given p, the share played, in deciles", () => {
  const bins = calibration([
    { probability: 0.95, played: true },
    { probability: 1, played: false },
    { probability: 0.05, played: false },
  ]);
  assertEquals(bins.length, 10);
  assertEquals(bins[9], { from: 0.9, to: 1, songs: 2, mean_probability: 0.975, played_share: 0.5 });
  assertEquals(bins[0].songs, 1);
  assertEquals(bins[5], { from: 0.5, to: 0.6, songs: 0, mean_probability: null, played_share: null });
});
