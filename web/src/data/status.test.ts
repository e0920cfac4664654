// The status page's reading of sync_health_summary() and its percentages:
// pure logic, no backend.

import { describe, expect, it } from "vitest";
import { formatAsOf, formatShare, parseHealthSummary } from "./status.ts";

describe("formatShare", () => {
  it("cuts to one decimal, so less than everything never reads 100%", () => {
    expect(formatShare(0.9999)).toBe("99.9%");
    expect(formatShare(0.99999999)).toBe("99.9%");
    expect(formatShare(1)).toBe("100%");
  });

  it("reads shares whose binary form sits just under the decimal", () => {
    expect(formatShare(0.57)).toBe("57.0%");
    expect(formatShare(0.9125)).toBe("91.2%");
    expect(formatShare(0.0001)).toBe("0.0%");
    expect(formatShare(0)).toBe("0%");
  });
});

describe("parseHealthSummary", () => {
  const document = {
    state: "GOOD",
    coverage: 0.9416,
    reasons: ["coverage 94.1% is below 100%"],
    generated_at: "2026-11-25T10:00:00+00:00",
    counted_at: "2026-11-25T09:59:30+00:00",
    totals: { songs: 12, artists: 3, votes: 0 },
    gaps: { artists_without_songs: 1 },
    freshness: { catalogs_fresh_share: 0.6666, last_tour_sync_at: null, upcoming_seen_by_last_tour_sync_share: null },
    jobs: {
      "sync-setlists": {
        last_run: { started_at: "2026-11-25T09:00:00+00:00", finished_at: null, status: "running" },
        runs_24h: 4,
        ok_24h: 2,
        partial_24h: 0,
        failed_24h: 1,
        item_errors_24h: 5,
      },
      "import-artist": { last_run: { started_at: null, finished_at: null, status: null }, runs_24h: 0 },
    },
    series: [
      { bucket: "2026-11-25T09:00:00+00:00", runs: 2, failed: 1, items: 30 },
      { bucket: "2026-11-25T08:00:00+00:00", runs: 0, failed: 0, items: 0 },
      { runs: 9 },
    ],
  };

  it("reads the public summary's sections", () => {
    const health = parseHealthSummary(document);
    expect(health.state).toBe("good");
    expect(health.countedAt).toBe("2026-11-25T09:59:30+00:00");
    expect(health.totals).toEqual([["artists", 3], ["songs", 12], ["votes", 0]]);
    expect(health.freshness).toEqual({ catalogsFreshShare: 0.6666, upcomingSeenShare: null, lastTourSyncAt: null });
    expect(health.jobs).toEqual([
      { job: "import-artist", lastRun: null, runs: 0, ok: 0, partial: 0, failed: 0, itemErrors: 0, errorRate: 0 },
      {
        job: "sync-setlists",
        lastRun: { startedAt: "2026-11-25T09:00:00+00:00", finishedAt: null, status: "running" },
        runs: 4,
        ok: 2,
        partial: 0,
        failed: 1,
        itemErrors: 5,
        errorRate: 0.25,
      },
    ]);
  });

  it("orders the series by time and drops points without a bucket", () => {
    expect(parseHealthSummary(document).series.map((point) => point.bucket)).toEqual([
      "2026-11-25T08:00:00+00:00",
      "2026-11-25T09:00:00+00:00",
    ]);
  });

  it("says unknown for a state it does not know, and survives a document that is not one", () => {
    expect(parseHealthSummary({ ...document, state: "SPLENDID" }).state).toBe("unknown");
    const empty = parseHealthSummary(null);
    expect(empty).toMatchObject({
      state: "unknown",
      coverage: null,
      countedAt: null,
      jobs: [],
      series: [],
      totals: [],
    });
  });
});

describe("formatAsOf", () => {
  it("gives the census's hours and minutes in the reader's zone", () => {
    expect(formatAsOf("2026-11-25T09:59:30+00:00", "UTC")).toBe("09:59");
    expect(formatAsOf("2026-11-25T23:05:00+00:00", "Europe/Berlin")).toBe("00:05");
    expect(formatAsOf("2026-11-25T21:07:59.9+00:00", "America/New_York")).toBe("16:07");
  });

  it("says nothing rather than guess when there is no census time", () => {
    expect(formatAsOf(null)).toBeNull();
    expect(formatAsOf("not a time")).toBeNull();
  });
});
