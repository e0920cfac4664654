// refusalCode: the functions branch on a database refusal's stable code (P0001, code as message), never on
// other errors' wording, against the real database.

import { assertEquals } from "../../../scripts/test/assert.ts";
import { closeSql, getSql, refusalCode } from "../_shared/db.ts";

Deno.test("refusalCode reads the code of a P0001 refusal from the database, and nothing else", async () => {
  const sql = getSql();
  try {
    const refused = await sql`select public.request_artist_import(${"user:x"}, ${"tm:x"}, ${"{}"}::jsonb, null, 0)`
      .then(() => null, (error) => error);
    assertEquals(refusalCode(refused), "invalid_quota");
    const other = await sql`select 1 / 0`.then(() => null, (error) => error);
    assertEquals(refusalCode(other), null, "a division by zero is not a refusal");
    assertEquals(refusalCode({ code: "P0001", message: "Something went wrong here" }), null, "prose is no code");
    assertEquals(refusalCode(null), null);
  } finally {
    await closeSql();
  }
});
