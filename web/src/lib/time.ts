// Show dates and times are shown in the venue's timezone, whatever the
// viewer's is: "8 PM" on a ticket means 8 PM where the show happens.

export interface ShowTiming {
  starts_at: string | null;
  local_date: string | null;
  date_tba: boolean;
  time_tba: boolean;
}

export interface ShowWhen {
  /** e.g. "Sat, Mar 14, 2026", or "Date TBA" */
  date: string;
  /** e.g. "8:00 PM", or "Time TBA" */
  time: string;
  /** short zone name in force that day, e.g. "CET"; empty when no time is known */
  zone: string;
  /** ISO string for <time dateTime> */
  machine: string | null;
}

/**
 * Intl.DateTimeFormat objects, one per locale, options and zone, made once. Making one is far dearer
 * than using one (it resolves the locale and loads the zone's rules), and every render of a show's
 * date made three: the largest single JavaScript function in a CPU profile of the show page loading
 * on a phone (scripts/bench phone), and again on every card of a list.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, format = new Intl.DateTimeFormat(locale, options));
  return format;
}

/** Zones already checked: a bad one throws when its format is made, and is not cached. */
function validZone(timeZone: string | null | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    dateFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/**
 * A venue with no known zone shows the time in UTC, labelled "UTC": the same for every viewer,
 * and honest about it, rather than the viewer's own zone passed off as the venue's.
 */
export function formatShowWhen(show: ShowTiming, venueTimeZone: string | null | undefined, locale = "en-US"): ShowWhen {
  const timeZone = validZone(venueTimeZone) ?? "UTC";
  if (show.date_tba || (!show.local_date && !show.starts_at)) {
    return { date: "Date TBA", time: "Time TBA", zone: "", machine: null };
  }
  if (show.starts_at && !show.time_tba) {
    const instant = new Date(show.starts_at);
    const date = dateFormat(locale, {
      weekday: "short",
      year: "numeric",
      month: "short",
      day: "numeric",
      timeZone,
    }).format(instant);
    const timeParts = dateFormat(locale, {
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
      timeZone,
    }).formatToParts(instant);
    const zone = timeParts.find((part) => part.type === "timeZoneName")?.value ?? "";
    const time = timeParts
      .filter((part) => part.type !== "timeZoneName")
      .map((part) => part.value)
      .join("")
      .trim();
    return { date, time, zone, machine: instant.toISOString() };
  }
  // a calendar date without a time: format it as that date, never shifted by a zone
  const [year, month, day] = show.local_date!.split("-").map(Number);
  const date = dateFormat(locale, {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, day)));
  return { date, time: "Time TBA", zone: "", machine: show.local_date };
}

/** Today's calendar date (YYYY-MM-DD) in a timezone. */
export function localDateIn(timeZone: string | null | undefined, now: Date): string {
  return dateFormat("en-CA", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    timeZone: validZone(timeZone) ?? "UTC",
  }).format(now);
}

/** "3 minutes ago", "2 days ago": for freshness on the status page. */
export function timeAgo(iso: string | null | undefined, now: Date): string {
  if (!iso) return "never";
  const seconds = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 30],
    ["month", 12],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return format.format(-value, unit);
    value = Math.round(value / size);
  }
  return format.format(-value, "year");
}
