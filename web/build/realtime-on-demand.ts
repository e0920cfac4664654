// Points supabase-js's import of "@supabase/realtime-js" at the app's
// on-demand realtime client (src/lib/realtimeOnDemand.ts), which loads the real
// realtime-js in a chunk of its own when the app first opens a channel. Used
// by the app's build and by the web tests (so they run the same client).

import { fileURLToPath } from "node:url";
import type { Alias } from "vite";

export const realtimeOnDemandAlias: Alias = {
  // the bare name only: the on-demand module imports the real one by its subpath
  find: /^@supabase\/realtime-js$/,
  replacement: fileURLToPath(new URL("../src/lib/realtimeOnDemand.ts", import.meta.url)),
};
