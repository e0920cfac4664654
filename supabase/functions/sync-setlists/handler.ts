// POST /functions/v1/sync-setlists
// {limit?: artists per run (default 40), dry_run?, artist_id? | artist_ids?, pages?: setlist.fm pages per artist, 1..10 (default 3)}

import { artistScope, integerField } from "../_shared/sync/body.ts";
import { createSyncHandler } from "../_shared/sync/handler.ts";
import { syncSetlists } from "../_shared/sync/jobs/setlists.ts";

export const handler = createSyncHandler<{ pages: number }>({
  job: "sync-setlists",
  defaultLimit: 40,
  jobFields: ["pages"],
  parse: (body) => ({ pages: integerField(body, "pages", 1, 10) ?? 3 }),
  scope: (p, c) => ({ limit: c.limit, artist_ids: artistScope(c) ?? null, pages: p.pages }),
  run: (ctx, params, common) =>
    syncSetlists(ctx, { limit: common.limit, artistIds: artistScope(common), maxPages: params.pages }),
});
