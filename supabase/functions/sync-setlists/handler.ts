// POST /functions/v1/sync-setlists
// {limit?: artists per run (default 40), dry_run?, artist_id?, pages?: setlist.fm pages per artist, 1..10 (default 3)}

import { integerField } from "../_shared/sync/body.ts";
import { createSyncHandler } from "../_shared/sync/handler.ts";
import { syncSetlists } from "../_shared/sync/jobs/setlists.ts";

export const handler = createSyncHandler<{ pages: number }>({
  job: "sync-setlists",
  defaultLimit: 40,
  jobFields: ["pages"],
  parse: (body) => ({ pages: integerField(body, "pages", 1, 10) ?? 3 }),
  scope: (p, c) => ({ limit: c.limit, artist_id: c.artistId ?? null, pages: p.pages }),
  run: (ctx, params, common) =>
    syncSetlists(ctx, { limit: common.limit, artistId: common.artistId, maxPages: params.pages }),
});
