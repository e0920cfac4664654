// Realtime, loaded on first use. supabase-js builds its realtime client in its
// constructor, so realtime-js and its Phoenix socket (about a sixth of the app's
// initial JavaScript) would arrive and be evaluated before the first paint,
// where nothing needs them: on a phone that is transfer and CPU time in front
// of every page (scripts/bench phone). The build points supabase-js's import
// of "@supabase/realtime-js" at this module (build/realtime-on-demand.ts): its
// RealtimeClient keeps the settings supabase-js gives it and loads the real
// client, in a chunk of its own, when the app first asks (loadRealtime). From
// then on every call goes to the real client unchanged, so supabase-js's token
// handling and the app's channels behave as before.

import type {
  RealtimeChannel,
  RealtimeChannelOptions,
  RealtimeClient as RealRealtimeClient,
  RealtimeClientOptions,
  RealtimeRemoveChannelResponse,
} from "@supabase/realtime-js";

let realtimeModule: Promise<typeof import("@supabase/realtime-js/dist/module/index.js")> | null = null;

/** realtime-js itself (a subpath: the bare name is this module in the build). */
function importRealtime() {
  return realtimeModule ??= import("@supabase/realtime-js/dist/module/index.js");
}

export class RealtimeClient {
  #endpoint: string;
  #options: RealtimeClientOptions | undefined;
  #real: RealRealtimeClient | null = null;
  #loading: Promise<RealRealtimeClient> | null = null;
  /** supabase-js's last setAuth before the real client was there (its sign-in and sign-out events) */
  #pendingAuth: { token: string | null } | null = null;

  constructor(endpoint: string, options?: RealtimeClientOptions) {
    this.#endpoint = endpoint;
    this.#options = options;
  }

  /** Loads the real client (once); what loadRealtime awaits. */
  load(): Promise<RealRealtimeClient> {
    return this.#loading ??= importRealtime().then(({ RealtimeClient: Real }) => {
      const real = new Real(this.#endpoint, this.#options);
      if (this.#pendingAuth) void real.setAuth(this.#pendingAuth.token).catch(() => {});
      this.#real = real;
      return real;
    }).catch((error) => {
      this.#loading = null; // a chunk that failed to arrive may be asked for again
      throw error;
    });
  }

  #loaded(): RealRealtimeClient {
    if (!this.#real) throw new Error("realtime is loaded on first use: await loadRealtime(client) first");
    return this.#real;
  }

  channel(topic: string, params?: RealtimeChannelOptions): RealtimeChannel {
    return this.#loaded().channel(topic, params);
  }

  getChannels(): RealtimeChannel[] {
    return this.#real?.getChannels() ?? [];
  }

  removeChannel(channel: RealtimeChannel): Promise<RealtimeRemoveChannelResponse> {
    return this.#loaded().removeChannel(channel);
  }

  removeAllChannels(): Promise<RealtimeRemoveChannelResponse[]> {
    return this.#real ? this.#real.removeAllChannels() : Promise.resolve([]);
  }

  setAuth(token: string | null = null): Promise<void> {
    if (this.#real) return this.#real.setAuth(token);
    // no channel yet: the real client starts with the latest token (and reads the session itself on connect)
    this.#pendingAuth = { token };
    return Promise.resolve();
  }
}

/**
 * Loads the client's realtime before its first channel. Where supabase-js was built with realtime-js
 * itself (nothing to load), resolves at once.
 */
export async function loadRealtime(client: { realtime: unknown }): Promise<void> {
  const realtime = client.realtime as Partial<Pick<RealtimeClient, "load">>;
  if (typeof realtime.load === "function") await realtime.load.call(realtime);
}
