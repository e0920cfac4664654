// useShowLive through renderHook, against the real stack's Realtime: another
// fan's cast_vote and suggest_song broadcast on 'show:<id>' and patch the
// cached setlist with no refetch; a malformed broadcast changes nothing; on
// unmount the channel is removed and later broadcasts no longer reach the
// cache. Fans are real users; votes go through cast_vote. Show topics are
// private: a visitor's forged vote_counts, sent by websocket or by the REST
// broadcast endpoint with the anon key, never reaches the page.

import { describe, expect, it } from "vitest";
import type { RealtimeChannel } from "@supabase/supabase-js";
import { waitFor } from "@testing-library/react";
import { renderHookWithApp } from "../../test/render.tsx";
import { appClient, wireFetch } from "../../test/stack.ts";
import { type FixtureWorld, freshWorldEachTest, LIVE_DELIVERY } from "../../test/fixtures.ts";
import type { TheSetClient } from "../lib/supabase.ts";
import { queryKeys } from "./keys.ts";
import { readSupabaseEnv } from "../lib/supabase.ts";
import { showTopic, useShowLive } from "./live.ts";
import { loadRealtime } from "../lib/realtimeOnDemand.ts";
import { useShowSetlistsQuery } from "./setlists.ts";

const SONGS = ["Opening Signal", "Second Wave", "Quiet Static", "Late Encore"];
const LIVE = LIVE_DELIVERY;

let world: FixtureWorld;
freshWorldEachTest((fresh) => (world = fresh));

/** An upcoming show predicted with the first three songs; "Late Encore" is only in the catalog. */
const liveShow = () => world.votableShow(SONGS, 3);

/** What a show page calls for live counts: the setlists and the live subscription. */
function renderLive(client: TheSetClient, showId: string, enabled = true) {
  return renderHookWithApp(() => {
    const setlists = useShowSetlistsQuery(showId, { buildPrediction: false });
    // read while rendering, as the show page does: TanStack Query re-renders for the fields a render read
    const predicted = setlists.data?.predicted ?? null;
    return { setlists, predicted, live: useShowLive(showId, enabled) };
  }, { client });
}

type Live = ReturnType<typeof renderLive>["result"]["current"];

async function renderedLive(client: TheSetClient, showId: string) {
  const rendered = renderLive(client, showId);
  await waitFor(() => {
    expect(rendered.result.current.setlists.isSuccess).toBe(true);
    expect(rendered.result.current.live.status).toBe("live");
  });
  return rendered;
}

function counts(current: Live, songId: string): [number, number] {
  const song = current.predicted?.songs.find((entry) => entry.id === songId);
  if (!song) throw new Error(`song ${songId} is not in the cached prediction`);
  return [song.upvotes, song.downvotes];
}

function titles(current: Live): string[] {
  return current.predicted?.songs.map((song) => song.title) ?? [];
}

function topics(client: TheSetClient): string[] {
  return client.getChannels().map((channel) => channel.topic);
}

describe("useShowLive: live counts and suggestions", () => {
  it("patches a song's counts from another fan's cast_vote without reading the setlist again", async () => {
    const { show, songId } = await liveShow();
    const quietStatic = songId("Quiet Static");
    const wire = wireFetch();
    const client = world.trackClient(appClient({ fetch: wire.fetch }));
    const { result } = await renderedLive(client, show.id);
    expect(topics(client)).toEqual([`realtime:${showTopic(show.id)}`]);
    const setlistReads = () => wire.sent("/rest/v1/setlists").length;
    expect(setlistReads()).toBe(1);

    await world.vote(await world.fan("guest"), quietStatic, 1);
    await waitFor(() => expect(counts(result.current, quietStatic)).toEqual([1, 0]), LIVE);
    await world.vote(await world.fan("guest"), quietStatic, -1);
    await waitFor(() => expect(counts(result.current, quietStatic)).toEqual([1, 1]), LIVE);
    expect(counts(result.current, songId("Opening Signal"))).toEqual([0, 0]);
    expect(setlistReads()).toBe(1);
  });

  it("adds the song another fan suggested to the cached prediction", async () => {
    const { show, setlist, catalogId } = await liveShow();
    const client = world.trackClient(appClient());
    const { result } = await renderedLive(client, show.id);
    expect(titles(result.current)).toEqual(["Opening Signal", "Second Wave", "Quiet Static"]);

    const suggester = await world.fan("email");
    const { data, error } = await suggester.client.rpc("suggest_song", {
      show_id: show.id,
      song_id: catalogId("Late Encore"),
    });
    expect(error).toBeNull();
    await waitFor(() => expect(titles(result.current)).toContain("Late Encore"), LIVE);
    const added = result.current.setlists.data!.predicted!.songs.find((song) => song.title === "Late Encore");
    expect(added).toMatchObject({
      id: (data as { id: string }).id,
      setlist_id: setlist.id,
      song_id: catalogId("Late Encore"),
      position: 4,
      suggested: true,
      upvotes: 0,
      downvotes: 0,
    });
    expect(titles(result.current)).toEqual(["Opening Signal", "Second Wave", "Quiet Static", "Late Encore"]);
  });

  it("ignores a vote_counts broadcast whose counts are not numbers", async () => {
    const { show, songId } = await liveShow();
    const [openingSignal, secondWave] = [songId("Opening Signal"), songId("Second Wave")];
    const client = world.trackClient(appClient());
    const { result } = await renderedLive(client, show.id);

    // sent as cast_vote sends its counts (private), but malformed; a real vote on another song follows
    await world.sql`select realtime.send(${
      world.sql.json({ setlist_song_id: openingSignal, upvotes: "7", downvotes: null })
    }::jsonb, 'vote_counts', ${showTopic(show.id)}, true)`;
    await world.vote(await world.fan("guest"), secondWave, 1);
    await waitFor(() => expect(counts(result.current, secondWave)).toEqual([1, 0]), LIVE);
    expect(counts(result.current, openingSignal)).toEqual([0, 0]);
  });
});

