// Environment access for edge functions. On hosted Supabase the platform
// injects SUPABASE_* and `supabase secrets set` adds the rest; locally the
// stack's function server injects the same names. An empty value counts as
// unset, because .env files commonly carry `NAME=` placeholders.

export function env(name: string): string | undefined {
  const value = Deno.env.get(name);
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

export function requireEnv(name: string): string {
  const value = env(name);
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

/** A positive number from the environment, or the fallback when unset. */
export function numberEnv(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} is not a positive number`);
  return value;
}

/** The providers' real hosts; every one can be pointed elsewhere (the demo upstream, a test server). */
export const DEFAULT_BASE_URLS = {
  ticketmaster: "https://app.ticketmaster.com",
  spotifyApi: "https://api.spotify.com",
  spotifyAccounts: "https://accounts.spotify.com",
  setlistfm: "https://api.setlist.fm",
} as const;

export interface ProviderSettings {
  ticketmaster: { baseUrl: string; apiKey: string | undefined };
  spotify: {
    apiBaseUrl: string;
    accountsBaseUrl: string;
    clientId: string | undefined;
    clientSecret: string | undefined;
  };
  setlistfm: { baseUrl: string; apiKey: string | undefined };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

export function providerSettings(): ProviderSettings {
  return {
    ticketmaster: {
      baseUrl: trimSlash(env("TICKETMASTER_BASE_URL") ?? DEFAULT_BASE_URLS.ticketmaster),
      apiKey: env("TICKETMASTER_API_KEY"),
    },
    spotify: {
      apiBaseUrl: trimSlash(env("SPOTIFY_API_BASE_URL") ?? DEFAULT_BASE_URLS.spotifyApi),
      accountsBaseUrl: trimSlash(env("SPOTIFY_ACCOUNTS_BASE_URL") ?? DEFAULT_BASE_URLS.spotifyAccounts),
      clientId: env("SPOTIFY_CLIENT_ID"),
      clientSecret: env("SPOTIFY_CLIENT_SECRET"),
    },
    setlistfm: {
      baseUrl: trimSlash(env("SETLISTFM_BASE_URL") ?? DEFAULT_BASE_URLS.setlistfm),
      apiKey: env("SETLISTFM_API_KEY"),
    },
  };
}
