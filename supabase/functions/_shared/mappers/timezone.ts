// A venue's IANA time zone when the provider does not give one: looked up from
// its coordinates in @photostructure/tz-lookup (the maintained fork of
// tz-lookup, built from timezone-boundary-builder's boundaries). Pure.

// a full npm: specifier: functions deploy unchanged to hosted Supabase, where no deno.json import map applies
// deno-lint-ignore no-import-prefix
import tzLookup from "npm:@photostructure/tz-lookup@11.7.0";

/** Zone names already asked about: Intl builds a formatter per question (about 0.1 ms), and a page of 200 events names
 * the same few zones again and again. The runtime's zone database does not change while it runs. */
const knownZones = new Map<string, string | null>();

/** The zone name when the runtime knows it (Intl accepts it), else null: a zone nothing can use is no zone. */
export function knownTimeZone(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  if (!trimmed) return null;
  const known = knownZones.get(trimmed);
  if (known !== undefined) return known;
  let answer: string | null;
  try {
    answer = new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone === trimmed
      ? trimmed
      : null;
  } catch {
    answer = null;
  }
  // bounded: names come from providers, so a feed of junk names must not grow the map without end
  if (knownZones.size < 2_000) knownZones.set(trimmed, answer);
  return answer;
}

/** The time zone at a point; null without a point, or at the (0, 0) placeholder some feeds send for "unknown". */
export function timeZoneAt(latitude: number | null | undefined, longitude: number | null | undefined): string | null {
  if (typeof latitude !== "number" || typeof longitude !== "number") return null;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180 || (latitude === 0 && longitude === 0)) return null;
  try {
    // an "Etc/GMT+n" answer is the open-sea fallback: an offset, not a place's zone
    const zone = tzLookup(latitude, longitude);
    return zone.startsWith("Etc/") ? null : knownTimeZone(zone);
  } catch {
    return null;
  }
}
