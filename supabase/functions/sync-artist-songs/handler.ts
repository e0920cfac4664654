// POST /functions/v1/sync-artist-songs
// {limit?: artists per run (default 50), dry_run?, artist_id? | artist_ids?}
// Artists whose catalog is missing or older than 3 days, stalest first.

import { artistScope } from "../_shared/sync/body.ts";
import { createSyncHandler } from "../_shared/sync/handler.ts";
import { syncArtistSongs } from "../_shared/sync/jobs/songs.ts";

export const handler = createSyncHandler<Record<string, never>>({
  job: "sync-artist-songs",
  defaultLimit: 50,
  jobFields: [],
  parse: () => ({}),
  scope: (_p, c) => ({ limit: c.limit, artist_ids: artistScope(c) ?? null }),
  run: (ctx, _params, common) => syncArtistSongs(ctx, { limit: common.limit, artistIds: artistScope(common) }),
});
