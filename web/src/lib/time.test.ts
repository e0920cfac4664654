import { describe, expect, it } from "vitest";
import { formatShowWhen, localDateIn, timeAgo } from "./time.ts";

const show = (overrides: Partial<Parameters<typeof formatShowWhen>[0]> = {}) => ({
  starts_at: "2026-03-15T01:00:00Z",
  local_date: "2026-03-14",
  date_tba: false,
  time_tba: false,
  ...overrides,
});

describe("formatShowWhen", () => {
  it("shows the date and time where the venue is, not where the viewer is", () => {
    // 01:00 UTC on the 15th is 9 PM on the 14th in New York (EDT, UTC-4, from March 8, 2026);
    // Intl puts a narrow no-break space before AM/PM
    expect(formatShowWhen(show(), "America/New_York")).toEqual({
      date: "Sat, Mar 14, 2026",
      time: "9:00\u202fPM",
      zone: "EDT",
      machine: "2026-03-15T01:00:00.000Z",
    });
    expect(formatShowWhen(show(), "Europe/Berlin")).toMatchObject({
      date: "Sun, Mar 15, 2026",
      time: "2:00\u202fAM",
      zone: "GMT+1",
    });
  });

  it("shows the time in UTC, labelled UTC, when the venue has no zone", () => {
    const when = formatShowWhen(show(), null);
    expect(when).toEqual({
      date: "Sun, Mar 15, 2026",
      time: "1:00\u202fAM",
      zone: "UTC",
      machine: "2026-03-15T01:00:00.000Z",
    });
    expect(formatShowWhen(show(), "Mars/Olympus_Mons").zone).toBe("UTC");
  });

  it("ignores a timezone name Intl does not know instead of throwing", () => {
    expect(() => formatShowWhen(show(), "Mars/Olympus_Mons")).not.toThrow();
  });

  it("shows a date without a time as that calendar date, whatever the zone", () => {
    expect(formatShowWhen(show({ starts_at: null, time_tba: true }), "Pacific/Honolulu")).toEqual({
      date: "Sat, Mar 14, 2026",
      time: "Time TBA",
      zone: "",
      machine: "2026-03-14",
    });
  });

  it("says TBA when the date is not known", () => {
    expect(formatShowWhen(show({ starts_at: null, local_date: null, date_tba: true }), "UTC")).toMatchObject({
      date: "Date TBA",
      time: "Time TBA",
    });
  });
});

describe("localDateIn and timeAgo", () => {
  it("gives the calendar date in a zone", () => {
    expect(localDateIn("Asia/Tokyo", new Date("2026-03-14T20:00:00Z"))).toBe("2026-03-15");
    expect(localDateIn("America/Chicago", new Date("2026-03-14T20:00:00Z"))).toBe("2026-03-14");
  });

  it("says how long ago", () => {
    const now = new Date("2026-03-14T12:00:00Z");
    expect(timeAgo("2026-03-14T11:57:00Z", now)).toBe("3 minutes ago");
    expect(timeAgo("2026-03-12T12:00:00Z", now)).toBe("2 days ago");
    expect(timeAgo(null, now)).toBe("never");
  });
});
