// What every provider's part of the demo dataset shares: the seeded streams,
// day arithmetic and the spellings the fixtures use (fixtures.ts assembles them).

import type { Random } from "../random.ts";

export type Json = Record<string, unknown>;

/** The seeded streams and anchors one dataset is generated from (see generateDataset). */
export interface Streams {
  /** the namespace every provider id starts with */
  ns: string;
  /** midnight UTC of the day the data is anchored on */
  todayMs: number;
  /** a content stream: depends on the seed alone */
  stream: (name: string) => Random;
  /** an id stream: depends on the seed and the namespace */
  idStream: (name: string) => Random;
}

export const DAY = 86_400_000;

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC instant of a wall-clock time in an IANA zone. */
export function zonedToUtc(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm, ss] = time.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm, ss);
  const offset = (utc: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      }).formatToParts(new Date(utc)).map((p) => [p.type, p.value]),
    );
    const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    return asUtc - utc;
  };
  let result = guess - offset(guess);
  const second = offset(result);
  if (guess - second !== result) result = guess - second;
  return result;
}

export function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}-${m}-${y}`;
}

/** Strip accents the way a hurried setlist.fm editor types: "Café" -> "Cafe". */
export function plainSpelling(title: string): string {
  return title.normalize("NFKD").replace(/\p{M}+/gu, "");
}
