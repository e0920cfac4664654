// The show page with the real supabase-js client over a stubbed network:
// ranking, optimistic votes and their rollback, the sign-up prompt that keeps
// the guest's vote, live counts and suggestions, and closed voting.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import ShowPage from "./ShowPage.tsx";
import { refusal, sessionFor, StubBackend, stubClient } from "../../test/backend.ts";
import { FakePhoenixSocket } from "../../test/phoenix.ts";
import { renderWithApp } from "../../test/render.tsx";
import { PREDICTED_SONGS, predictedSetlistRow, SETLIST_ID, SHOW_ID, showRow } from "../../test/fixtures.ts";

const GUEST_ID = "99999999-0000-4000-8000-000000000001";

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function showBackend(options: { show?: Record<string, unknown>; setlists?: unknown[] } = {}) {
  return new StubBackend()
    .on("GET", "/rest/v1/shows", { body: [options.show ?? showRow()] })
    .on("GET", "/rest/v1/setlists", { body: options.setlists ?? [predictedSetlistRow()] })
    .on("GET", "/rest/v1/votes", { body: [] })
    .on("POST", "/rest/v1/rpc/record_view", { status: 204 })
    .on("POST", "/auth/v1/signup", { body: sessionFor({ id: GUEST_ID, is_anonymous: true }) });
}

function rowOf(title: string): HTMLElement {
  const predicted = screen.getByRole("list", { name: /Predicted setlist/ });
  return within(predicted).getByText(title).closest("li")!;
}

function countsOf(title: string): [number, number] {
  const row = within(rowOf(title));
  return [Number(row.getByTestId("upvotes").textContent), Number(row.getByTestId("downvotes").textContent)];
}

function renderShow(backend: StubBackend) {
  const client = stubClient(backend, { realtimeTransport: FakePhoenixSocket });
  return renderWithApp(<ShowPage />, { client, route: `/shows/${SHOW_ID}`, path: "/shows/:showId" });
}

beforeEach(() => FakePhoenixSocket.reset());
afterEach(() => FakePhoenixSocket.reset());

