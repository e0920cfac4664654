// POST /functions/v1/import-artist
// {limit?: jobs per run (default 5), dry_run?, artist_id?}
// Drains the import queue (artist_import, then catalog_sync jobs); with
// artist_id, re-imports that artist directly without the queue.

import { rejectArtistIds } from "../_shared/sync/body.ts";
import { createSyncHandler } from "../_shared/sync/handler.ts";
import { drainImportQueue } from "../_shared/sync/jobs/import.ts";

export const handler = createSyncHandler<Record<string, never>>({
  job: "import-artist",
  defaultLimit: 5,
  jobFields: [],
  parse: (_body, common) => {
    rejectArtistIds(common);
    return {};
  },
  scope: (_p, c) => ({ limit: c.limit, artist_id: c.artistId ?? null }),
  run: (ctx, _params, common) => drainImportQueue(ctx, { limit: common.limit, artistId: common.artistId }),
});
