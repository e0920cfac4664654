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
