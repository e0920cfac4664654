import { describe, expect, it } from "vitest";
import { nextCronRun } from "./cron.ts";

const at = (iso: string) => new Date(iso);

describe("nextCronRun", () => {
  it.each([
    // the project's own schedules
    ["*/15 * * * *", "2026-12-06T15:07:30Z", "2026-12-06T15:15:00.000Z"],
    ["0 */6 * * *", "2026-12-06T15:07:00Z", "2026-12-06T18:00:00.000Z"],
    ["30 3 * * *", "2026-12-06T15:07:00Z", "2026-12-07T03:30:00.000Z"],
    ["* * * * *", "2026-12-06T15:07:59Z", "2026-12-06T15:08:00.000Z"],
    ["41 * * * *", "2026-12-06T15:41:00Z", "2026-12-06T16:41:00.000Z"],
    // lists, ranges, months, weekdays (0 and 7 are Sunday), year end
    ["0 9 * * 1-5", "2026-12-05T10:00:00Z", "2026-12-07T09:00:00.000Z"],
    ["0 0 * * 7", "2026-12-06T00:00:00Z", "2026-12-13T00:00:00.000Z"],
    ["5,35 12 1 1 *", "2026-12-06T15:07:00Z", "2027-01-01T12:05:00.000Z"],
    // day of month and day of week both restricted: either matches
    ["0 0 13 * 5", "2026-12-06T00:00:00Z", "2026-12-11T00:00:00.000Z"],
  ])("%s after %s is %s", (schedule, from, expected) => {
    expect(nextCronRun(schedule, at(from))?.toISOString()).toBe(expected);
  });

  it.each(["30 seconds", "@reboot", "61 * * * *", "* * 31 2 *", "a b c d e", "*/0 * * * *"])(
    "%s has no next run it can name",
    (schedule) => {
      expect(nextCronRun(schedule, at("2026-12-06T15:07:00Z"))).toBeNull();
    },
  );
});
