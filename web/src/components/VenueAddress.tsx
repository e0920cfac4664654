// Where a venue is: its street address (Ticketmaster's; setlist.fm gives none),
// postal code and place, and a map link that needs no API key: OpenStreetMap
// at the venue's point when known, else an OpenStreetMap search for the
// address text. A venue without an address says so instead of guessing one.

import type { VenueDetail } from "../data/browse.ts";

type VenueWhere = Pick<
  VenueDetail,
  "name" | "city" | "state" | "country" | "latitude" | "longitude" | "street_address" | "postal_code"
>;

export function venuePlace(venue: Pick<VenueDetail, "city" | "state" | "country">): string {
  return [venue.city, venue.state, venue.country].filter(Boolean).join(", ");
}

/** "12 Main St, 60601 Chicago, IL, US": the address as one line, for a map search. */
export function addressText(venue: VenueWhere): string | null {
  if (!venue.street_address) return null;
  const place = [venue.postal_code, venuePlace(venue)].filter(Boolean).join(" ");
  return [venue.street_address, place].filter(Boolean).join(", ");
}

/** OpenStreetMap at the venue's point, else a search for its address, else for its name and place. */
export function mapLink(venue: VenueWhere): { href: string; label: string } {
  if (venue.latitude !== null && venue.longitude !== null) {
    const { latitude: lat, longitude: lon } = venue;
    return {
      href: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`,
      label: "Open the map (OpenStreetMap)",
    };
  }
  const query = addressText(venue) ?? [venue.name, venuePlace(venue)].filter(Boolean).join(", ");
  return {
    href: `https://www.openstreetmap.org/search?query=${encodeURIComponent(query)}`,
    label: "Search the map (OpenStreetMap)",
  };
}

export function VenueAddress({ venue }: { venue: VenueWhere }) {
  const map = mapLink(venue);
  const place = venuePlace(venue);
  return (
    <div className="venue-address" role="group" aria-label="Address">
      <address>
        {venue.street_address ? <span className="street">{venue.street_address}</span> : null}
        <span>{[venue.postal_code, place || "Place unknown"].filter(Boolean).join(" ")}</span>
      </address>
      {venue.street_address ? null : <p className="hint">No street address is known for this venue yet.</p>}
      <a href={map.href} target="_blank" rel="noreferrer">{map.label}</a>
    </div>
  );
}
