// "Add to calendar" for a show and "Subscribe" for an artist's shows: links to
// the calendar edge function, which builds the RFC 5545 file (venue time zone
// included) in one place for both. Plain links: no JavaScript needed to save
// an .ics, and calendar apps subscribe to the feed's URL directly.

import { readSupabaseEnv } from "../lib/env.ts";

export function calendarUrl(query: Record<string, string>): string {
  const url = new URL("/functions/v1/calendar", readSupabaseEnv().url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

export function AddToCalendar({ showId, dateKnown }: { showId: string; dateKnown: boolean }) {
  if (!dateKnown) return null;
  return (
    <a className="button button-small" href={calendarUrl({ show: showId })} download>
      Add to calendar
    </a>
  );
}

export function SubscribeToArtist({ slug, name }: { slug: string; name: string }) {
  const https = calendarUrl({ artist: slug });
  // webcal:// opens the fan's calendar app on the subscription rather than downloading a copy
  const webcal = https.replace(/^https?:/, "webcal:");
  return (
    <p className="calendar-links card-meta">
      <a href={webcal}>Subscribe to {name}'s shows</a> in your calendar, or <a href={https}>download the feed</a>.
    </p>
  );
}
