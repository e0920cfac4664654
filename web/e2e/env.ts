// How the browser and component tests reach the stack: the test harness
// (scripts/test/run.ts) exports the stack's URL and keys to every test process.

export interface StackEnv {
  supabaseUrl: string;
  /** sb_publishable_...: what the app and the tests' clients use */
  publishableKey: string;
  /** sb_secret_...: what the tests' operators (sync runs) use */
  secretKey: string;
  /** the legacy keys, still accepted */
  anonKey: string;
  serviceRoleKey: string;
  dbUrl: string;
}

export function stackEnv(): StackEnv {
  const read = (name: string) => {
    const value = process.env[name];
    if (!value) {
      throw new Error(`${name} is not set: run the tests through \`npm run test:web\` or \`npm run test:e2e\``);
    }
    return value;
  };
  return {
    supabaseUrl: read("SUPABASE_URL"),
    publishableKey: read("SUPABASE_PUBLISHABLE_KEY"),
    secretKey: read("SUPABASE_SECRET_KEY"),
    anonKey: read("SUPABASE_ANON_KEY"),
    serviceRoleKey: read("SUPABASE_SERVICE_ROLE_KEY"),
    dbUrl: read("SUPABASE_DB_URL"),
  };
}

/** A JSON POST to one of the stack's edge functions with `key` (the publishable key, as the SPA sends). */
export function callFunction(name: string, body: unknown, key = stackEnv().publishableKey): Promise<Response> {
  return fetch(`${stackEnv().supabaseUrl}/functions/v1/${name}`, {
    method: "POST",
    headers: { apikey: key, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** What the ticketmaster function answers the search page, asked the same way. */
export async function ticketmasterSearch<Artist>(query: string): Promise<Artist[]> {
  const response = await callFunction("ticketmaster", { action: "search_artists", query });
  if (response.status !== 200) throw new Error(`the ticketmaster search answered ${response.status}`);
  return ((await response.json()) as { artists: Artist[] }).artists;
}
