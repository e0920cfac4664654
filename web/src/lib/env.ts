// Where the app finds its Supabase project: VITE_SUPABASE_URL and the
// publishable key (or, on a project with legacy keys, the anon key). Kept apart
// from the client (supabase.ts), with no imports, because the boot script
// (app/boot.ts) reads it too before supabase-js has loaded.

export interface SupabaseEnv {
  url: string;
  /** the publishable key (sb_publishable_...) or, on a project with legacy keys, the anon key */
  key: string;
}

export function readSupabaseEnv(env: Record<string, string | undefined> = import.meta.env): SupabaseEnv {
  const url = env.VITE_SUPABASE_URL?.trim();
  const key = env.VITE_SUPABASE_PUBLISHABLE_KEY?.trim() || env.VITE_SUPABASE_ANON_KEY?.trim();
  const missing = [
    !url && "VITE_SUPABASE_URL",
    !key && "VITE_SUPABASE_PUBLISHABLE_KEY (or the legacy VITE_SUPABASE_ANON_KEY)",
  ].filter(Boolean);
  if (missing.length) {
    throw new Error(`${missing.join(" and ")} missing: set them in the project's .env (see .env.example)`);
  }
  try {
    new URL(url!);
  } catch {
    throw new Error(`VITE_SUPABASE_URL=${url} is not a URL`);
  }
  return { url: url!, key: key! };
}
