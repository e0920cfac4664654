// The database types the SPA uses: database.types.ts, which `npm run db:types`
// generates from the migrations (the same file as the edge functions' copy). RPCs that return jsonb are
// typed Json there; their shapes are parsed where they are read (data/*.ts).

import type { Database, Json } from "./database.types.ts";

export type { Database, Json };
export type TableRow<T extends keyof Database["public"]["Tables"]> = Database["public"]["Tables"][T]["Row"];
export type ShowStatus = Database["public"]["Enums"]["show_status"];
