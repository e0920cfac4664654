// The three provider clients wired for one run (or one proxy request): the
// shared per-provider limiter and breaker, this run's CallStats, the database
// cache and daily budget when a database is at hand, and the configured keys.

import type { Sql } from "../db.ts";
import { providerSettings } from "../env.ts";
import { HttpError } from "../json.ts";
import { DbBudget, keyFingerprint } from "../http/budget.ts";
import { DbCache } from "../http/cache.ts";
import { ProviderClient } from "../http/client.ts";
import type { Provider } from "../http/errors.ts";
import { MemoryBudget } from "../http/rate_limiter.ts";
import type { CallStats } from "../http/stats.ts";
import { SetlistfmApi } from "./setlistfm.ts";
import { SpotifyApi } from "./spotify.ts";
import { TicketmasterApi } from "./ticketmaster.ts";

const memoryBudget = new MemoryBudget();

/** A provider the deployment has no key for: a 503 for proxies, a failed run for syncs. */
export class ProviderNotConfigured extends HttpError {
  constructor(provider: string, variables: string) {
    super(503, "provider_not_configured", `${provider} is not configured: set ${variables}`);
  }
}

export interface Providers {
  ticketmaster(): TicketmasterApi;
  spotify(): SpotifyApi;
  setlistfm(): SetlistfmApi;
}

export interface ProviderOptions {
  /** the share of each provider's daily budget these clients may take (the proxies leave a reserve); default 1 */
  budgetShare?: number;
  /** epoch ms by which every call must have ended (a sync run's answer time) */
  deadline?: number;
}

export function providers(stats: CallStats, sql: Sql | null, options: ProviderOptions = {}): Providers {
  const settings = providerSettings();
  const deps = {
    stats,
    cache: sql ? new DbCache(sql) : null,
    budget: sql ? new DbBudget(sql) : memoryBudget,
    budgetShare: options.budgetShare,
    deadline: options.deadline,
  };
  /** The provider's client, its budget counted against the key it is called with (a new key, a new budget). */
  const clientFor = (provider: Provider, key: string) =>
    new ProviderClient(provider, { ...deps, budgetKeyId: keyFingerprint(key) });
  return {
    ticketmaster() {
      const { baseUrl, apiKey } = settings.ticketmaster;
      if (!apiKey) throw new ProviderNotConfigured("Ticketmaster", "TICKETMASTER_API_KEY");
      return new TicketmasterApi(clientFor("ticketmaster", apiKey), baseUrl, apiKey);
    },
    spotify() {
      const { apiBaseUrl, accountsBaseUrl, clientId, clientSecret } = settings.spotify;
      if (!clientId || !clientSecret) {
        throw new ProviderNotConfigured("Spotify", "SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET");
      }
      return new SpotifyApi(clientFor("spotify", clientId), apiBaseUrl, accountsBaseUrl, clientId, clientSecret);
    },
    setlistfm() {
      const { baseUrl, apiKey } = settings.setlistfm;
      if (!apiKey) throw new ProviderNotConfigured("setlist.fm", "SETLISTFM_API_KEY");
      return new SetlistfmApi(clientFor("setlistfm", apiKey), baseUrl, apiKey);
    },
  };
}
