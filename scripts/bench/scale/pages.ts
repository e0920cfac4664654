// Every query behind the SPA's pages, as the scale benchmark runs them
// straight against Postgres: the table reads are the SQL the REST gateway
// makes of web/src's supabase-js calls (the same filters, order, limit and
// embeds: an embed is a correlated subquery, as PostgREST builds it), the RPCs
// are the very functions the SPA calls. Each names the web/src function it
// stands for, so a change there has one place to follow here.

export interface Samples {
  /** today's UTC date (the near page's date window starts from it) */
  today: string;
  /** the instant the SPA compares voting_closes_at with to split upcoming from past (upcomingFilter) */
  now: string;
  artists: { id: string; slug: string }[];
  upcomingShows: string[];
  pastShows: string[];
  venues: string[];
  songs: { artist: string; song: string }[];
  tours: { artist: string; tour: string }[];
  /** fans with the ids of one upcoming show's predicted songs they may have voted on */
  fans: { id: string; songIds: string[] }[];
  cities: { city: string; country: string }[];
  /** search terms with a typo or two in them, as a fan types */
  searchTerms: string[];
  /** the artist-name words among them: each typo with the word it misspells */
  typos: { typo: string; word: string }[];
}

export interface PageQuery {
  page: string;
  name: string;
  /** the web/src function this query is */
  from: string;
  /** anon for a guest; authenticated queries run with a fan's claims */
  role: "anon" | "authenticated";
  sql: string;
  /** parameters for run i (varied over the samples) */
  params: (s: Samples, i: number) => (string | number | string[] | null)[];
  /** the fan whose claims an authenticated query runs with */
  fan?: (s: Samples, i: number) => string;
}

const pick = <T>(list: T[], i: number): T => list[(i * 7919) % list.length];

/** SHOW_CARD_COLUMNS (web/src/data/shows.ts) with its artist and venue embeds, for a shows row `sh`. */
const SHOW_CARD = `sh.id, sh.name, sh.starts_at, sh.local_date, sh.date_tba, sh.time_tba, sh.voting_closes_at,
  sh.status, sh.ticket_url,
  (select to_jsonb(x) from (select a.id, a.name, a.slug, a.image_url, a.synthetic
     from public.artists a where a.id = sh.artist_id) x) as artist,
  (select to_jsonb(x) from (select v.id, v.slug, v.name, v.city, v.state, v.country, v.timezone
     from public.venues v where v.id = sh.venue_id) x) as venue`;

/** A table read's rows as one JSON array, as the gateway answers it. */
const asJson = (select: string) => `select coalesce(json_agg(t), '[]') from (${select}) t`;

const ARTIST_COLUMNS = `id, name, slug, image_url, genres, ticketmaster_id, spotify_id, mbid, shows_synced_at,
  songs_synced_at, setlists_synced_at, synthetic`;

