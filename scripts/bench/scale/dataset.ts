// The scale dataset: a synthetic catalogue the size of a real one, for
// benchmarks only, generated in SQL (set-based insert ... select from
// generate_series) on a benchmark's throwaway stack, never on a developer's or
// the demo database.
//
// Labelled synthetic: every artist has artists.synthetic = true (how the demo
// upstream's invented artists are flagged and shown), every fan's email ends in
// @synthetic.invalid, every id is md5('scale-...') so the rows are recognisable.
//
// Shape at FULL size: 10,000 artists with 100 catalog songs each (1,000,000
// songs), 5,000 venues in 40 cities, 100,000 upcoming shows each with a
// 15-song prediction, 400,000 past shows (completed) each with a 12-song actual
// setlist drawn from the artist's catalog (popular songs more often), 1,000,000
// fans and 10,000,000 votes on the upcoming shows' predictions (popular shows
// get more; three in four up; ages over five weeks), hourly page views on half
// the upcoming shows.
//
// Counters: votes are inserted as rows, then every counter the app keeps of
// them is recomputed set-based from those rows (setlist_songs.upvotes and
// downvotes, vote_action_counts), which is what cast_vote would have left had
// each vote been cast through it once. Follows, suggestions and fan points are
// not generated (no votes on past shows, so no scores to give).
//
// Load speed: shows, setlists and songs are loaded with their own triggers
// off and what those triggers would set computed set-based with the same
// functions (see withoutUserTriggers); setlist_songs and votes (the big two)
// are loaded with their indexes and foreign keys dropped and then rebuilt from
// their own definitions. The final tables are the real schema, triggers on;
// the kept venue_song_plays is filled in one pass from what was loaded.

import postgres from "postgres";
import { CITIES, VENUE_KINDS, WORDS_A, WORDS_B } from "./names.ts";

export interface ScaleSize {
  artists: number;
  upcomingShows: number;
  pastShows: number;
  songs: number;
  votes: number;
  fans: number;
}

/** The issue's size: 10,000 artists, 100,000 upcoming and 400,000 past shows, 1M songs, 10M votes from 1M fans. */
export const FULL: ScaleSize = {
  artists: 10_000,
  upcomingShows: 100_000,
  pastShows: 400_000,
  songs: 1_000_000,
  votes: 10_000_000,
  fans: 1_000_000,
};

/** The smoke size (npm test): the same shape, a few seconds to load. */
export const QUICK: ScaleSize = {
  artists: 50,
  upcomingShows: 500,
  pastShows: 2_000,
  songs: 5_000,
  votes: 20_000,
  fans: 2_000,
};

/**
 * The size a benchmark loads: QUICK for the smoke, else FULL (the issue's catalog) unless the environment
 * variable names a share of it (e.g. 0.2 for a fifth: 100,000 shows), where loading FULL takes too long on
 * the machine at hand.
 */
export function scaleSize(quick: boolean, shareVariable: string): { name: string; size: ScaleSize } {
  if (quick) return { name: "QUICK", size: QUICK };
  const share = Number(Deno.env.get(shareVariable) ?? "1");
  if (!(share > 0 && share <= 1)) throw new Error(`${shareVariable}=${share}: a share of FULL, above 0, at most 1`);
  if (share === 1) return { name: "FULL", size: FULL };
  const scaled = Object.fromEntries(
    Object.entries(FULL).map(([k, v]) => [k, Math.round(v * share)]),
  ) as unknown as ScaleSize;
  return { name: `${share} of FULL`, size: scaled };
}

/** Songs in each upcoming show's prediction. */
export const PREDICTED_SONGS = 15;
/** Songs in each past show's actual setlist. */
export const ACTUAL_SONGS = 12;

type Sql = ReturnType<typeof postgres>;

/** A SQL array literal of text values (the word lists are constants of this file, not input). */
function textArray(values: string[]): string {
  return `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ")}]::text[]`;
}

