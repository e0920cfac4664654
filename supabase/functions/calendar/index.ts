// Edge function entry: Supabase (and the local function server) serve this file.
import { handler } from "./handler.ts";

Deno.serve(handler);
