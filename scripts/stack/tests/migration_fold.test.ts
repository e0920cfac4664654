// The migration fold (issue #13) changed where SQL is written, not what
// database it builds: the migrations of the commit that folded them build the
// schema the last commit before the fold built, apart from the differences
// listed below on purpose. Both schemas come from throwaway clusters
// (schema_snapshot.ts, `npm run db:schema-diff -- <revision>` prints the full
// diff), so this runs without the stack and leaves nothing behind.
//
// Both ends are pinned commits, so the proof stays true as the schema moves on
// after the fold; to check a later reshuffle the same way, run
// `npm run db:schema-diff -- <the commit before it>` on the working tree.

import { assertEquals } from "../../test/assert.ts";
import { schemaChanges, schemaOf } from "../schema_snapshot.ts";

/** Just before the fold: amendments still in their own migrations (every branch of the round merged but the fold). */
const PRE_FOLD = "7df9029";
/** The fold merged: every function, view and policy defined in one migration. */
const FOLDED = "aab0762";

/** FOLDED's differences from PRE_FOLD's schema, made on purpose, as schemaChanges prints them. */
const INTENDED_CHANGES: string[] = [
  // issue #13 part 2: the tour writer's last_seen_at refresh interval lives in SQL, read by sync_health and the writer
  "+ CREATE FUNCTION public.show_last_seen_refresh() RETURNS interval",
  "+ ALTER FUNCTION public.show_last_seen_refresh() OWNER TO postgres;",
  "+ COMMENT ON FUNCTION public.show_last_seen_refresh() IS ...",
  "+ REVOKE ALL ON FUNCTION public.show_last_seen_refresh() FROM PUBLIC;",
  "+ GRANT ALL ON FUNCTION public.show_last_seen_refresh() TO service_role;",
  "- CREATE FUNCTION public.sync_health(hours integer DEFAULT 24) RETURNS jsonb",
  "+ CREATE FUNCTION public.sync_health(hours integer DEFAULT 24) RETURNS jsonb",
  // issue #13 part 2: the one catalogue of refusal codes (20261206009000_refusal_codes.sql)
  "+ CREATE TABLE public.refusal_codes (",
  "+ ALTER TABLE ONLY public.refusal_codes",
  "+ ALTER TABLE public.refusal_codes ENABLE ROW LEVEL SECURITY;",
  "+ ALTER TABLE public.refusal_codes OWNER TO postgres;",
  "+ COMMENT ON TABLE public.refusal_codes IS ...",
  '+ CREATE POLICY "refusal codes are readable by everyone" ON public.refusal_codes FOR SELECT TO anon, authenticated USING (true);',
  "+ GRANT ALL ON TABLE public.refusal_codes TO service_role;",
  "+ GRANT SELECT ON TABLE public.refusal_codes TO anon;",
  "+ GRANT SELECT ON TABLE public.refusal_codes TO authenticated;",
];

Deno.test({
  name: "migration fold: the folded migrations build PRE_FOLD's schema, apart from the intended changes",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const [before, after] = await Promise.all([schemaOf(PRE_FOLD, 0), schemaOf(FOLDED, 1)]);
    assertEquals(schemaChanges(before, after), [...INTENDED_CHANGES].sort());
  },
});