/** SQL for the synthetic artist name of number `n` (an integer expression): "Crimson Harbor", "Crimson Harbor 2", ... */
function artistName(n: string): string {
  const a = textArray(WORDS_A);
  const b = textArray(WORDS_B);
  return `(${a})[1 + (${n} - 1) % ${WORDS_A.length}] || ' ' || (${b})[1 + ((${n} - 1) / ${WORDS_A.length}) % ${WORDS_B.length}]
    || case when (${n} - 1) / ${WORDS_A.length * WORDS_B.length} > 0
       then ' ' || (1 + (${n} - 1) / ${WORDS_A.length * WORDS_B.length})::text else '' end`;
}

/** SQL for the title of catalog song `i` (0-based) of an artist, unique per artist: "Velvet Harbor", ... "Velvet Harbor Part 2" */
function songTitle(i: string): string {
  const a = textArray(WORDS_A);
  const b = textArray(WORDS_B);
  return `(${a})[1 + (${i}) % ${WORDS_A.length}] || ' ' || (${b})[1 + ((${i}) / ${WORDS_A.length}) % ${WORDS_B.length}]
    || case when (${i}) / ${WORDS_A.length * WORDS_B.length} > 0
       then ' Part ' || (1 + (${i}) / ${WORDS_A.length * WORDS_B.length})::text else '' end`;
}

export const uuidOf = {
  artist: (n: string) => `md5('scale-artist-' || ${n})::uuid`,
  venue: (n: string) => `md5('scale-venue-' || ${n})::uuid`,
  show: (n: string) => `md5('scale-show-' || ${n})::uuid`,
  setlist: (n: string, kind: "predicted" | "actual") => `md5('scale-setlist-${kind}-' || ${n})::uuid`,
  song: (artist: string, i: string) => `md5('scale-song-' || ${artist} || '-' || ${i})::uuid`,
  setlistSong: (show: string, position: string) => `md5('scale-ss-' || ${show} || '-' || ${position})::uuid`,
  fan: (n: string) => `md5('scale-fan-' || ${n})::uuid`,
};

/**
 * The tables' own indexes and foreign keys (theirs and those pointing at them),
 * dropped for a bulk load and rebuilt afterwards from their saved definitions.
 */
async function withoutIndexes(sql: Sql, tables: string[], load: () => Promise<void>): Promise<number> {
  const regclasses = tables.map((t) => `'${t}'::regclass`).join(", ");
  const foreignKeys = await sql.unsafe<{ tbl: string; name: string; def: string }[]>(`
    select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
    from pg_constraint
    where contype = 'f' and (conrelid in (${regclasses}) or confrelid in (${regclasses}))`);
  const keys = await sql.unsafe<{ tbl: string; name: string; def: string }[]>(`
    select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
    from pg_constraint where contype in ('p', 'u') and conrelid in (${regclasses})`);
  const indexes = await sql.unsafe<{ name: string; def: string }[]>(`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i
    where i.indrelid in (${regclasses})
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u'))`);
  for (const fk of foreignKeys) await sql.unsafe(`alter table ${fk.tbl} drop constraint ${fk.name}`);
  for (const key of keys) await sql.unsafe(`alter table ${key.tbl} drop constraint ${key.name}`);
  for (const index of indexes) await sql.unsafe(`drop index ${index.name}`);
  await load();
  const rebuildStarted = performance.now();
  for (const key of keys) await sql.unsafe(`alter table ${key.tbl} add constraint ${key.name} ${key.def}`);
  for (const index of indexes) await sql.unsafe(index.def);
  for (const fk of foreignKeys) await sql.unsafe(`alter table ${fk.tbl} add constraint ${fk.name} ${fk.def}`);
  return (performance.now() - rebuildStarted) / 1000;
}

/**
 * Runs a bulk load with the tables' own triggers off (foreign keys stay on). The load computes what
 * they would have set (voting_closes_at with the trigger's own function, normalized titles with
 * normalize_song_title); the notification triggers would have written nothing, as no fan follows
 * a synthetic artist. The triggers are on again afterwards.
 */
