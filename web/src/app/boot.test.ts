// The boot script (boot.ts): against the real stack it asks for exactly the
// rows the show page's own query asks for, the page takes that answer over
// instead of asking again, and a boot request that failed is asked again.

import { describe, expect, it } from "vitest";
import { waitFor } from "@testing-library/react";
import { renderHookWithApp } from "../../test/render.tsx";
import { appClient, wireFetch } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest } from "../../test/fixtures.ts";
import { SHOW_PAGE_SELECT } from "../data/selects.ts";
import { useShowPageQuery } from "../data/shows.ts";
import { queryKeys } from "../data/keys.ts";
import { bootKeys, leaveBootRequests, takeBootRequest } from "../lib/bootData.ts";
import { preloadPageChunks, startBootRequests } from "./boot.ts";

const DAY = 86_400_000;
let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

async function upcomingShowWithPrediction() {
  const artist = await world.artist({ songs: ["Opening Signal", "Second Wave"] });
  const show = await world.show(artist, await world.venue(), { startsAt: new Date(Date.now() + 30 * DAY) });
  await world.predictedSetlist(show, artist.songs);
  return show;
}

describe("the boot script's requests", () => {
  it("asks for the show page's rows, the same the page's own query gets", async () => {
    const show = await upcomingShowWithPrediction();
    const requests = startBootRequests(`/shows/${show.id}`, import.meta.env, fetch);
    expect(Object.keys(requests)).toEqual([bootKeys.showPage(show.id)]);
    const booted = await requests[bootKeys.showPage(show.id)];
    const { data, error } = await appClient().from("shows").select(SHOW_PAGE_SELECT).eq("id", show.id);
    expect(error).toBeNull();
    expect(booted).toEqual(data);
    expect((booted as { setlists: unknown[] }[])[0].setlists).toHaveLength(1);
  });

  it("asks for nothing on a page it does not serve, for a malformed id, or without the app's settings", () => {
    expect(startBootRequests("/", import.meta.env, fetch)).toEqual({});
    expect(startBootRequests("/shows/not-a-show", import.meta.env, fetch)).toEqual({});
    expect(startBootRequests("/shows/0b7c6f64-65a4-4a8b-8e0e-3f0f6f8b9a11", {}, fetch)).toEqual({});
  });

  it("hands its answer to the show page, which then does not ask the database again", async () => {
    const show = await upcomingShowWithPrediction();
    leaveBootRequests(startBootRequests(`/shows/${show.id}`, import.meta.env, fetch));
    const wire = wireFetch();
    const { result, queryClient } = renderHookWithApp(() => useShowPageQuery(show.id), {
      client: appClient({ fetch: wire.fetch }),
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.id).toBe(show.id);
    expect(wire.sent("/rest/v1/shows")).toHaveLength(0);
    // the prediction came with it, into the setlists' own cache entry
    expect(queryClient.getQueryData(queryKeys.setlists.forShow(show.id))).toMatchObject({
      predicted: { kind: "predicted" },
    });
    // taken once: the next fetch asks the database
    expect(takeBootRequest(bootKeys.showPage(show.id))).toBeUndefined();
    await queryClient.refetchQueries({ queryKey: queryKeys.shows.detail(show.id) });
    expect(wire.sent("/rest/v1/shows")).toHaveLength(1);
  });

  it("hands over a show that does not exist as not found, without asking again", async () => {
    const missing = crypto.randomUUID();
    leaveBootRequests(startBootRequests(`/shows/${missing}`, import.meta.env, fetch));
    const wire = wireFetch();
    const { result } = renderHookWithApp(() => useShowPageQuery(missing), { client: appClient({ fetch: wire.fetch }) });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toBeNull();
    expect(wire.sent("/rest/v1/shows")).toHaveLength(0);
  });

  it("lets the page ask itself when the boot request failed", async () => {
    const show = await upcomingShowWithPrediction();
    const wrongKey = {
      VITE_SUPABASE_URL: import.meta.env.VITE_SUPABASE_URL,
      VITE_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_wrong",
    };
    const failed = startBootRequests(`/shows/${show.id}`, wrongKey, fetch);
    await expect(failed[bootKeys.showPage(show.id)]).rejects.toThrow(/HTTP 401/);
    leaveBootRequests(failed);
    const wire = wireFetch();
    const { result } = renderHookWithApp(() => useShowPageQuery(show.id), { client: appClient({ fetch: wire.fetch }) });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.id).toBe(show.id);
    expect(wire.sent("/rest/v1/shows")).toHaveLength(1);
  });
});

describe("the boot script's preloads", () => {
  it("adds a modulepreload link for each chunk of the opened page's route only", () => {
    const doc = document.implementation.createHTMLDocument("boot");
    const chunks = {
      "/shows/:showId": ["/assets/ShowPage-1.js", "/assets/votes-2.js"],
      "/": ["/assets/HomePage-3.js"],
    };
    preloadPageChunks("/shows/0b7c6f64-65a4-4a8b-8e0e-3f0f6f8b9a11", chunks, doc);
    const links = [...doc.head.querySelectorAll("link")];
    expect(links.map((link) => [link.rel, link.getAttribute("href")])).toEqual([
      ["modulepreload", "/assets/ShowPage-1.js"],
      ["modulepreload", "/assets/votes-2.js"],
    ]);
  });
});
