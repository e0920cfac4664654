// CORS for functions the SPA calls from the browser. The headers are the ones
// supabase-js sends (authorization, x-client-info, apikey, content-type).

export const corsHeaders: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "authorization, x-client-info, apikey, content-type, x-cron-secret",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
};

/** The answer to a CORS preflight, or null when the request is not one. */
export function preflight(request: Request): Response | null {
  if (request.method !== "OPTIONS") return null;
  return new Response("ok", { status: 200, headers: corsHeaders });
}