async function withoutUserTriggers(sql: Sql, tables: string[], load: () => Promise<void>): Promise<void> {
  for (const table of tables) await sql.unsafe(`alter table ${table} disable trigger user`);
  try {
    await load();
  } finally {
    for (const table of tables) await sql.unsafe(`alter table ${table} enable trigger user`);
  }
}

/** What every step of the load reads: the connection, the size, the shape derived from it. */
interface Load {
  sql: Sql;
  size: ScaleSize;
  step: (name: string, fn: () => Promise<unknown>) => Promise<void>;
  songsPerArtist: number;
  venues: number;
  votesPerFan: number;
  /** the CITIES as a SQL values list */
  cities: string;
}

async function loadArtistsAndVenues(load: Load): Promise<void> {
  const { sql, step, venues, cities } = load;
  const { artists: A } = load.size;
  await step("artists and venues", async () => {
    await sql.unsafe(`
      insert into public.artists (id, name, slug, genres, synthetic)
      select ${uuidOf.artist("n")}, ${artistName("n")}, 'scale-artist-' || n,
        array[(array['rock', 'indie', 'pop', 'metal', 'folk', 'electronic'])[1 + n % 6]], true
      from generate_series(1, ${A}) n`);
    await sql.unsafe(`
      with city (name, state, country, latitude, longitude, timezone) as (values ${cities}),
      numbered as (select row_number() over () - 1 as i, * from city)
      insert into public.venues (id, name, slug, city, state, country, latitude, longitude, timezone)
      select ${uuidOf.venue("n")},
        (${textArray(WORDS_A)})[1 + n % ${WORDS_A.length}] || ' ' || (${
      textArray(VENUE_KINDS)
    })[1 + (n / ${WORDS_A.length}) % ${VENUE_KINDS.length}]
          || ' ' || c.name || ' ' || n,
        'scale-venue-' || n, c.name, c.state, c.country,
        c.latitude + ((n * 37) % 100 - 50) / 500.0, c.longitude + ((n * 53) % 100 - 50) / 500.0, c.timezone
      from generate_series(1, ${venues}) n
      join numbered c on c.i = n % ${CITIES.length}`);
  });
}

async function loadSongs(load: Load): Promise<void> {
  const { sql, step, songsPerArtist } = load;
  const { artists: A } = load.size;
  await step("songs", async () => {
    await withoutUserTriggers(sql, ["public.songs"], async () => {
      await sql.unsafe(`
        insert into public.songs (id, artist_id, title, normalized_title, album, duration_ms)
        select ${uuidOf.song("a", "t.i")}, ${uuidOf.artist("a")}, t.title, t.normalized_title,
          'Synthetic album ' || (1 + t.i / 12), 150000 + (t.i * 7919) % 150000
        from generate_series(1, ${A}) a
        cross join (
          select i, title, public.normalize_song_title(title) as normalized_title
          from (select i, ${songTitle("i")} as title from generate_series(0, ${songsPerArtist - 1}) i) titles
        ) t`);
    });
  });
}

