// Shows as iCalendar (RFC 5545), built with ical-generator: one VEVENT per
// show, at the venue's local wall-clock time with TZID and the zone's
// VTIMEZONE (timezones-ical-library, from the IANA database). A show whose
// venue has no known zone is written in UTC; a show with a date but no time
// is an all-day event on its local date. No end time is invented: setlist.fm
// and Ticketmaster give none, so DTEND is left out, as RFC 5545 allows.

// full npm: specifiers: functions deploy unchanged to hosted Supabase, where no deno.json import map applies
// deno-lint-ignore no-import-prefix
import ical, { ICalEventStatus } from "npm:ical-generator@11.1.2";
// deno-lint-ignore no-import-prefix
import { tzlib_get_ical_block } from "npm:timezones-ical-library@2.3.2";
import { knownTimeZone } from "./mappers/timezone.ts";

export interface CalendarShow {
  id: string;
  name: string;
  artist_name: string;
  starts_at: string | null;
  local_date: string | null;
  date_tba: boolean;
  time_tba: boolean;
  status: string;
  venue_name: string | null;
  venue_city: string | null;
  venue_country: string | null;
  venue_timezone: string | null;
  updated_at: string;
}

/** "2026-12-08T21:00:00": the instant's wall-clock time in the zone (what TZID-qualified DTSTART carries). */
export function wallClock(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    }).formatToParts(instant).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === "string" && block[0].startsWith("BEGIN:VTIMEZONE")
    ? block[0]
    : null;
}

/** The calendar: shows without a date (TBA) are left out, there being no day to put them on. */
export function buildCalendar(name: string, shows: CalendarShow[]): string {
  const calendar = ical({ name, prodId: { company: "TheSet", product: "Shows", language: "EN" } });
  calendar.timezone({ name: null, generator: vtimezone } as never);
  for (const show of shows) {
    if (show.date_tba || !show.local_date) continue;
    const zone = knownTimeZone(show.venue_timezone);
    const place = [show.venue_name, show.venue_city, show.venue_country].filter(Boolean).join(", ");
    const timed = show.starts_at !== null && !show.time_tba;
    calendar.createEvent({
      id: `${show.id}@theset`,
      summary: show.name,
      description: `${show.artist_name}${place ? ` at ${place}` : ""}. Predict the setlist on TheSet.`,
      location: place || null,
      stamp: new Date(show.updated_at),
      status: show.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(timed
        ? zone
          ? { start: wallClock(new Date(show.starts_at!), zone), timezone: zone }
          : { start: new Date(show.starts_at!) }
        : { start: show.local_date, allDay: true }),
    });
  }
  return calendar.toString();
}