describe("useShowLive: forged broadcasts and the channel's life", () => {
  it("never applies vote_counts a visitor forges on the show topic, by websocket or by REST", async () => {
    const { show, songId } = await liveShow();
    const [openingSignal, secondWave] = [songId("Opening Signal"), songId("Second Wave")];
    const { result } = await renderedLive(world.trackClient(appClient()), show.id);
    const forged = { setlist_song_id: openingSignal, upvotes: 999, downvotes: 0 };

    // the attacker holds only the anon key, as every visitor does
    const attacker = world.trackClient(appClient());
    await loadRealtime(attacker); // the app's clients load realtime on first use
    const joined = (channel: RealtimeChannel) =>
      new Promise<string>((resolve) => channel.subscribe((state) => state !== "CLOSED" && resolve(state)));
    // joining the private topic is allowed (viewers read), sending on it is not: no insert policy
    const privately = attacker.channel(showTopic(show.id), { config: { private: true, broadcast: { ack: true } } });
    expect(await joined(privately)).toBe("SUBSCRIBED");
    expect(await privately.send({ type: "broadcast", event: "vote_counts", payload: forged })).toBe("error");
    // the public channel of the same name still carries what anyone sends, but the page does not listen there
    // (another client: supabase-js hands back the existing channel for a topic it has joined)
    const sender = world.trackClient(appClient());
    await loadRealtime(sender);
    const publicly = sender.channel(showTopic(show.id), {
      config: { broadcast: { ack: true } },
    });
    expect(await joined(publicly)).toBe("SUBSCRIBED");
    expect(await publicly.send({ type: "broadcast", event: "vote_counts", payload: forged })).toBe("ok");
    // the REST endpoint checks the same policies for the caller's key
    const { url, key } = readSupabaseEnv(import.meta.env);
    const rest = await fetch(`${url}/realtime/v1/api/broadcast`, {
      method: "POST",
      headers: { apikey: key, Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        messages: [
          { topic: showTopic(show.id), event: "vote_counts", payload: forged, private: true },
          { topic: showTopic(show.id), event: "vote_counts", payload: forged, private: false },
        ],
      }),
    });
    expect(rest.status).toBe(202);

    // a real vote sent after the forgeries arrives; none of them did
    await world.vote(await world.fan("guest"), secondWave, 1);
    await waitFor(() => expect(counts(result.current, secondWave)).toEqual([1, 0]), LIVE);
    expect(counts(result.current, openingSignal)).toEqual([0, 0]);
  });

  it("removes the channel on unmount, after which broadcasts no longer reach the cache", async () => {
    const { show, songId } = await liveShow();
    const secondWave = songId("Second Wave");
    const client = world.trackClient(appClient());
    const { result, unmount, queryClient } = await renderedLive(client, show.id);
    // a second viewer stays on the page: when it has the broadcast, so would the first have
    const witness = await renderedLive(world.trackClient(appClient()), show.id);

    unmount();
    await waitFor(() => expect(topics(client)).toEqual([]));
    await world.vote(await world.fan("guest"), secondWave, 1);
    await waitFor(() => expect(counts(witness.result.current, secondWave)).toEqual([1, 0]), LIVE);
    // the unmounted viewer's cache entry is still there (no observer yet to collect it), unpatched
    expect(queryClient.getQueryData(queryKeys.setlists.forShow(show.id))).toBe(result.current.setlists.data);
    expect(counts(result.current, secondWave)).toEqual([0, 0]);
  });

  it("joins no channel while disabled", async () => {
    const { show } = await liveShow();
    const client = world.trackClient(appClient());
    const { result } = renderLive(client, show.id, false);
    await waitFor(() => expect(result.current.setlists.isSuccess).toBe(true));
    expect(topics(client)).toEqual([]);
  });
});