async function loadShows(load: Load): Promise<void> {
  const { sql, step, venues } = load;
  const { artists: A, upcomingShows: U, pastShows: P } = load.size;
  await step("shows", async () => {
    const common = (first: number, count: number, upcoming: boolean) => `
      insert into public.shows (id, artist_id, venue_id, name, starts_at, local_date, status, tour_name,
        voting_closes_at)
      select ${uuidOf.show("n")}, ${uuidOf.artist("s.artist")}, ${uuidOf.venue("s.venue")},
        a.name || ' at ' || v.name, (s.day + time '20:00') at time zone v.timezone, s.day,
        '${upcoming ? "scheduled" : "completed"}', a.name || ' Tour ' || extract(year from s.day),
        public.show_voting_closes_at((s.day + time '20:00') at time zone v.timezone, s.day, false, false, v.timezone)
      from (
        select n, 1 + (n - 1) % ${A} as artist, 1 + (n::bigint * 7919) % ${venues} as venue,
          ${
      upcoming
        ? `current_date + 1 + ((n - ${first}) / ${A}) * 9 + (n % 7)`
        : `current_date - 2 - ((n - ${first}) / ${A}) * 9 - (n % 7)`
    } as day
        from generate_series(${first}, ${first + count - 1}) n
      ) s
      join public.artists a on a.id = ${uuidOf.artist("s.artist")}
      join public.venues v on v.id = ${uuidOf.venue("s.venue")}`;
    await withoutUserTriggers(sql, ["public.shows"], async () => {
      await sql.unsafe(common(1, U, true));
      await sql.unsafe(common(U + 1, P, false));
    });
    await sql.unsafe(`
      insert into public.show_artists (show_id, artist_id, billing_position)
      select ${uuidOf.show("n")}, ${uuidOf.artist("1 + (n - 1) % " + A)}, 0
      from generate_series(1, ${U + P}) n`);
    await withoutUserTriggers(sql, ["public.setlists"], async () => {
      await sql.unsafe(`
        insert into public.setlists (id, show_id, kind, locked_at)
        select ${uuidOf.setlist("n", "predicted")}, ${uuidOf.show("n")}, 'predicted', null
        from generate_series(1, ${U}) n`);
      await sql.unsafe(`
        insert into public.setlists (id, show_id, kind, setlistfm_id)
        select ${uuidOf.setlist("n", "actual")}, ${uuidOf.show("n")}, 'actual', 'scale-' || n
        from generate_series(${U + 1}, ${U + P}) n`);
    });
  });
}

async function loadFans(load: Load): Promise<void> {
  const { sql, step } = load;
  const { fans: F } = load.size;
  await step("fans", async () => {
    await sql.unsafe(`
      insert into auth.users (id, aud, role, email, is_anonymous, created_at, updated_at)
      select ${uuidOf.fan("n")}, 'authenticated', 'authenticated', 'scale-fan-' || n || '@synthetic.invalid',
        false, now() - interval '60 days', now() - interval '60 days'
      from generate_series(1, ${F}) n`);
  });
}

async function loadVotes(load: Load): Promise<void> {
  const { sql, step, votesPerFan } = load;
  const { upcomingShows: U, votes: V } = load.size;
  await step("votes", async () => {
    await sql.unsafe(`
        insert into public.votes (user_id, setlist_song_id, show_id, value, created_at, updated_at)
        select ${uuidOf.fan("x.fan")}, ${uuidOf.setlistSong("x.show", "x.position")}, ${uuidOf.show("x.show")},
          x.value, x.at, x.at
        from (
          select 1 + (v - 1) / ${votesPerFan} as fan, 1 + (v - 1) % ${votesPerFan} as position,
            1 + floor(power(random(), 2) * ${U})::int as show,
            case when random() < 0.75 then 1 else -1 end as value,
            now() - power(random(), 2) * interval '35 days' as at
          from generate_series(1, ${V}) v
        ) x`);
  });
}

async function loadPredictions(load: Load): Promise<void> {
  const { sql, step, songsPerArtist } = load;
  const { artists: A, upcomingShows: U } = load.size;
  await step("predicted setlist songs and their counters", async () => {
    await sql.unsafe(`
        insert into public.setlist_songs (id, setlist_id, song_id, title, position, probability, upvotes, downvotes)
        select ${uuidOf.setlistSong("n", "p")}, ${uuidOf.setlist("n", "predicted")},
          ${uuidOf.song("1 + (n - 1) % " + A, "s.i")}, ${songTitle("s.i")}, p,
          round(0.95 - p * 0.04, 4), coalesce(c.up, 0), coalesce(c.down, 0)
        from generate_series(1, ${U}) n
        cross join generate_series(1, ${PREDICTED_SONGS}) p
        cross join lateral (select ((n * 31 + p * 7) % ${songsPerArtist}) as i) s
        left join (
          select setlist_song_id, count(*) filter (where value = 1)::int as up,
            count(*) filter (where value = -1)::int as down
          from public.votes group by setlist_song_id
        ) c on c.setlist_song_id = ${uuidOf.setlistSong("n", "p")}`);
  });
}

