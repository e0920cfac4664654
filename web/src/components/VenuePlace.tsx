// Where a show was, in a list line: the venue (a link to its page when TheSet
// knows its slug), then its city when known.

import { Link } from "react-router-dom";

export function VenuePlace({ slug, name, city }: { slug: string | null; name: string | null; city: string | null }) {
  return (
    <span>
      {slug ? <Link to={`/venues/${slug}`}>{name}</Link> : name ?? "Venue unknown"}
      {city ? `, ${city}` : ""}
    </span>
  );
}
