// The database types the SPA uses: the file `npm run db:types` generates from
// the migrations, shared with the edge functions. RPCs that return jsonb are
// typed Json there; their shapes are parsed where they are read (data/*.ts).

import type { Database, Json } from "../../../supabase/functions/_shared/database.types.ts";

export type { Database, Json };
export type TableRow<T extends keyof Database["public"]["Tables"]> = Database["public"]["Tables"][T]["Row"];
export type ShowStatus = Database["public"]["Enums"]["show_status"];
