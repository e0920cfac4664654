// The backtest's arithmetic, pure: how a predicted setlist is scored against
// the one played, the two baselines the engine is measured against, and the
// calibration table. Shows are compared as sets of catalog songs (tapes and
// entries without a catalog song left out, a song played twice counted once).

/** One entry of a played setlist: a catalog song (null for a cover or anything outside the catalog). */
export interface PlayedEntry {
  songId: string | null;
  isEncore: boolean;
}

export interface PlayedShow {
  showId: string;
  date: string;
  venueId: string | null;
  /** non-tape entries in the order played */
  entries: PlayedEntry[];
}

export interface PredictedSong {
  songId: string;
  isEncore: boolean;
  /** the engine's probability; baselines give none */
  probability?: number;
}

export interface Hits {
  f1: number;
  precision: number;
  recall: number;
  opener: number;
  closer: number;
  encore: number;
}

export type Metric = keyof Hits;
export const METRICS: Metric[] = ["f1", "precision", "recall", "opener", "closer", "encore"];

/** The first catalog song, the last catalog song before the encore, and the catalog songs of the encore. */
export function shapeOf(songs: { songId: string | null; isEncore: boolean }[]) {
  const catalog = songs.filter((s): s is { songId: string; isEncore: boolean } => s.songId !== null);
  const main = catalog.filter((s) => !s.isEncore);
  return {
    songs: new Set(catalog.map((s) => s.songId)),
    opener: catalog[0]?.songId ?? null,
    closer: main.at(-1)?.songId ?? null,
    encore: new Set(catalog.filter((s) => s.isEncore).map((s) => s.songId)),
  };
}

/**
 * Scores one prediction. opener/closer: 1 when the predicted first song / last
 * song before the encore is the played one. encore: when the show had an
 * encore, 1 when a song predicted for the encore was played in it; when it had
 * none, 1 when none was predicted.
 */
export function scorePrediction(predicted: PredictedSong[], played: PlayedShow): Hits {
  const want = shapeOf(played.entries);
  const got = shapeOf(predicted);
  let matched = 0;
  for (const id of got.songs) if (want.songs.has(id)) matched++;
  const precision = got.songs.size ? matched / got.songs.size : 0;
  const recall = want.songs.size ? matched / want.songs.size : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const encore = want.encore.size
    ? Number([...got.encore].some((id) => want.encore.has(id)))
    : Number(got.encore.size === 0);
  return {
    f1,
    precision,
    recall,
    opener: Number(got.opener !== null && got.opener === want.opener),
    closer: Number(got.closer !== null && got.closer === want.closer),
    encore,
  };
}

/** Baseline 1: the artist's last setlist, as it was played. */
export function lastSetlist(prior: PlayedShow[]): PredictedSong[] {
  const last = prior.at(-1);
  if (!last) return [];
  const seen = new Set<string>();
  const out: PredictedSong[] = [];
  for (const e of last.entries) {
    if (e.songId === null || seen.has(e.songId)) continue;
    seen.add(e.songId);
    out.push({ songId: e.songId, isEncore: e.isEncore });
  }
  return out;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return 0;
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
}

/** round() of a double precision in Postgres (rint): halves go to the even neighbour, as the old engine rounded. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  if (x - floor !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Baseline 2, the engine before this one: the catalog songs most played in the
 * last 25 setlists (then the most recently played, then by id), as many as the
 * median length of the last 10, ordered by their average place in the show.
 */
export function mostPlayed25(prior: PlayedShow[]): PredictedSong[] {
  const recent = prior.slice(-25).reverse();
  const length = roundHalfEven(medianOf(recent.slice(0, 10).map((s) => s.entries.length)));
  const stats = new Map<string, { shows: Set<number>; firstRecency: number; places: number[] }>();
  recent.forEach((show, recency) => {
    show.entries.forEach((e, i) => {
      if (e.songId === null) return;
      const s = stats.get(e.songId) ?? { shows: new Set(), firstRecency: recency, places: [] };
      s.shows.add(recency);
      s.places.push((i + 0.5) / show.entries.length);
      stats.set(e.songId, s);
    });
  });
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...stats]
    .sort(([a, x], [b, y]) => y.shows.size - x.shows.size || x.firstRecency - y.firstRecency || (a < b ? -1 : 1))
    .slice(0, length)
    .map(([songId, s]) => ({ songId, place: avg(s.places) }))
    .sort((a, b) => a.place - b.place || (a.songId < b.songId ? -1 : 1))
    .map(({ songId }) => ({ songId, isEncore: false }));
}

/** Mean of each metric over scored shows. */
export function meanHits(all: Hits[]): Hits {
  const out = { f1: 0, precision: 0, recall: 0, opener: 0, closer: 0, encore: 0 };
  if (!all.length) return out;
  for (const h of all) for (const m of METRICS) out[m] += h[m];
  for (const m of METRICS) out[m] = Math.round((out[m] / all.length) * 10000) / 10000;
  return out;
}

export interface CalibrationBin {
  /** probabilities in [from, to) (the last bin includes 1) */
  from: number;
  to: number;
  songs: number;
  mean_probability: number | null;
  played_share: number | null;
}

/** Of the predicted songs given probability p, the share played, in deciles of p. */
export function calibration(predictions: { probability: number; played: boolean }[]): CalibrationBin[] {
  const bins = Array.from({ length: 10 }, () => ({ songs: 0, p: 0, played: 0 }));
  for (const { probability, played } of predictions) {
    const bin = bins[Math.min(9, Math.floor(probability * 10))];
    bin.songs++;
    bin.p += probability;
    bin.played += Number(played);
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return bins.map((b, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    songs: b.songs,
    mean_probability: b.songs ? round(b.p / b.songs) : null,
    played_share: b.songs ? round(b.played / b.songs) : null,
  }));
}
