// The app's realtime client, loaded on first use (realtimeOnDemand.ts): the
// client supabase-js builds holds no realtime-js until the app asks for it,
// then is realtime-js's own client with supabase-js's settings and the latest
// token. That it still carries the live counts is live.test.tsx's business
// (it goes through this client) and the browser tests' (fans.e2e.test.ts).

import { describe, expect, it } from "vitest";
import { RealtimeClient as RealRealtimeClient } from "@supabase/realtime-js/dist/module/index.js";
import { appClient } from "../../test/stack.ts";
import { readSupabaseEnv } from "./supabase.ts";
import { loadRealtime, RealtimeClient } from "./realtimeOnDemand.ts";

describe("realtime on demand", () => {
  it("is the realtime client supabase-js builds for the app; before it is loaded it opens no channel", async () => {
    const client = appClient();
    expect(client.realtime).toBeInstanceOf(RealtimeClient);
    expect(client.getChannels()).toEqual([]);
    expect(() => client.channel("show:anything")).toThrow(/await loadRealtime\(client\) first/);
    await expect(client.removeAllChannels()).resolves.toEqual([]);
  });

  it("loads realtime-js once, with supabase-js's endpoint, key and transport, and the token it was given", async () => {
    const client = appClient();
    const onDemand = client.realtime as unknown as RealtimeClient;
    await client.realtime.setAuth("a-token-before-loading");
    await loadRealtime(client);
    const real = await onDemand.load();
    expect(real).toBeInstanceOf(RealRealtimeClient);
    expect(await onDemand.load()).toBe(real);
    const { url, key } = readSupabaseEnv(import.meta.env);
    expect(real.endPoint).toBe(`${url.replace(/^http/, "ws")}/realtime/v1/websocket`);
    expect(real.apiKey).toBe(key);
    await expect.poll(() => real.accessTokenValue).toBe("a-token-before-loading");

    // from now on the calls are realtime-js's own
    const channel = client.channel("show:on-demand-test");
    expect(channel.topic).toBe("realtime:show:on-demand-test");
    expect(client.getChannels()).toEqual([channel]);
    await client.removeChannel(channel);
    expect(client.getChannels()).toEqual([]);
  });
});
