// The browser tests run against demo data: what the sync functions put in the
// database from the synthetic upstream. When the database has no shows yet,
// this runs the same syncs `npm start` runs, through the gateway, and waits.

import type { StackEnv } from "./env.ts";

export async function ensureDemoData(_env: StackEnv): Promise<void> {
  // filled in once the sync functions are on main
}