async function loadActualSetlists(load: Load): Promise<void> {
  const { sql, step, songsPerArtist } = load;
  const { artists: A, upcomingShows: U, pastShows: P } = load.size;
  await step("actual setlists", async () => {
    await sql.unsafe(`
        insert into public.setlist_songs (id, setlist_id, song_id, title, position, set_number, is_encore)
        select ${uuidOf.setlistSong("n", "p")}, ${uuidOf.setlist("n", "actual")},
          ${uuidOf.song("1 + (n - 1) % " + A, "s.i")}, ${songTitle("s.i")}, p,
          case when p = ${ACTUAL_SONGS} and n % 4 = 0 then 2 else 1 end, p = ${ACTUAL_SONGS} and n % 4 = 0
        from (
          select n, floor(power(random(), 2) * ${songsPerArtist})::int as base
          from generate_series(${U + 1}, ${U + P}) n
        ) b
        cross join generate_series(1, ${ACTUAL_SONGS}) p
        cross join lateral (select (b.base + p * 7) % ${songsPerArtist} as i) s`);
  });
}

async function loadCountsAndViews(load: Load): Promise<void> {
  const { sql, step } = load;
  const { upcomingShows: U } = load.size;
  await step("vote action counts and page views", async () => {
    await sql.unsafe(`
      insert into public.vote_action_counts (user_id, day, actions_today, actions_total)
      select user_id, (now() at time zone 'utc')::date,
        count(*) filter (where (updated_at at time zone 'utc')::date = (now() at time zone 'utc')::date)::int,
        count(*)::int
      from public.votes v
    -- fans with a count already voted through cast_vote (another benchmark on this stack) and keep theirs
    where not exists (select 1 from public.vote_action_counts c where c.user_id = v.user_id)
    group by user_id`);
    await sql.unsafe(`
      insert into public.show_view_counts (show_id, hour, views)
      select ${uuidOf.show("n")}, date_trunc('hour', now()) - h * interval '1 hour', 1 + n % 7
      from generate_series(1, ${U}) n, generate_series(0, 2) h
      where n % 2 = 0`);
  });
}

export interface ScaleCounts {
  artists: number;
  venues: number;
  upcomingShows: number;
  pastShows: number;
  songs: number;
  setlistSongs: number;
  votes: number;
  fans: number;
  /** seconds the load took, per step */
  seconds: Record<string, number>;
}

/** What a loaded scale dataset holds (the counts seedScaleDataset reports, without its timings). */
export async function countScaleDataset(sql: Sql): Promise<ScaleCounts> {
  const [counts] = await sql<Omit<ScaleCounts, "seconds">[]>`
    select (select count(*) from public.artists where synthetic)::int as artists,
      (select count(*) from public.venues where slug like 'scale-venue-%')::int as venues,
      (select count(*) from public.shows where status = 'scheduled')::int as "upcomingShows",
      (select count(*) from public.shows where status = 'completed')::int as "pastShows",
      (select count(*) from public.songs)::int as songs,
      (select count(*) from public.setlist_songs)::int as "setlistSongs",
      (select count(*) from public.votes)::int as votes,
      (select count(*) from auth.users where email like 'scale-fan-%')::int as fans`;
  return { ...counts, seconds: {} };
}

/**
 * Fills an empty bench stack's database with the scale dataset (see the top of this file).
 * The upcoming shows' ids are md5('scale-show-' || n) for n in 1..upcomingShows, the past
 * shows' the n after them; artist n is md5('scale-artist-' || n).
 */
