// The backtest: real setlist histories (setlist.fm's API 1.0 page format)
// loaded through the sync's own setlist.fm mapper and writer, then every show
// after the artist's first 10 predicted by predict_setlist as of the day
// before, from the shows before it only, and scored beside two baselines.

import type { Sql } from "../../supabase/functions/_shared/db.ts";
import { mapSetlists } from "../../supabase/functions/_shared/mappers/setlistfm.ts";
import { writeSetlistsPage } from "../../supabase/functions/_shared/writers/setlists.ts";
import type { SfmSetlist } from "../../supabase/functions/_shared/providers/setlistfm_types.ts";
import {
  calibration,
  type CalibrationBin,
  type Hits,
  lastSetlist,
  meanHits,
  mostPlayed25,
  type PlayedShow,
  type PredictedSong,
  scorePrediction,
} from "./score.ts";

/** Shows of history an artist needs before its shows are scored. */
export const WARM_UP_SHOWS = 10;
/** setlists per writer transaction, as a sync page would be (setlist.fm pages hold 20; bigger is faster here) */
const PAGE = 200;

export interface LoadedArtist {
  artistId: string;
  name: string;
  setlists: number;
  skipped: number;
}

/** Loads one file through mapSetlists and writeSetlistsPage, exactly as sync-setlists writes a page. */
export async function loadFile(sql: Sql, path: string): Promise<LoadedArtist> {
  const body = JSON.parse(await Deno.readTextFile(path)) as { setlist?: SfmSetlist[] };
  const setlists = body.setlist ?? [];
  const first = setlists.find((s) => s.artist?.mbid);
  if (!first?.artist?.mbid) throw new Error(`${path}: no setlist names its artist's MusicBrainz id`);
  const mbid = first.artist.mbid.toLowerCase();
  const name = first.artist.name ?? mbid;
  const [artist] = await sql<{ id: string }[]>`
    insert into public.artists (name, mbid) values (${name}, ${mbid}::uuid)
    on conflict (mbid) do update set name = excluded.name
    returning id::text`;
  const mapped = mapSetlists(setlists, mbid);
  for (let i = 0; i < mapped.setlists.length; i += PAGE) {
    await writeSetlistsPage(sql, { id: artist.id, name }, mapped.setlists.slice(i, i + PAGE));
  }
  return { artistId: artist.id, name, setlists: mapped.setlists.length, skipped: mapped.skipped.length };
}

/** The artist's played shows, oldest first, as the engine sees them (shows listing at least one catalog song). */
export async function playedShows(sql: Sql, artistId: string): Promise<PlayedShow[]> {
  const rows = await sql<
    { show_id: string; date: string; venue_id: string | null; entries: [string | null, boolean][] }[]
  >`
    select sh.id::text as show_id, sh.local_date::text as date, sh.venue_id::text as venue_id,
      jsonb_agg(jsonb_build_array(ss.song_id, ss.is_encore) order by ss.position) as entries
    from public.shows sh
    join public.setlists sl on sl.show_id = sh.id and sl.kind = 'actual'
    join public.setlist_songs ss on ss.setlist_id = sl.id and not ss.is_tape
    where sh.artist_id = ${artistId}::uuid
    group by sh.id
    having count(ss.song_id) > 0
    order by sh.local_date, sh.id`;
  return rows.map((r) => ({
    showId: r.show_id,
    date: r.date,
    venueId: r.venue_id,
    entries: r.entries.map(([songId, isEncore]) => ({ songId, isEncore })),
  }));
}

/** predict_setlist for a show, as of noon UTC the day before it. */
export async function predictShow(sql: Sql, artistId: string, show: PlayedShow): Promise<PredictedSong[]> {
  const rows = await sql<{ song_id: string; is_encore: boolean; probability: number }[]>`
    select song_id::text, is_encore, probability::float8 as probability
    from public.predict_setlist(
      ${artistId}::uuid, ((${show.date}::date - 1) + time '12:00') at time zone 'utc', ${show.venueId}::uuid,
      ${show.date}::date)
    order by predicted_position`;
  return rows.map((r) => ({ songId: r.song_id, isEncore: r.is_encore, probability: r.probability }));
}

export interface ArtistResult {
  name: string;
  shows_scored: number;
  engine: Hits;
  last_setlist: Hits;
  most_played_25: Hits;
  calibration: CalibrationBin[];
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

/** Scores every show after the first WARM_UP_SHOWS: the engine and both baselines on the same shows. */
export async function backtestArtist(
  sql: Sql,
  artist: LoadedArtist,
  options: { concurrency?: number; log?: (line: string) => void } = {},
): Promise<ArtistResult> {
  const shows = await playedShows(sql, artist.artistId);
  const targets = shows.map((show, i) => ({ show, i })).slice(WARM_UP_SHOWS);
  options.log?.(`${artist.name}: predicting ${targets.length} of ${shows.length} shows`);
  const engineHits: Hits[] = [];
  const lastHits: Hits[] = [];
  const mostHits: Hits[] = [];
  const probabilities: { probability: number; played: boolean }[] = [];
  const predictions = await mapLimited(
    targets,
    options.concurrency ?? 2,
    ({ show }) => predictShow(sql, artist.artistId, show),
  );
  targets.forEach(({ show, i }, n) => {
    // the shows before this one's date: a second show on the same day is not known yet
    let end = i;
    while (end > 0 && shows[end - 1].date >= show.date) end--;
    const prior = shows.slice(0, end);
    const predicted = predictions[n];
    engineHits.push(scorePrediction(predicted, show));
    lastHits.push(scorePrediction(lastSetlist(prior), show));
    mostHits.push(scorePrediction(mostPlayed25(prior), show));
    const played = new Set(show.entries.map((e) => e.songId));
    for (const p of predicted) probabilities.push({ probability: p.probability ?? 0, played: played.has(p.songId) });
  });
  return {
    name: artist.name,
    shows_scored: targets.length,
    engine: meanHits(engineHits),
    last_setlist: meanHits(lastHits),
    most_played_25: meanHits(mostHits),
    calibration: calibration(probabilities),
  };
}

export interface Target {
  name: string;
  value: number;
  bound: number;
  met: boolean;
}

/**
 * The targets for one artist: the engine's mean F1 at most 0.005 below
 * the better baseline, and (required on Phish, reported for every artist)
 * closing 10% of the better baseline's remaining error.
 */
export function targetsFor(result: ArtistResult): Target[] {
  const best = Math.max(result.last_setlist.f1, result.most_played_25.f1);
  const f1 = result.engine.f1;
  const closeBound = best + 0.1 * (1 - best);
  return [
    { name: "F1 >= better baseline - 0.005", value: f1, bound: best - 0.005, met: f1 >= best - 0.005 },
    { name: "F1 >= best + 0.1 x (1 - best)", value: f1, bound: closeBound, met: f1 >= closeBound },
  ];
}
