// Search with import, the import page filling in, the status page, the
// account page and the home page's states, over real supabase-js with a
// stubbed network.

import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import SearchPage from "./SearchPage.tsx";
import ImportPage from "./ImportPage.tsx";
import StatusPage from "./StatusPage.tsx";
import AccountPage from "./AccountPage.tsx";
import HomePage from "./HomePage.tsx";
import { sessionFor, StubBackend, stubClient } from "../../test/backend.ts";
import { renderWithApp } from "../../test/render.tsx";
import { ARTIST, showRow } from "../../test/fixtures.ts";

describe("SearchPage", () => {
  it("finds artists in the database as you type and offers Ticketmaster-only artists for import", async () => {
    const backend = new StubBackend()
      .on("GET", "/rest/v1/artists", { body: [{ ...ARTIST, genres: ["synthpop"] }] })
      .on("GET", "/rest/v1/shows", { body: [] })
      .on("POST", "/functions/v1/ticketmaster", (request) => {
        const body = request.body as { action: string; query?: string; ticketmaster_id?: string };
        if (body.action === "search_artists") {
          return {
            body: {
              artists: [
                {
                  ticketmaster_id: "K8vZ-known",
                  name: ARTIST.name,
                  image_url: null,
                  genres: [],
                  upcoming_events: 3,
                  artist: { id: ARTIST.id, slug: ARTIST.slug, complete: true },
                  import_job_id: null,
                },
                {
                  ticketmaster_id: "K8vZ-new",
                  name: "Synthetic Newcomer",
                  image_url: null,
                  genres: ["indie"],
                  upcoming_events: 5,
                  artist: null,
                  import_job_id: null,
                },
                {
                  ticketmaster_id: "K8vZ-busy",
                  name: "Synthetic Importing",
                  image_url: null,
                  genres: [],
                  upcoming_events: 1,
                  artist: null,
                  import_job_id: 12,
                },
              ],
            },
          };
        }
        return { status: 202, body: { status: "queued", job_id: 77, artist_id: null, slug: null, name: "x" } };
      })
      .on("POST", "/auth/v1/signup", { body: sessionFor({ id: "u1", is_anonymous: true }) });
    const client = stubClient(backend);
    renderWithApp(<SearchPage />, {
      client,
      route: "/search",
      path: "/search",
      extraRoutes: [{ path: "/imports/:jobId", element: <p>import page for job</p> }],
    });
    await userEvent.type(screen.getByLabelText("Search artists and shows"), "synth");

    expect(await screen.findByRole("link", { name: /Synthetic Echoes/ })).toHaveAttribute(
      "href",
      "/artists/synthetic-echoes",
    );
    const [artistQuery] = backend.requestsTo("GET", "/rest/v1/artists");
    expect(artistQuery.url.searchParams.get("name")).toBe("ilike.%synth%");
    expect(backend.requestsTo("POST", "/functions/v1/ticketmaster")[0].body).toEqual({
      action: "search_artists",
      query: "synth",
    });

    expect(screen.getByRole("link", { name: "Importing…" })).toHaveAttribute("href", "/imports/12");
    const newcomer = (await screen.findByText("Synthetic Newcomer")).closest("li")!;
    expect(within(newcomer).getByText("indie · 5 upcoming events")).toBeInTheDocument();
    await userEvent.click(within(newcomer).getByRole("button", { name: "Import Synthetic Newcomer" }));
    expect(await screen.findByText("import page for job")).toBeInTheDocument();
    expect(backend.requestsTo("POST", "/functions/v1/ticketmaster").at(-1)!.body).toEqual({
      action: "import_artist",
      ticketmaster_id: "K8vZ-new",
    });
  });

  it("waits for two characters before asking anyone", async () => {
    const backend = new StubBackend();
    renderWithApp(<SearchPage />, { client: stubClient(backend), route: "/search", path: "/search" });
    await userEvent.type(screen.getByLabelText("Search artists and shows"), "s");
    expect(screen.getByText("Type at least 2 characters.")).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(backend.requests).toHaveLength(0);
  });

  it("shows an import refusal in words and stays on the page", async () => {
    const backend = new StubBackend()
      .on("GET", "/rest/v1/artists", { body: [] })
      .on("GET", "/rest/v1/shows", { body: [] })
      .on(
        "POST",
        "/functions/v1/ticketmaster",
        (request) =>
          (request.body as { action: string }).action === "search_artists"
            ? {
              body: {
                artists: [{
                  ticketmaster_id: "K8",
                  name: "Synthetic Newcomer",
                  image_url: null,
                  genres: [],
                  upcoming_events: null,
                  artist: null,
                  import_job_id: null,
                }],
              },
            }
            : { status: 503, body: { error: "import queue unavailable" } },
      );
    renderWithApp(<SearchPage />, { client: stubClient(backend), route: "/search?q=synthetic", path: "/search" });
    await userEvent.click(await screen.findByRole("button", { name: "Import Synthetic Newcomer" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/Something went wrong/);
  });
});

describe("ImportPage", () => {
  it("shows the job's progress and the artist's page filling in", async () => {
    const backend = new StubBackend()
      .on("POST", "/rest/v1/rpc/import_job_status", {
        body: {
          id: 77,
          kind: "artist_import",
          status: "running",
          attempts: 1,
          artist_id: null,
          progress: { step: "setlists", artist_id: ARTIST.id, shows: 4, songs: 12 },
        },
      })
      .on("GET", "/rest/v1/song_play_stats", { body: [] })
      .on("GET", "/rest/v1/artists", {
        body: [{
          ...ARTIST,
          genres: [],
          ticketmaster_id: "K8",
          spotify_id: null,
          mbid: null,
          shows_synced_at: null,
          songs_synced_at: null,
          setlists_synced_at: null,
        }],
      })
      .on("GET", "/rest/v1/shows", { body: [showRow()] })
      .on("GET", "/rest/v1/songs", {
        body: [{
          id: "s1",
          title: "Landing Song",
          album: "First",
          release_date: "2024-01-01",
          duration_ms: 200000,
          is_live: false,
          is_remix: false,
        }],
      })
      .on("GET", "/rest/v1/setlists", { body: [] });
    renderWithApp(<ImportPage />, { client: stubClient(backend), route: "/imports/77", path: "/imports/:jobId" });
    expect(await screen.findByRole("heading", { level: 2, name: "Importing setlists" })).toBeInTheDocument();
    expect(screen.getByText("4 shows, 12 songs")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("value", "3");
    expect(await screen.findByRole("heading", { level: 1, name: ARTIST.name })).toBeInTheDocument();
    expect(await screen.findByText("Landing Song")).toBeInTheDocument();
    expect(backend.requestsTo("POST", "/rest/v1/rpc/import_job_status")[0].body).toEqual({ job_id: 77 });
    expect(backend.requestsTo("GET", "/rest/v1/artists")[0].url.searchParams.get("id")).toBe(`eq.${ARTIST.id}`);
  });

  it("says an unknown import is unknown, without polling forever", async () => {
    const backend = new StubBackend().on("POST", "/rest/v1/rpc/import_job_status", { body: null });
    renderWithApp(<ImportPage />, { client: stubClient(backend), route: "/imports/404", path: "/imports/:jobId" });
    expect(await screen.findByRole("alert")).toHaveTextContent("There is no such import.");
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(backend.requestsTo("POST", "/rest/v1/rpc/import_job_status")).toHaveLength(1);
  });
});

describe("StatusPage", () => {
  it("shows the state, totals, gaps, freshness, jobs with error rates and charts", async () => {
    const backend = new StubBackend().on("POST", "/rest/v1/rpc/sync_health_summary", {
      body: {
        state: "GOOD",
        coverage: 0.9125,
        reasons: ["coverage 91.3% is below 100%"],
        totals: { artists: 40, shows: 312 },
        gaps: { artists_without_songs: 3 },
        freshness: { last_tour_sync_at: new Date(Date.now() - 3 * 60_000).toISOString(), catalogs_fresh_share: 0.95 },
        jobs: {
          "sync-popular-tours": {
            last_run: { started_at: new Date().toISOString(), status: "ok" },
            runs_24h: 4,
            failed_24h: 0,
          },
          "sync-setlists": {
            last_run: { started_at: new Date().toISOString(), status: "partial" },
            runs_24h: 8,
            failed_24h: 2,
          },
        },
        series: [{ bucket: "2026-03-14T10:00:00Z", runs: 3, failed: 1, items: 120 }],
      },
    });
    renderWithApp(<StatusPage />, { client: stubClient(backend), route: "/status", path: "/status" });
    expect(await screen.findByTestId("health-state")).toHaveTextContent("Good");
    expect(screen.getByText("coverage 91.3%")).toBeInTheDocument();
    expect(screen.getByText("coverage 91.3% is below 100%")).toBeInTheDocument();
    expect(screen.getByText("95.0%")).toBeInTheDocument();
    expect(screen.getByText("Shows")).toBeInTheDocument();
    expect(screen.getByText("312")).toBeInTheDocument();
    expect(screen.getByText("Artists without songs")).toBeInTheDocument();
    expect(screen.getByText("3 minutes ago")).toBeInTheDocument();
    const setlistsRow = screen.getByRole("rowheader", { name: "sync-setlists" }).closest("tr")!;
    expect(within(setlistsRow).getByText("25%")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Sync runs (failed on top)" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Items written" })).toBeInTheDocument();
  });

  it("offers a retry when the document cannot be read, and the retry asks again", async () => {
    let calls = 0;
    const backend = new StubBackend().on("POST", "/rest/v1/rpc/sync_health_summary", () => {
      calls += 1;
      return calls === 1
        ? { status: 404, body: { code: "PGRST202", message: "Could not find the function", details: null, hint: null } }
        : { body: { state: "PERFECT" } };
    });
    renderWithApp(<StatusPage />, { client: stubClient(backend), route: "/status", path: "/status" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong (PGRST202). Try again.");
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByTestId("health-state")).toHaveTextContent("Perfect");
    // the public summary has no per-job section: the page says so instead of inventing one
    expect(screen.getAllByText("Not in the public summary")).toHaveLength(3);
  });
});

describe("AccountPage", () => {
  it("signs in with email and password and signs out again", async () => {
    const backend = new StubBackend()
      .on(
        "POST",
        "/auth/v1/token",
        (request) =>
          (request.body as { password: string }).password === "right password"
            ? { body: sessionFor({ id: "u2", email: "fan@example.test", is_anonymous: false }) }
            : {
              status: 400,
              body: { code: "invalid_credentials", message: "Invalid login credentials" },
              headers: { "X-Supabase-Api-Version": "2024-01-01" },
            },
      )
      .on("POST", "/auth/v1/logout", { status: 204 });
    renderWithApp(<AccountPage />, { client: stubClient(backend), route: "/account", path: "/account" });
    await userEvent.click(await screen.findByRole("button", { name: "I already have an account" }));
    await userEvent.type(screen.getByLabelText("Email"), "fan@example.test");
    await userEvent.type(screen.getByLabelText("Password"), "wrong password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong email or password.");

    await userEvent.clear(screen.getByLabelText("Password"));
    await userEvent.type(screen.getByLabelText("Password"), "right password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("fan@example.test")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByText("You're signed out.")).toBeInTheDocument();
    expect(backend.requestsTo("POST", "/auth/v1/logout")).toHaveLength(1);
  });

  it("refuses a malformed email before sending anything", async () => {
    const backend = new StubBackend();
    renderWithApp(<AccountPage />, { client: stubClient(backend), route: "/account", path: "/account" });
    await userEvent.type(await screen.findByLabelText("Email"), "not-an-email");
    await userEvent.type(screen.getByLabelText("Password"), "long enough");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That email address doesn't look right.");
    expect(backend.requests.filter((r) => r.path.startsWith("/auth/v1"))).toHaveLength(0);
  });
});

describe("HomePage", () => {
  it("shows empty states when nothing is trending and groups upcoming shows by market", async () => {
    const backend = new StubBackend()
      .on("GET", "/rest/v1/trending_shows", { body: [] })
      .on("GET", "/rest/v1/trending_artists", { body: [] })
      .on("GET", "/rest/v1/shows", {
        body: [
          showRow(),
          showRow({
            id: "c0000000-0000-4000-8000-000000000002",
            name: "Other Night",
            venue: { id: "v2", name: "Club", city: "Austin", state: "TX", country: "US", timezone: "America/Chicago" },
          }),
        ],
      });
    renderWithApp(<HomePage />, { client: stubClient(backend), route: "/", path: "/" });
    expect(await screen.findByText("Nothing trending yet")).toBeInTheDocument();
    expect(await screen.findByText("No trending artists yet")).toBeInTheDocument();
    const markets = await screen.findByRole("group", { name: "Market" });
    expect(within(markets).getAllByRole("button").map((b) => b.textContent)).toEqual(["Austin, TX 1", "Berlin, DE 1"]);
    expect(screen.getByRole("list", { name: "Upcoming shows in Austin, TX" })).toHaveTextContent("Other Night");
    await userEvent.click(within(markets).getByRole("button", { name: /Berlin/ }));
    expect(screen.getByRole("list", { name: "Upcoming shows in Berlin, DE" })).toHaveTextContent(
      "Synthetic Echoes Live",
    );
  });
});