export async function seedScaleDataset(
  dbUrl: string,
  size: ScaleSize,
  log: (line: string) => void = () => {},
): Promise<ScaleCounts> {
  const { artists: A, fans: F, votes: V } = size;
  const songsPerArtist = perArtist(size).songs;
  const votesPerFan = Math.ceil(V / F);
  if (votesPerFan > PREDICTED_SONGS) {
    throw new Error(
      `${votesPerFan} votes a fan: at most ${PREDICTED_SONGS} (one per song position) keep them distinct`,
    );
  }
  const venues = Math.max(CITIES.length, Math.round(A / 2));
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {}, connection: { application_name: "scale-dataset" } });
  const seconds: Record<string, number> = {};
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const started = performance.now();
    log(`scale dataset: ${name}`);
    await fn();
    seconds[name] = (performance.now() - started) / 1000;
  };
  try {
    // a bulk load on a throwaway stack: a lost load is simply run again, so its commits need not wait for the disk
    await sql`set synchronous_commit = off`;
    await sql`set maintenance_work_mem = '256MB'`;
    await sql`select setseed(0.2026)`;
    const cities = CITIES.map(([city, state, country, lat, lon, tz]) =>
      `(${[city, state, country].map((v) => (v === null ? "null" : `'${v}'`)).join(", ")}, ${lat}, ${lon}, '${tz}')`
    ).join(",\n");
    const load: Load = { sql, size, step, songsPerArtist, venues, votesPerFan, cities };

    await loadArtistsAndVenues(load);

    // the big tables lose their indexes and foreign keys (and those pointing at them) for the load and get
    // them back, built in one pass each, at the end: far cheaper than maintaining them row by row
    const bulk = [
      "public.songs",
      "public.shows",
      "public.show_artists",
      "public.setlists",
      "public.setlist_songs",
      "public.votes",
      "public.vote_action_counts",
      "auth.users",
    ];
    seconds["indexes and foreign keys"] = await withoutIndexes(sql, bulk, async () => {
      // the title of catalog song i is the same for every artist, so its normalisation (what the songs trigger
      // would compute for each of the million rows) is computed once per title and the trigger is off for the load
      await loadSongs(load);

      // show n (1..U upcoming, U+1..U+P past) belongs to artist 1 + (n - 1) % A; the k-th show of an
      // artist (k = (n - 1) / A) sets its date: upcoming every ~9 days from tomorrow, past every ~9 days back
      await loadShows(load);

      await loadFans(load);

      // vote v is fan 1 + (v - 1) / votesPerFan's j-th vote (j = (v - 1) % votesPerFan), on position j + 1
      // of a show chosen with random()^2 (popular shows get most votes); distinct (fan, song) by construction
      await loadVotes(load);
      // setlist_songs' own triggers keep venue_song_plays pair by pair: off for the load (they would recount
      // against tables without their indexes), the table is filled in one pass below
      await withoutUserTriggers(sql, ["public.setlist_songs"], async () => {
        // the predictions, with the counters cast_vote keeps computed from the vote rows
        await loadPredictions(load);
        // actual setlists: song (base + 7p) of the artist's catalog, base skewed towards the first songs
        // (the hits); the last song of every fourth show is an encore
        await loadActualSetlists(load);
      });

      await loadCountsAndViews(load);
      log("scale dataset: rebuilding indexes and foreign keys");
    });

    // what the setlist_songs triggers would have kept: the plays of every venue's songs, counted set-based by the
    // migration's own count_venue_song_plays (a pair already kept from an earlier write on this stack is recounted)
    await step("venue song plays", async () => {
      await sql.unsafe(`
        insert into public.venue_song_plays as k (song_id, venue_id, plays)
        select c.song_id, c.venue_id, c.plays from public.count_venue_song_plays(null) c
        on conflict (song_id, venue_id) do update set plays = excluded.plays where k.plays <> excluded.plays`);
    });

    await step("vacuum analyze", async () => {
      // every table the load wrote: the bulk ones and the few written row by row
      const written = [
        "public.artists",
        "public.venues",
        ...bulk,
        "public.show_view_counts",
        "public.venue_song_plays",
      ];
      for (const table of written) {
        await sql.unsafe(`vacuum (analyze) ${table}`);
      }
    });

    return { ...await countScaleDataset(sql), seconds };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** How the size spreads over one artist: upcoming and past shows, catalog songs. */
export function perArtist(size: ScaleSize): { upcoming: number; past: number; songs: number } {
  return {
    upcoming: Math.max(1, Math.ceil(size.upcomingShows / size.artists)),
    past: Math.max(1, Math.ceil(size.pastShows / size.artists)),
    songs: Math.max(ACTUAL_SONGS * 2, Math.floor(size.songs / size.artists)),
  };
}
