// Every query key of the app in one place, so invalidations and cache patches
// (optimistic votes, realtime counts) address exactly what the hooks read.

export const queryKeys = {
  trending: {
    shows: () => ["trending", "shows"] as const,
    artists: () => ["trending", "artists"] as const,
  },
  shows: {
    detail: (showId: string) => ["shows", "detail", showId] as const,
    byArtist: (artistId: string) => ["shows", "by-artist", artistId] as const,
  },
  artists: {
    detail: (slug: string) => ["artists", "detail", slug] as const,
    byId: (artistId: string) => ["artists", "by-id", artistId] as const,
    catalog: (artistId: string) => ["artists", "catalog", artistId] as const,
    mostPlayed: (artistId: string) => ["artists", "most-played", artistId] as const,
    /** prefix of every pastSetlists key of the artist, whichever shows they cover */
    pastSetlistsOf: (artistId: string) => ["artists", "past-setlists", artistId] as const,
    pastSetlists: (artistId: string, pastShowIds: string[]) =>
      ["artists", "past-setlists", artistId, pastShowIds] as const,
  },
  setlists: {
    forShow: (showId: string) => ["setlists", "show", showId] as const,
  },
  predictions: {
    habits: (artistId: string) => ["predictions", "habits", artistId] as const,
    accuracy: (artistId: string) => ["predictions", "accuracy", artistId] as const,
  },
  votes: {
    /** every votes query in the cache, whoever cast them: what signing out forgets */
    all: () => ["votes"] as const,
    mine: (userId: string | null, setlistId: string | null) => ["votes", "mine", userId, setlistId] as const,
  },
  songs: {
    search: (artistId: string, text: string) => ["songs", "search", artistId, text] as const,
  },
  search: {
    database: (text: string) => ["search", "database", text] as const,
    ticketmaster: (text: string) => ["search", "ticketmaster", text] as const,
  },
  imports: {
    job: (jobId: string) => ["imports", jobId] as const,
  },
  status: {
    summary: () => ["status", "summary"] as const,
    history: () => ["status", "history"] as const,
  },
  admin: {
    /** prefix of every admin query: what an action invalidates */
    all: () => ["admin"] as const,
    runs: (filters: { job: string; status: string; from: string; to: string }) => ["admin", "runs", filters] as const,
    run: (runId: number | null) => ["admin", "run", runId] as const,
    imports: (status: string) => ["admin", "imports", status] as const,
    providers: () => ["admin", "providers"] as const,
    cron: () => ["admin", "cron"] as const,
    health: () => ["admin", "health"] as const,
    audit: () => ["admin", "audit"] as const,
  },
  near: {
    markets: () => ["near", "markets"] as const,
    shows: (place: unknown, window: unknown, page: number, pageSize: number) =>
      ["near", "shows", place, window, page, pageSize] as const,
    places: (text: string) => ["near", "places", text] as const,
    /** a signed-in fan's home city resolved to a place; keyed by what it is resolved from */
    profilePlace: (userId: string, profile: unknown, nearbyKm: number | undefined) =>
      ["near", "profilePlace", userId, profile, nearbyKm] as const,
  },
  browse: {
    venue: (slug: string, page: number) => ["browse", "venue", slug, page] as const,
    song: (artistSlug: string, songSlug: string) => ["browse", "song", artistSlug, songSlug] as const,
    played: (showId: string) => ["browse", "played", showId] as const,
    /** prefix of every history page of the artist */
    historyOf: (artistId: string) => ["browse", "history", artistId] as const,
    history: (artistId: string, year: number | null, page: number) =>
      ["browse", "history", artistId, year, page] as const,
    years: (artistId: string) => ["browse", "years", artistId] as const,
    tour: (artistSlug: string, tourSlug: string) => ["browse", "tour", artistSlug, tourSlug] as const,
    tours: (artistId: string) => ["browse", "tours", artistId] as const,
  },
  fans: {
    /** everything that belongs to one signed-in fan: what signing out forgets */
    all: () => ["fans"] as const,
    profile: (userId: string) => ["fans", "profile", userId] as const,
    following: (userId: string | null, artistId: string) => ["fans", "following", userId, artistId] as const,
    myArtists: (userId: string) => ["fans", "my-artists", userId] as const,
    me: (userId: string) => ["fans", "me", userId] as const,
    notifications: (userId: string) => ["fans", "notifications", userId] as const,
    unread: (userId: string) => ["fans", "unread", userId] as const,
  },
  followers: (artistId: string) => ["followers", artistId] as const,
  settings: (table: string) => ["settings", table] as const,
  leaderboards: {
    board: (scope: "all" | "artist" | "show", id: string | null, page: number) =>
      ["leaderboards", scope, id, page] as const,
  },
};
