// A hosted project is deployed one release at a time: each `supabase db push`
// is a new connection that applies only the migrations it has not seen. A
// migration that leans on what an earlier one left in the session (pg_trgm's
// library loaded, so that `set pg_trgm.*` on a function can be checked by a
// non-superuser postgres) passes in a full push and fails there. This builds
// the schema with every migration in a session of its own, as postgres, and
// holds it equal to the full push's.

import { assertEquals } from "../../test/assert.ts";
import { schemaChanges, schemaOf } from "../schema_snapshot.ts";

Deno.test({
  name: "migrations: each applies in a session of its own, and together they build the full push's schema",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const [pushed, oneByOne] = await Promise.all([schemaOf(null, 0), schemaOf(null, 1, true)]);
    assertEquals(schemaChanges(pushed, oneByOne), []);
  },
});