describe("ShowPage", () => {
  it("shows venue, venue-local time and the prediction ranked by votes", async () => {
    renderShow(showBackend({ show: showRow({ starts_at: "2099-06-01T18:30:00Z", local_date: "2099-06-01" }) }));
    expect(await screen.findByRole("heading", { level: 1, name: "Synthetic Echoes Live" })).toBeInTheDocument();
    expect(screen.getByText("Test Hall · Berlin, DE")).toBeInTheDocument();
    // 18:30 UTC is 20:30 in Berlin in June (CEST)
    expect(screen.getByText(/Mon, Jun 1, 2099 · 8:30\sPM GMT\+2/)).toBeInTheDocument();
    const list = await screen.findByRole("list", { name: /Predicted setlist/ });
    expect(within(list).getAllByRole("listitem").map((li) => li.querySelector(".setlist-title")!.textContent)).toEqual([
      "Second Wave",
      "Opening Signal",
      "Quiet Static",
    ]);
    expect(screen.getByText("Voting is open until the show starts.")).toBeInTheDocument();
  });

  it("signs a visitor in as a guest, counts the vote at once, then keeps the server's counts", async () => {
    const answer = deferred<void>();
    const backend = showBackend().on("POST", "/rest/v1/rpc/cast_vote", async (request) => {
      await answer.promise;
      return {
        body: {
          setlist_song_id: (request.body as { setlist_song_id: string }).setlist_song_id,
          upvotes: 7,
          downvotes: 0,
          my_vote: 1,
        },
      };
    });
    renderShow(backend);
    const button = await screen.findByRole("button", { name: "Vote up Quiet Static" });
    await userEvent.click(button);

    await waitFor(() => expect(countsOf("Quiet Static")).toEqual([1, 0]));
    expect(backend.requestsTo("POST", "/auth/v1/signup")).toHaveLength(1);
    const [vote] = backend.requestsTo("POST", "/rest/v1/rpc/cast_vote");
    expect(vote.body).toEqual({ setlist_song_id: PREDICTED_SONGS[2].id, value: 1 });
    expect(vote.headers.get("authorization")).toMatch(/^Bearer ey/);

    answer.resolve();
    await waitFor(() => expect(countsOf("Quiet Static")).toEqual([7, 0]));
    expect(screen.getByRole("button", { name: "Vote up Quiet Static" })).toHaveAttribute("aria-pressed", "true");
    // clicking again takes the vote back
    backend.on("POST", "/rest/v1/rpc/cast_vote", {
      body: { setlist_song_id: PREDICTED_SONGS[2].id, upvotes: 6, downvotes: 0, my_vote: 0 },
    });
    await userEvent.click(screen.getByRole("button", { name: "Vote up Quiet Static" }));
    await waitFor(() => expect(countsOf("Quiet Static")).toEqual([6, 0]));
    expect(backend.requestsTo("POST", "/rest/v1/rpc/cast_vote").at(-1)!.body).toMatchObject({ value: 0 });
    expect(screen.getByRole("button", { name: "Vote up Quiet Static" })).toHaveAttribute("aria-pressed", "false");
  });

  it("rolls a refused vote back and says why", async () => {
    const backend = showBackend().on("POST", "/rest/v1/rpc/cast_vote", refusal("voting_closed"));
    renderShow(backend);
    await userEvent.click(await screen.findByRole("button", { name: "Vote down Opening Signal" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Voting is closed: this show has started.");
    expect(countsOf("Opening Signal")).toEqual([2, 0]);
    expect(screen.getByRole("button", { name: "Vote down Opening Signal" })).toHaveAttribute("aria-pressed", "false");
  });

  it("asks a guest for an account on guest_vote_limit, upgrades the same user and retries the vote", async () => {
    let votes = 0;
    const backend = showBackend()
      .on("POST", "/rest/v1/rpc/cast_vote", (request) => {
        votes += 1;
        const id = (request.body as { setlist_song_id: string }).setlist_song_id;
        // the first try is refused; after the upgrade the same vote goes through
        return votes === 1
          ? refusal("guest_vote_limit")
          : { body: { setlist_song_id: id, upvotes: 6, downvotes: 1, my_vote: 1 } };
      })
      .on("PUT", "/auth/v1/user", (request) => ({
        body: {
          ...sessionFor({ id: GUEST_ID, email: (request.body as { email: string }).email, is_anonymous: false }).user,
        },
      }))
      .on("POST", "/auth/v1/token", {
        body: sessionFor({ id: GUEST_ID, email: "fan@example.test", is_anonymous: false }),
      });
    renderShow(backend);
    await userEvent.click(await screen.findByRole("button", { name: "Vote up Second Wave" }));

    const dialog = await screen.findByRole("dialog", { name: "Create your free account" });
    expect(dialog).toHaveTextContent("Guests get one vote.");
    // rolled back while the fan decides
    expect(countsOf("Second Wave")).toEqual([5, 1]);

    await userEvent.type(within(dialog).getByLabelText("Email"), "fan@example.test");
    await userEvent.type(within(dialog).getByLabelText("Password"), "correct horse");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create account" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    await waitFor(() => expect(countsOf("Second Wave")).toEqual([6, 1]));
    const [upgrade] = backend.requestsTo("PUT", "/auth/v1/user");
    expect(upgrade.body).toMatchObject({ email: "fan@example.test", password: "correct horse" });
    expect(backend.requestsTo("POST", "/auth/v1/token")[0].url.searchParams.get("grant_type")).toBe("refresh_token");
    expect(backend.requestsTo("POST", "/auth/v1/signup")).toHaveLength(1);
    expect(votes).toBe(2);
  });

  it("moves counts and adds suggestions live from the show's broadcast topic, and leaves it on unmount", async () => {
    const { unmount } = renderShow(showBackend());
    await screen.findByText("Quiet Static");
    await waitFor(() => expect(FakePhoenixSocket.joinedAnywhere(`show:${SHOW_ID}`)).toBe(true));
    await waitFor(() => expect(screen.getByText("Live")).toBeInTheDocument());
    const socket = FakePhoenixSocket.instances[0];

    act(() =>
      socket.broadcast(`show:${SHOW_ID}`, "vote_counts", {
        setlist_song_id: PREDICTED_SONGS[2].id,
        upvotes: 9,
        downvotes: 2,
      })
    );
    await waitFor(() => expect(countsOf("Quiet Static")).toEqual([9, 2]));
    expect(screen.getByText("Quiet Static: 9 up, 2 down")).toBeInTheDocument();
    // now the most voted
    const first = within(screen.getByRole("list", { name: /Predicted setlist/ })).getAllByRole("listitem")[0];
    expect(first).toHaveTextContent("Quiet Static");

    act(() =>
      socket.broadcast(`show:${SHOW_ID}`, "setlist_song_added", {
        id: "f0000000-0000-4000-8000-000000000009",
        setlist_id: SETLIST_ID,
        song_id: "e0000000-0000-4000-8000-000000000009",
        title: "Fresh Suggestion",
        position: 4,
        suggested: true,
      })
    );
    expect(await screen.findByText("Fresh Suggestion")).toBeInTheDocument();

    unmount();
    await waitFor(() => expect(FakePhoenixSocket.joinedAnywhere(`show:${SHOW_ID}`)).toBe(false));
  });

  it("closes voting on an open page when the show starts", async () => {
    const startsAt = new Date(Date.now() + 1_500).toISOString();
    renderShow(showBackend({ show: showRow({ starts_at: startsAt, local_date: startsAt.slice(0, 10) }) }));
    expect(await screen.findByRole("button", { name: "Vote up Quiet Static" })).toBeEnabled();
    await waitFor(() => expect(screen.getByRole("button", { name: "Vote up Quiet Static" })).toBeDisabled(), {
      timeout: 3_000,
    });
    expect(screen.getByText("Voting is closed: this show has started.")).toBeInTheDocument();
  });

  it("keeps the keyboard in the sign-up prompt and gives focus back when it closes", async () => {
    const backend = showBackend().on("POST", "/rest/v1/rpc/cast_vote", refusal("guest_vote_limit"));
    renderShow(backend);
    const button = await screen.findByRole("button", { name: "Vote up Opening Signal" });
    await userEvent.click(button);
    const dialog = await screen.findByRole("dialog", { name: "Create your free account" });
    await waitFor(() => expect(within(dialog).getByLabelText("Email")).toHaveFocus());
    // Tab from the last control wraps to the first
    within(dialog).getByRole("button", { name: "Not now" }).focus();
    await userEvent.tab();
    expect(within(dialog).getByLabelText("Email")).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(screen.getByRole("button", { name: "Vote up Opening Signal" })).toHaveFocus();
  });

  it("closes voting once the show has started", async () => {
    const backend = showBackend({ show: showRow({ starts_at: "2020-01-01T20:00:00Z", local_date: "2020-01-01" }) });
    renderShow(backend);
    expect(await screen.findByText("Voting is closed: this show has started.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Vote up Quiet Static" })).toBeDisabled();
    expect(screen.queryByRole("heading", { name: "Suggest a song" })).not.toBeInTheDocument();
  });

  it("asks for a prediction to be built before the show and says when it is on its way", async () => {
    const backend = showBackend({ setlists: [] }).on("POST", "/rest/v1/rpc/ensure_predicted_setlist", { body: null });
    renderShow(backend);
    expect(await screen.findByText(/Fetching Synthetic Echoes's catalog/)).toBeInTheDocument();
    expect(backend.requestsTo("POST", "/rest/v1/rpc/ensure_predicted_setlist")[0].body).toEqual({ show_id: SHOW_ID });
  });

  it("after the show, sets the actual setlist beside the prediction with its score", async () => {
    const actualSongs = [
      { ...PREDICTED_SONGS[1], id: "g1", setlist_id: "actual", position: 1 },
      { ...PREDICTED_SONGS[0], id: "g2", setlist_id: "actual", position: 2, song_id: null, title: "Unreleased Jam" },
    ];
    const backend = showBackend({
      show: showRow({ starts_at: "2020-01-01T20:00:00Z", local_date: "2020-01-01", status: "completed" }),
      setlists: [
        predictedSetlistRow(PREDICTED_SONGS, { locked_at: "2020-01-02T00:00:00Z" }),
        { id: "actual", kind: "actual", locked_at: null, show_id: SHOW_ID, songs: actualSongs },
      ],
    }).on("GET", "/rest/v1/prediction_scores", {
      body: [{ score: 63, matched_songs: 1, predicted_songs: 3, played_songs: 1 }],
    });
    renderShow(backend);
    expect(await screen.findByRole("heading", { name: "What was played" })).toBeInTheDocument();
    expect(screen.getByText(/prediction score/).closest("p")).toHaveTextContent(
      "63/ 100 prediction score1 of 1 songs played were predicted (3 predicted)",
    );
    expect(backend.requestsTo("GET", "/rest/v1/prediction_scores")[0].url.searchParams.get("show_id")).toBe(
      `eq.${SHOW_ID}`,
    );
    expect(within(screen.getByRole("list", { name: "Actual setlist" })).getAllByRole("listitem")).toHaveLength(2);
    expect(within(rowOf("Second Wave")).getByText("played")).toBeInTheDocument();
    expect(screen.getByText(/The prediction is locked/)).toBeInTheDocument();
    expect(backend.requestsTo("POST", "/rest/v1/rpc/ensure_predicted_setlist")).toHaveLength(0);
  });

  it("says a show is not found for a bad id without asking the database", async () => {
    const backend = showBackend();
    const client = stubClient(backend, { realtimeTransport: FakePhoenixSocket });
    renderWithApp(<ShowPage />, { client, route: "/shows/not-a-uuid", path: "/shows/:showId" });
    expect(await screen.findByText("Show not found")).toBeInTheDocument();
    expect(backend.requestsTo("GET", "/rest/v1/shows")).toHaveLength(0);
  });
});