export const PAGE_QUERIES: PageQuery[] = [
  // home
  {
    page: "home",
    name: "trending shows (ids)",
    from: "data/trending.ts fetchTrendingShows",
    role: "anon",
    sql: asJson(`select show_id, score from public.trending_shows order by rank limit $1`),
    params: () => [16],
  },
  {
    page: "home",
    name: "trending shows (cards)",
    from: "data/trending.ts fetchTrendingShows",
    role: "anon",
    sql: asJson(`select ${SHOW_CARD} from public.shows sh where sh.id = any($1::uuid[])`),
    params: (s, i) => [Array.from({ length: 16 }, (_, k) => pick(s.upcomingShows, i * 16 + k))],
  },
  {
    page: "home",
    name: "trending artists (ids)",
    from: "data/trending.ts fetchTrendingArtists",
    role: "anon",
    sql: asJson(`select artist_id, score from public.trending_artists order by rank limit $1`),
    params: () => [16],
  },
  {
    page: "home",
    name: "trending artists (cards)",
    from: "data/trending.ts fetchTrendingArtists",
    role: "anon",
    sql: asJson(`select id, name, slug, image_url, genres, synthetic from public.artists where id = any($1::uuid[])`),
    params: (s, i) => [Array.from({ length: 16 }, (_, k) => pick(s.artists, i * 16 + k).id)],
  },
  {
    page: "home",
    name: "upcoming_markets()",
    from: "data/near.ts useMarketsQuery (home and near pages)",
    role: "anon",
    sql: `select coalesce(json_agg(m), '[]') from public.upcoming_markets() m`,
    params: () => [],
  },
  {
    page: "home",
    name: "shows_near(city) first page",
    from: "data/near.ts fetchShowsNear (home's shows in your city, near page)",
    role: "anon",
    sql: `select public.shows_near(city => $1, country => $2, page_size => 12, page_offset => 0)`,
    params: (s, i) => [pick(s.cities, i).city, pick(s.cities, i).country],
  },
  {
    page: "near",
    name: "shows_near(city) this month, page 3",
    from: "data/near.ts fetchShowsNear",
    role: "anon",
    sql: `select public.shows_near(city => $1, country => $2, from_date => $3::date, to_date => $3::date + 30,
      page_size => 12, page_offset => 24)`,
    params: (s, i) => [pick(s.cities, i).city, pick(s.cities, i).country, s.today],
  },
  {
    page: "near",
    name: "shows_near(point, 50 km)",
    from: "data/near.ts fetchShowsNear (shared location)",
    role: "anon",
    sql: `select public.shows_near(latitude => v.latitude, longitude => v.longitude, radius_km => 50,
      page_size => 12, page_offset => 0) from public.venues v where v.slug = $1`,
    params: (s, i) => [pick(s.venues, i)],
  },
  // search
  {
    page: "search",
    name: "search_catalog(q) (artists and upcoming shows, typo-tolerant)",
    from: "data/search.ts searchDatabase",
    role: "anon",
    sql: `select public.search_catalog($1)`,
    params: (s, i) => [pick(s.searchTerms, i)],
  },
  {
    page: "search",
    name: "search_places(q)",
    from: "data/near.ts usePlaceSearchQuery",
    role: "anon",
    sql: `select coalesce(json_agg(p), '[]') from public.search_places($1) p`,
    params: (s, i) => [pick(s.searchTerms, i)],
  },
  // artist
  {
    page: "artist",
    name: "artist by slug",
    from: "data/artists.ts fetchArtistBySlug",
    role: "anon",
    sql: asJson(`select ${ARTIST_COLUMNS} from public.artists where slug = $1`),
    params: (s, i) => [pick(s.artists, i).slug],
  },
  {
    page: "artist",
    name: "upcoming shows (50)",
    from: "data/shows.ts fetchArtistShows",
    role: "anon",
    sql: asJson(
      `select ${SHOW_CARD} from public.shows sh where sh.artist_id = $1 and sh.status <> 'completed'
       and (sh.voting_closes_at > $2::timestamptz or sh.voting_closes_at is null)
       order by sh.local_date asc nulls last limit 50`,
    ),
    params: (s, i) => [pick(s.artists, i).id, s.now],
  },
  {
    page: "artist",
    name: "past shows (20)",
    from: "data/shows.ts fetchArtistShows",
    role: "anon",
    sql: asJson(
      `select ${SHOW_CARD} from public.shows sh where sh.artist_id = $1 and (sh.status = 'completed' or sh.voting_closes_at <= $2::timestamptz)
       order by sh.local_date desc limit 20`,
    ),
    params: (s, i) => [pick(s.artists, i).id, s.now],
  },
  {
    page: "artist",
    name: "history page 2 with exact count",
    from: "data/browse.ts fetchArtistHistory",
    role: "anon",
    sql:
      `select (select count(*) from public.shows sh where sh.artist_id = $1 and (sh.status = 'completed' or sh.voting_closes_at <= $2::timestamptz)) as total,
      (${
        asJson(
          `select ${SHOW_CARD} from public.shows sh where sh.artist_id = $1 and (sh.status = 'completed' or sh.voting_closes_at <= $2::timestamptz)
         order by sh.local_date desc, sh.id asc limit 20 offset 20`,
        )
      }) as page`,
    params: (s, i) => [pick(s.artists, i).id, s.now],
  },
  {
    page: "artist",
    name: "actual setlists of the past shows",
    from: "data/artists.ts fetchActualSetlists",
    role: "anon",
    sql: asJson(
      `select sl.id, sl.show_id, (select coalesce(json_agg(x), '[]') from (
         select ss.song_id, ss.title, ss.position, ss.set_number, ss.is_encore, ss.is_tape, ss.is_cover, ss.cover_artist
         from public.setlist_songs ss where ss.setlist_id = sl.id) x) as songs
       from public.setlists sl
       where sl.kind = 'actual' and sl.show_id in (
         select sh.id from public.shows sh where sh.artist_id = $1 and (sh.status = 'completed' or sh.voting_closes_at <= $2::timestamptz)
         order by sh.local_date desc limit 20)`,
    ),
    params: (s, i) => [pick(s.artists, i).id, s.now],
  },
  {
    page: "artist",
    name: "catalog (500)",
    from: "data/artists.ts fetchCatalog",
    role: "anon",
    sql: asJson(
      `select id, title, album, release_date, duration_ms, is_live, is_remix from public.songs where artist_id = $1
       order by release_date desc nulls last, title asc limit 500`,
    ),
    params: (s, i) => [pick(s.artists, i).id],
  },
  {
    page: "artist",
    name: "most played (song_play_stats)",
    from: "data/artists.ts fetchMostPlayed",
    role: "anon",
    sql: asJson(
      `select song_id, times_played, shows_with_setlist, last_played_on from public.song_play_stats
       where artist_id = $1 order by times_played desc, last_played_on desc nulls last limit 10`,
    ),
    params: (s, i) => [pick(s.artists, i).id],
  },
  {
    page: "artist",
    name: "artist_show_years()",
    from: "data/browse.ts useArtistYearsQuery",
    role: "anon",
    sql: `select coalesce(json_agg(y), '[]') from public.artist_show_years($1) y`,
    params: (s, i) => [pick(s.artists, i).id],
  },
  {
    page: "artist",
    name: "artist_tours()",
    from: "data/browse.ts useArtistToursQuery",
    role: "anon",
    sql: `select coalesce(json_agg(t), '[]') from public.artist_tours($1) t`,
    params: (s, i) => [pick(s.artists, i).id],
  },
  {
    page: "artist",
    name: "show_habits()",
    from: "data/predictions.ts fetchShowHabits",
    role: "anon",
    sql: `select coalesce(json_agg(h), '[]') from public.show_habits($1, now()) h`,
    params: (s, i) => [pick(s.artists, i).id],
  },
  {
    page: "artist",
    name: "prediction accuracy",
    from: "data/predictions.ts fetchPredictionAccuracy",
    role: "anon",
    sql: asJson(
      `select show_id, played_on, played_songs, engine_songs, engine_matched, engine_f1, crowd_songs, crowd_matched,
         crowd_f1 from public.prediction_accuracy where artist_id = $1 order by played_on asc limit 100`,
    ),
    params: (s, i) => [pick(s.artists, i).id],
  },
  {
    page: "artist",
    name: "follower count",
    from: "data/fans.ts useFollowStateQuery",
    role: "anon",
    sql: asJson(`select followers from public.artist_follower_counts where artist_id = $1`),
    params: (s, i) => [pick(s.artists, i).id],
  },
  // show
  {
    page: "show",
    name: "show with venue, artist, support",
    from: "data/shows.ts fetchShow",
    role: "anon",
    sql: asJson(
      `select ${SHOW_CARD}, (select coalesce(json_agg(x), '[]') from (
         select sa.billing_position, (select to_jsonb(y) from (select a.id, a.name, a.slug, a.image_url
           from public.artists a where a.id = sa.artist_id) y) as artist
         from public.show_artists sa where sa.show_id = sh.id) x) as support
       from public.shows sh where sh.id = $1`,
    ),
    params: (s, i) => [pick(s.upcomingShows, i)],
  },
  {
    page: "show",
    name: "setlists with songs",
    from: "data/setlists.ts readSetlists (SETLIST_SONG_COLUMNS)",
    role: "anon",
    sql: asJson(
      `select sl.id, sl.kind, sl.locked_at, (select coalesce(json_agg(x), '[]') from (
         select ss.id, ss.setlist_id, ss.song_id, ss.title, ss.position, ss.set_number, ss.is_encore, ss.is_tape,
           ss.is_cover, ss.cover_artist, ss.info, ss.suggested, ss.upvotes, ss.downvotes, ss.probability, ss.likelihood,
           ss.reasons
         from public.setlist_songs ss where ss.setlist_id = sl.id) x) as songs
       from public.setlists sl where sl.show_id = $1`,
    ),
    params: (s, i) => [pick(s.upcomingShows, i)],
  },
  {
    page: "show",
    name: "my votes on the setlist (signed in)",
    from: "data/votes.ts fetchMyVotes",
    role: "authenticated",
    sql: asJson(`select setlist_song_id, value from public.votes where setlist_song_id = any($1::uuid[])`),
    params: (s, i) => [pick(s.fans, i).songIds],
    fan: (s, i) => pick(s.fans, i).id,
  },
  {
    page: "show",
    name: "ensure_predicted_setlist() (prediction exists)",
    from: "data/setlists.ts fetchShowSetlists",
    role: "anon",
    sql: `select public.ensure_predicted_setlist($1)`,
    params: (s, i) => [pick(s.upcomingShows, i)],
  },
  // setlist (a past show)
  {
    page: "setlist",
    name: "show (past)",
    from: "data/shows.ts fetchShow",
    role: "anon",
    sql: asJson(`select ${SHOW_CARD} from public.shows sh where sh.id = $1`),
    params: (s, i) => [pick(s.pastShows, i)],
  },
  {
    page: "setlist",
    name: "actual setlist with song slugs",
    from: "data/browse.ts fetchPlayedSetlist",
    role: "anon",
    sql: asJson(
      `select sl.setlistfm_id, (select coalesce(json_agg(x), '[]') from (
         select ss.id, ss.title, ss.position, ss.set_number, ss.is_encore, ss.is_tape, ss.is_cover, ss.cover_artist,
           ss.guest_artist, ss.info,
           (select to_jsonb(y) from (select so.slug from public.songs so where so.id = ss.song_id) y) as song
         from public.setlist_songs ss where ss.setlist_id = sl.id) x) as songs
       from public.setlists sl where sl.show_id = $1 and sl.kind = 'actual'`,
    ),
    params: (s, i) => [pick(s.pastShows, i)],
  },
  {
    page: "setlist",
    name: "prediction score",
    from: "data/browse.ts fetchPlayedSetlist, data/setlists.ts readScore",
    role: "anon",
    sql: asJson(
      `select score, matched_songs, predicted_songs, played_songs from public.prediction_scores where show_id = $1`,
    ),
    params: (s, i) => [pick(s.pastShows, i)],
  },
  // venue, tour, song
  {
    page: "venue",
    name: "venue_page() first page",
    from: "data/browse.ts fetchVenuePage",
    role: "anon",
    sql: `select public.venue_page($1, 20, 0)`,
    params: (s, i) => [pick(s.venues, i)],
  },
  {
    page: "venue",
    name: "venue_page() page 3",
    from: "data/browse.ts fetchVenuePage",
    role: "anon",
    sql: `select public.venue_page($1, 20, 40)`,
    params: (s, i) => [pick(s.venues, i)],
  },
  {
    page: "tour",
    name: "tour_page()",
    from: "data/browse.ts useTourPageQuery",
    role: "anon",
    sql: `select public.tour_page($1, $2)`,
    params: (s, i) => [pick(s.tours, i).artist, pick(s.tours, i).tour],
  },
  {
    page: "song",
    name: "song_page()",
    from: "data/browse.ts fetchSongPage",
    role: "anon",
    sql: `select public.song_page($1, $2)`,
    params: (s, i) => [pick(s.songs, i).artist, pick(s.songs, i).song],
  },
  {
    page: "song",
    name: "suggest: artist's songs by title",
    from: "data/suggestions.ts searchArtistSongs",
    role: "anon",
    sql: asJson(
      `select id, title, album, release_date, duration_ms, is_live, is_remix from public.songs
       where artist_id = $1 and title ilike $2 order by title limit 20`,
    ),
    params: (s, i) => [pick(s.artists, i).id, `%${pick(s.searchTerms, i).slice(0, 3)}%`],
  },
  // status
  {
    page: "status",
    name: "sync_health_summary()",
    from: "data/status.ts useHealthSummaryQuery",
    role: "anon",
    sql: `select public.sync_health_summary()`,
    // reads the census pg_cron takes every minute (refresh_sync_health_census), so no whole-table count: the index
    // check holds it like every other page query
    params: () => [],
  },
  {
    page: "status",
    name: "sync_health_history(30)",
    from: "data/status.ts useHealthHistoryQuery",
    role: "anon",
    sql: `select public.sync_health_history(30)`,
    params: () => [],
  },
];

/** The pages the issues name; the benchmark checks each has its queries here. */
export const PAGES = ["home", "search", "artist", "show", "venue", "tour", "song", "setlist", "near", "status"];
